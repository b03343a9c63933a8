#include "storage/ledger_store.h"

#include <filesystem>

#include "gtest/gtest.h"
#include "storage/balance_merge.h"
#include "storage/codec.h"
#include "storage/journal_codec.h"
#include "storage/ledger_keys.h"
#include "storage/ledger_test_postings.h"

namespace interco::storage {
namespace {

using LedgerStoreTest = LedgerStoreFixture;

TEST_F(LedgerStoreTest, AppendsAChainAndReadsItBack) {
  auto first = store_->Append({Pending("r1", "100"), Pending("r2", "250.5")});
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->size(), 2u);
  EXPECT_EQ((*first)[0].sequence, 1u);
  EXPECT_EQ((*first)[1].previous_hash, (*first)[0].hash);
  EXPECT_EQ(store_->head().sequence, 2u);
  auto entry = store_->Get(2);
  ASSERT_TRUE(entry.ok());
  EXPECT_EQ(entry->request_id, "r2");
  EXPECT_TRUE(entry->posting == Pending("r2", "250.5").posting);
  EXPECT_EQ(entry->hash, (*first)[1].hash);
  EXPECT_EQ(store_->Get(3).status().code(), absl::StatusCode::kNotFound);
  auto request = store_->FindRequest("r1");
  ASSERT_TRUE(request.ok() && request->has_value());
  EXPECT_EQ((*request)->sequence, 1u);
  EXPECT_EQ((*request)->fingerprint, "fp-r1");
  EXPECT_FALSE(store_->FindRequest("r9")->has_value());
}

TEST_F(LedgerStoreTest, SurvivesReopenAndContinuesTheChain) {
  ASSERT_TRUE(store_->Append({Pending("r1", "100")}).ok());
  const ledger::Hash hash = store_->head().hash;
  Reopen();
  EXPECT_EQ(store_->head().sequence, 1u);
  EXPECT_EQ(store_->head().hash, hash);
  auto next = store_->Append({Pending("r2", "5")});
  ASSERT_TRUE(next.ok());
  EXPECT_EQ((*next)[0].previous_hash, hash);
  auto verification = store_->Verify({});
  ASSERT_TRUE(verification.ok());
  EXPECT_TRUE(verification->ok) << verification->problem;
  EXPECT_EQ(verification->entries_checked, 2u);
}

TEST_F(LedgerStoreTest, ListsAnEntitysEntriesByPeriodWithPages) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(
        store_->Append({Pending("r" + std::to_string(i), "1", i < 3 ? "2024-05" : "2024-06")})
            .ok());
  }
  std::string next;
  auto page = store_->List("A", std::nullopt, nullptr, "", 2, &next);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].sequence, 1u);
  std::vector<uint64_t> all = {1, 2};
  while (!next.empty()) {
    const std::string after = next;
    page = store_->List("A", std::nullopt, nullptr, after, 2, &next);
    ASSERT_TRUE(page.ok());
    for (const auto& entry : *page) all.push_back(entry.sequence);
  }
  EXPECT_EQ(all, (std::vector<uint64_t>{1, 2, 3, 4, 5}));
  page = store_->List("B", ledger::Period::Parse("p", "2024-06").value(), nullptr, "", 10, &next);
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].sequence, 4u);
  EXPECT_TRUE(next.empty());
  EXPECT_TRUE(store_->List("NOPE", std::nullopt, nullptr, "", 10, &next)->empty());
}

TEST_F(LedgerStoreTest, VerifyNamesTheFirstTamperedEntry) {
  ASSERT_TRUE(store_->Append({Pending("r1", "100"), Pending("r2", "7"), Pending("r3", "9")}).ok());
  ASSERT_TRUE(store_->Verify({})->ok);
  ASSERT_TRUE(store_->CorruptForTesting(2, 20).ok());
  auto verification = store_->Verify({});
  ASSERT_TRUE(verification.ok());
  EXPECT_FALSE(verification->ok);
  EXPECT_EQ(verification->first_broken_sequence, 2u);
  EXPECT_EQ(verification->entries_checked, 1u);
}

TEST_F(LedgerStoreTest, BalancesAtTheHeadEqualTheJournalScannedToTheHead) {
  ASSERT_TRUE(store_->Append({Pending("r1", "100"), Pending("r2", "7.5")}).ok());
  ASSERT_TRUE(store_->Append({Pending("r3", "1", "2024-07")}).ok());
  auto head = store_->Balances(std::nullopt);
  auto scanned = store_->Balances(uint64_t{2});
  ASSERT_TRUE(head.ok() && scanned.ok());
  EXPECT_EQ(head->sequence, 3u);
  EXPECT_EQ(scanned->sequence, 2u);
  ASSERT_EQ(head->balances.size(), 8u);  // 4 accounts in June, 4 in July.
  EXPECT_EQ(head->balances[0].entity_id, "A");
  EXPECT_EQ(head->balances[0].account, "1310");
  EXPECT_EQ(head->balances[0].functional.ToString(), "107.5");
  ASSERT_EQ(scanned->balances.size(), 4u);
  EXPECT_EQ(scanned->balances[0].functional.ToString(), "107.5");
  EXPECT_EQ(scanned->hash, store_->Get(2)->hash);
  auto at_head = store_->Balances(uint64_t{3});
  ASSERT_TRUE(at_head.ok());
  EXPECT_EQ(at_head->balances.size(), head->balances.size());
  EXPECT_EQ(store_->Balances(uint64_t{4}).status().code(), absl::StatusCode::kInvalidArgument);
}

// Issue 24: a running balance is a sum the books hold; one that would leave Decimal's range
// wrapped (int128 +=, undefined) and served a wrong figure. The write is refused, naming
// the balance, and nothing of it is written.
TEST_F(LedgerStoreTest, ARunningBalanceBeyondTheExactRangeRefusesTheWriteNamingIt) {
  ASSERT_TRUE(store_->Append({Pending("r1", "100000000000000000000")}).ok());  // 1e20.
  const absl::Status refused = store_->Append({Pending("r2", "100000000000000000000")}).status();
  EXPECT_EQ(refused.code(), absl::StatusCode::kOutOfRange) << refused;
  // Which of the posting's four balances is named first depends on hashing.
  EXPECT_NE(refused.message().find(" 2024-06 "), std::string::npos) << refused;
  EXPECT_NE(refused.message().find("would exceed the exact range"), std::string::npos) << refused;
  EXPECT_EQ(store_->CurrentHead().sequence, 1u);
  Reopen();  // And after a start, from the stored value.
  EXPECT_EQ(store_->Append({Pending("r2", "100000000000000000000")}).status().code(),
            absl::StatusCode::kOutOfRange);
  auto balances = store_->Balances(std::nullopt);
  ASSERT_TRUE(balances.ok()) << balances.status();
  EXPECT_EQ(balances->balances[0].functional.ToString(), "100000000000000000000");
}

TEST_F(LedgerStoreTest, BalancesContinueFromTheStoredValueAfterAStartAndFromOldMergeOperands) {
  ASSERT_TRUE(store_->Append({Pending("r1", "100")}).ok());
  // A ledger written before balances were stored whole holds merge operands: one more,
  // then a start, which reads the stored values with their operands folded.
  ASSERT_TRUE(
      database_->db()
          ->Merge({}, database_->family(Family::kBalances),
                  BalanceKey(Line("A", "1310", ledger::Side::kDebit, "0.5")),
                  EncodeBalance({Decimal::Parse("0.5")->raw(), Decimal::Parse("0.5")->raw()}))
          .ok());
  Reopen();
  ASSERT_TRUE(store_->Append({Pending("r2", "7")}).ok());
  ASSERT_TRUE(store_->Append({Pending("r3", "2"), Pending("r4", "3")}).ok());
  auto head = store_->Balances(std::nullopt);
  ASSERT_TRUE(head.ok()) << head.status();
  ASSERT_EQ(head->balances.size(), 4u);
  EXPECT_EQ(head->balances[0].account, "1310");
  EXPECT_EQ(head->balances[0].functional.ToString(), "112.5");
  EXPECT_EQ(head->balances[1].account, "4010");
  EXPECT_EQ(head->balances[1].functional.ToString(), "-112");
  // And the journal, scanned, agrees with the stored values.
  auto scanned = store_->Balances(uint64_t{4});
  ASSERT_TRUE(scanned.ok());
  EXPECT_EQ(scanned->balances[1].functional.ToString(), "-112");
}

TEST(JournalCodecTest, RoundTripsAndRejectsTruncation) {
  ledger::JournalEntry entry;
  entry.sequence = 7;
  entry.request_id = "r7";
  entry.posting = Pending("r7", "12.34").posting;
  entry.posting.reverses = 3;
  entry.hash[0] = 1;
  entry.previous_hash[31] = 2;
  const std::string value = EncodeJournalValue(entry);
  auto decoded = DecodeJournalValue(7, value);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_TRUE(decoded->posting == entry.posting);
  EXPECT_EQ(decoded->hash, entry.hash);
  EXPECT_EQ(decoded->previous_hash, entry.previous_hash);
  for (size_t cut = 0; cut < value.size(); cut += 7) {
    EXPECT_EQ(DecodeJournalValue(7, value.substr(0, cut)).status().code(),
              absl::StatusCode::kDataLoss);
  }
  EXPECT_EQ(ledger::HashHex(entry.hash).size(), 64u);
  // The balance view of the same value: the same lines' balance fields, the same refusals.
  std::vector<BalanceLineView> lines;
  ledger::Hash hash{};
  ASSERT_TRUE(DecodeBalanceLines(value, &lines, &hash).ok());
  EXPECT_EQ(hash, entry.hash);
  ASSERT_EQ(lines.size(), entry.posting.lines.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    const ledger::LedgerLine& line = entry.posting.lines[i];
    EXPECT_EQ(lines[i].entity_id, line.entity_id);
    EXPECT_EQ(lines[i].counterparty_id, line.counterparty_id);
    EXPECT_EQ(lines[i].account, line.account);
    EXPECT_EQ(lines[i].debit, line.side == ledger::Side::kDebit);
    EXPECT_EQ(lines[i].amount, line.amount.raw());
    EXPECT_EQ(lines[i].currency, line.currency);
    EXPECT_EQ(lines[i].functional, line.functional_amount.raw());
    EXPECT_EQ(lines[i].period, line.period.ToString());
  }
  for (size_t cut = 0; cut < value.size(); cut += 7) {
    EXPECT_EQ(DecodeBalanceLines(value.substr(0, cut), &lines, &hash).code(),
              absl::StatusCode::kDataLoss);
  }
}

TEST_F(LedgerStoreTest, FindRecordsAnswersHitsMissesAndRepeatsAsTheSingleLookupsDo) {
  ledger::PendingPosting first = Pending("r1", "100");
  first.business_key = "S/T1";
  ledger::PendingPosting second = Pending("r2", "200");
  second.business_key = "S/T2";
  ASSERT_TRUE(store_->Append({first, second}).ok());
  using Kind = ledger::RecordKey::Kind;
  const std::vector<ledger::RecordKey> keys = {
      {Kind::kRequestId, "r2"},   {Kind::kRequestId, "missing"}, {Kind::kBusinessKey, "S/T1"},
      {Kind::kRequestId, "r2"},   {Kind::kBusinessKey, "S/T9"},  {Kind::kBusinessKey, "S/T1"},
      {Kind::kBusinessKey, "r1"}, {Kind::kRequestId, "S/T1"},    {Kind::kRequestId, "r1"}};
  const auto found = store_->FindRecords(keys);
  ASSERT_EQ(found.size(), keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    const auto single = keys[i].kind == Kind::kRequestId ? store_->FindRequest(keys[i].value)
                                                         : store_->FindBusinessKey(keys[i].value);
    ASSERT_TRUE(found[i].ok() && single.ok()) << i;
    ASSERT_EQ(found[i]->has_value(), single->has_value()) << i;
    if (single->has_value()) {
      EXPECT_EQ((*found[i])->sequence, (*single)->sequence) << i;
      EXPECT_EQ((*found[i])->fingerprint, (*single)->fingerprint) << i;
    }
  }
  // The hits: r2 (twice), S/T1 (twice), r1; a request_id is not a business key or back.
  EXPECT_EQ((*found[0])->sequence, 2u);
  EXPECT_EQ((*found[3])->sequence, 2u);
  EXPECT_EQ((*found[2])->sequence, 1u);
  EXPECT_EQ((*found[5])->fingerprint, "fp-r1");
  EXPECT_EQ((*found[8])->sequence, 1u);
  for (size_t miss : {1, 4, 6, 7}) EXPECT_FALSE(found[miss]->has_value()) << miss;
  EXPECT_TRUE(store_->FindRecords({}).empty());
}

TEST_F(LedgerStoreTest, FindRecordsFailsOnlyTheKeyWhoseRecordIsMalformed) {
  ASSERT_TRUE(store_->Append({Pending("r1", "100")}).ok());
  rocksdb::WriteOptions write;
  write.sync = true;
  ASSERT_TRUE(
      database_->db()->Put(write, database_->family(Family::kIdempotency), "broken", "\xff").ok());
  using Kind = ledger::RecordKey::Kind;
  const auto found = store_->FindRecords(std::vector<ledger::RecordKey>{
      {Kind::kRequestId, "broken"}, {Kind::kRequestId, "r1"}, {Kind::kRequestId, "new"}});
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(found[0].status().code(), store_->FindRequest("broken").status().code());
  ASSERT_TRUE(found[1].ok() && found[1]->has_value());
  EXPECT_EQ((*found[1])->sequence, 1u);
  ASSERT_TRUE(found[2].ok());
  EXPECT_FALSE(found[2]->has_value());
}

TEST(CodecTest, Int128sRoundTripAtTheEdges) {
  const absl::int128 values[] = {0,
                                 1,
                                 -1,
                                 absl::Int128Max(),
                                 absl::Int128Min(),
                                 absl::MakeInt128(-2, 0x0123456789abcdefULL),
                                 absl::MakeInt128(0x7edcba9876543210LL, ~uint64_t{0})};
  Encoder out;
  for (absl::int128 value : values) out.PutInt128(value);
  const std::string bytes = out.Release();
  ASSERT_EQ(bytes.size(), 16 * std::size(values));
  EXPECT_EQ(bytes.substr(16, 16), std::string(15, '\0') + "\x01");  // Big-endian.
  Decoder in(bytes);
  for (absl::int128 value : values) {
    absl::int128 decoded = 0;
    ASSERT_TRUE(in.GetInt128(&decoded));
    EXPECT_EQ(decoded, value);
  }
  EXPECT_TRUE(in.Done());
  absl::int128 none = 0;
  EXPECT_FALSE(Decoder(bytes.substr(0, 15)).GetInt128(&none));
}

TEST(CodecTest, SkipDayAcceptsAndRefusesWhatGetDayDoes) {
  for (int64_t offset : {int64_t{0}, int64_t{-1000000}, int64_t{3000000}, int64_t{-1000001},
                         int64_t{3000001}, int64_t{19900}}) {
    Encoder out;
    out.PutSigned(offset);
    const std::string bytes = out.Release();
    absl::CivilDay day;
    Decoder got(bytes), skipped(bytes);
    EXPECT_EQ(got.GetDay(&day), skipped.SkipDay()) << offset;
    EXPECT_EQ(got.Done(), skipped.Done()) << offset;
  }
  EXPECT_FALSE(Decoder("").SkipDay());
}

TEST_F(LedgerStoreTest, RefusesToAppendAPostingThatDoesNotBalanceOrHasNoLines) {
  ledger::PendingPosting unbalanced = Pending("r1", "10");
  unbalanced.posting.lines[1].amount = *Decimal::Parse("9.99");
  EXPECT_EQ(store_->Append({unbalanced}).status().code(), absl::StatusCode::kInternal);
  ledger::PendingPosting functional = Pending("r2", "10");
  functional.posting.lines[3].functional_amount = *Decimal::Parse("10.01");
  EXPECT_EQ(store_->Append({functional}).status().code(), absl::StatusCode::kInternal);
  ledger::PendingPosting empty = Pending("r3", "10");
  empty.posting.lines.clear();
  EXPECT_EQ(store_->Append({Pending("ok", "1"), empty}).status().code(),
            absl::StatusCode::kInternal);
  EXPECT_EQ(store_->head().sequence, 0u);
}

TEST_F(LedgerStoreTest, AnEntryThatNoLongerMatchesItsHashIsNeverServed) {
  ASSERT_TRUE(store_->Append({Pending("r1", "10")}).ok());
  ASSERT_TRUE(store_->CorruptForTesting(1, 30).ok());
  EXPECT_EQ(store_->Get(1).status().code(), absl::StatusCode::kDataLoss);
}

TEST_F(LedgerStoreTest, RefusesToAppendALineInAPeriodBeforeItsDate) {
  ledger::PendingPosting pending = Pending("r1", "1", "2024-06");
  for (ledger::LedgerLine& line : pending.posting.lines) {
    line.period = *ledger::Period::Parse("period", "2024-05");
  }
  EXPECT_EQ(store_->Append({pending}).status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(store_->head().sequence, 0u);
}

}  // namespace
}  // namespace interco::storage
