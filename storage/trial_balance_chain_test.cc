// The trial balances' hash chain (issue 24's findings): a balanced edit of stored lines, a
// deleted header, lines or import record, a version added beside the chain and the last
// imports cut off are each found, by the read, by Verify and at start-up, naming the key.
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "absl/strings/escaping.h"
#include "gtest/gtest.h"
#include "storage/codec.h"
#include "storage/family_chain.h"
#include "storage/table_damage.h"
#include "storage/trial_balance_codec.h"
#include "storage/trial_balance_store.h"

namespace interco::storage {
namespace {

using trial_balance::TrialBalance;

ledger::Period P(const char* text) { return *ledger::Period::Parse("period", text); }
Decimal D(const char* text) { return *Decimal::Parse(text); }

TrialBalance Version(const char* entity, uint64_t version, uint64_t sequence, const char* cash) {
  TrialBalance tb;
  tb.header = {entity, P("2024-12"), version, sequence, absl::StrCat("req-", sequence),
               "USD",  "ERP",        7,       2,        D(cash)};
  tb.lines = {{"CASH", "1000", D(cash)}, {"CAPITAL", "3000", *Decimal::Sub(Decimal(), D(cash))}};
  return tb;
}

class TrialBalanceChainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::string(std::getenv("TEST_TMPDIR")) + "/" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::remove_all(path_);
    ASSERT_TRUE(Reopen().ok());
    ASSERT_TRUE(store_->Append(Version("A", 1, 1, "100")).ok());
    ASSERT_TRUE(store_->Append(Version("B", 1, 2, "200")).ok());
    ASSERT_TRUE(store_->Append(Version("A", 2, 3, "300")).ok());
  }

  absl::Status Reopen() {
    store_.reset();
    database_.reset();
    auto database = Database::Open({.path = path_});
    if (!database.ok()) return database.status();
    database_ = *std::move(database);
    auto store = RocksDbTrialBalanceStore::Open(database_.get());
    if (!store.ok()) return store.status();
    store_ = *std::move(store);
    return absl::OkStatus();
  }

  rocksdb::ColumnFamilyHandle* family() { return database_->family(Family::kTrialBalances); }
  std::string Suffix(const char* entity, uint64_t version) {
    return TbVersionSuffix(entity, P("2024-12"), version);
  }
  void Put(const std::string& key, const std::string& value) {
    ASSERT_TRUE(database_->db()->Put(rocksdb::WriteOptions(), family(), key, value).ok());
  }
  void Delete(const std::string& key) {
    ASSERT_TRUE(database_->db()->Delete(rocksdb::WriteOptions(), family(), key).ok());
  }

  // Verify's finding (not ok, at `sequence`, naming `key`, saying `problem`).
  void ExpectVerifyFinds(uint64_t sequence, const std::string& key, absl::string_view problem) {
    const absl::StatusOr<ledger::FamilyCheck> check = store_->Verify([] { return absl::OkStatus(); });
    ASSERT_TRUE(check.ok()) << check.status();
    EXPECT_FALSE(check->ok);
    EXPECT_EQ(check->family, "trial_balances");
    EXPECT_EQ(check->first_broken_version, sequence);
    EXPECT_EQ(check->key, absl::BytesToHexString(key));
    EXPECT_NE(absl::string_view(check->problem).find(problem), absl::string_view::npos)
        << check->problem;
  }

  std::string path_;
  std::unique_ptr<Database> database_;
  std::unique_ptr<RocksDbTrialBalanceStore> store_;
};

TEST_F(TrialBalanceChainTest, AnUntouchedFamilyVerifiesAndNamesItsHeads) {
  const absl::StatusOr<ledger::FamilyCheck> check = store_->Verify([] { return absl::OkStatus(); });
  ASSERT_TRUE(check.ok());
  EXPECT_TRUE(check->ok) << check->problem;
  EXPECT_EQ(check->versions_checked, 3u);
  const ledger::FamilyHead head = store_->Head();
  EXPECT_EQ(head.version, 3u);
  EXPECT_EQ(store_->HeadAt(3)->hash, head.hash);
  EXPECT_NE(store_->HeadAt(2)->hash, head.hash);
  EXPECT_EQ(store_->HeadAt(4).status().code(), absl::StatusCode::kNotFound);
  ASSERT_TRUE(Reopen().ok());
  EXPECT_EQ(store_->Head().hash, head.hash);
}

TEST_F(TrialBalanceChainTest, ABalancedEditOfStoredLinesIsDataLossNotAFigure) {
  // Cash +100 and capital -100: the version still balances and decodes.
  TrialBalance edited = Version("B", 1, 2, "200");
  edited.lines = {{"CASH", "1000", D("300")}, {"CAPITAL", "3000", D("-300")}};
  edited.header.debit_total = D("300");
  Put(kTbLinesPrefix + Suffix("B", 1), EncodeTbLines(edited.lines));
  const absl::Status read = store_->Lines("B", P("2024-12"), 1).status();
  EXPECT_EQ(read.code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(read.message().find("lines differ from what the import recorded"),
            absl::string_view::npos)
      << read;
  ExpectVerifyFinds(2, kTbLinesPrefix + Suffix("B", 1), "lines differ");
}

TEST_F(TrialBalanceChainTest, ADeletedLinesRecordIsDataLossNamingItsKey) {
  Delete(kTbLinesPrefix + Suffix("A", 1));
  const absl::Status read = store_->Lines("A", P("2024-12"), 1).status();
  EXPECT_EQ(read.code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(read.message().find(absl::BytesToHexString(kTbLinesPrefix + Suffix("A", 1))),
            absl::string_view::npos)
      << read;
  ExpectVerifyFinds(1, kTbLinesPrefix + Suffix("A", 1), "lines record is missing");
}

TEST_F(TrialBalanceChainTest, ADeletedHeaderIsFoundNotSilentlyGone) {
  Delete(kTbHeaderPrefix + Suffix("A", 2));
  ExpectVerifyFinds(3, kTbHeaderPrefix + Suffix("A", 2), "header record is missing");
}

TEST_F(TrialBalanceChainTest, AGapInTheImportSequenceIsReported) {
  const std::string key = kTbSequencePrefix + EncodeKey64(2);
  Delete(key);
  ExpectVerifyFinds(2, kTbSequencePrefix + EncodeKey64(3), "expected import sequence 2");
}

TEST_F(TrialBalanceChainTest, AVersionAddedBesideTheChainIsReported) {
  const TrialBalance extra = Version("C", 1, 9, "50");
  Put(kTbHeaderPrefix + Suffix("C", 1), EncodeTbHeader(extra.header));
  Put(kTbLinesPrefix + Suffix("C", 1), EncodeTbLines(extra.lines));
  ExpectVerifyFinds(0, kTbHeaderPrefix + Suffix("C", 1), "no import recorded");
}

TEST_F(TrialBalanceChainTest, TheLastImportsCutOffRefuseTheStart) {
  Delete(kTbSequencePrefix + EncodeKey64(3));
  const absl::Status reopened = Reopen();
  EXPECT_EQ(reopened.code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(reopened.message().find("recorded head is sequence 3"), absl::string_view::npos)
      << reopened;
}

TEST_F(TrialBalanceChainTest, ADamagedBlockOfOneVersionIsFoundByVerifyNotOnlyByItsRead) {
  // Enough versions for several data blocks; the damage lands in an early lines block,
  // which nothing but a read of those versions touches.
  for (uint64_t sequence = 4; sequence <= 200; ++sequence) {
    TrialBalance tb = Version("D", sequence - 3, sequence, "100");
    for (int i = 0; i < 20; ++i) {
      tb.lines.push_back({absl::StrCat("LOCAL-", i), "1000", D("0")});
    }
    tb.header.line_count = tb.lines.size();
    ASSERT_TRUE(store_->Append(tb).ok());
  }
  ASSERT_TRUE(database_->db()->Flush(rocksdb::FlushOptions(), family()).ok());
  const std::string table = TableFileOf(*database_, "trial_balances");
  ASSERT_FALSE(table.empty());
  store_.reset();
  database_.reset();
  FlipByteAt(table, 0.05);
  ASSERT_TRUE(Reopen().ok());  // The last link and the head read fine.
  const absl::StatusOr<ledger::FamilyCheck> check = store_->Verify([] { return absl::OkStatus(); });
  ASSERT_TRUE(check.ok()) << check.status();
  EXPECT_FALSE(check->ok);
  EXPECT_GT(check->first_broken_version, 0u);
  EXPECT_NE(check->problem.find("orrupt"), std::string::npos) << check->problem;
}

TEST_F(TrialBalanceChainTest, AFormatOneDatabaseIsChainedOnOpen) {
  // Rewrite the family as format 1 wrote it: import records holding the bare suffix, no
  // recorded head, format version "1".
  for (uint64_t sequence : {1, 2, 3}) {
    const char* entity = sequence == 2 ? "B" : "A";
    Put(kTbSequencePrefix + EncodeKey64(sequence), Suffix(entity, sequence == 3 ? 2 : 1));
  }
  rocksdb::ColumnFamilyHandle* meta = database_->family(Family::kDefault);
  ASSERT_TRUE(database_->db()->Delete(rocksdb::WriteOptions(), meta, ChainHeadKey("trial_balances")).ok());
  ASSERT_TRUE(database_->db()->Put(rocksdb::WriteOptions(), meta, "format_version", "1").ok());
  ASSERT_TRUE(Reopen().ok());
  EXPECT_EQ(store_->Head().version, 3u);
  const absl::StatusOr<ledger::FamilyCheck> check = store_->Verify([] { return absl::OkStatus(); });
  ASSERT_TRUE(check.ok());
  EXPECT_TRUE(check->ok) << check->problem;
  EXPECT_EQ(store_->Lines("A", P("2024-12"), 2)->at(0).balance, D("300"));
  std::string format;
  ASSERT_TRUE(database_->db()
                  ->Get(rocksdb::ReadOptions(), database_->family(Family::kDefault),
                        "format_version", &format)
                  .ok());
  EXPECT_EQ(format, "2");
}

}  // namespace
}  // namespace interco::storage
