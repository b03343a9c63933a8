// LedgerStore::Verify finds every kind of damage to the journal and the records kept beside
// it, and reports unreadable data as a finding with the entries it affects.
#include <fstream>

#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "rocksdb/metadata.h"
#include "storage/codec.h"
#include "storage/ledger_keys.h"
#include "storage/ledger_store.h"
#include "storage/ledger_test_postings.h"
#include "storage/table_damage.h"

namespace interco::storage {
namespace {

ledger::PendingPosting Invoice(const std::string& request_id, const char* amount) {
  ledger::PendingPosting pending = Pending(request_id, amount);
  pending.business_key = ledger::BusinessKey("A", "T-" + request_id);
  return pending;
}

class LedgerVerifyTest : public LedgerStoreFixture {
 protected:
  void SetUp() override {
    LedgerStoreFixture::SetUp();
    for (int i = 1; i <= 20; ++i) {
      ASSERT_TRUE(store_->Append({Invoice(absl::StrCat("r", i), "10")}).ok());
    }
    ledger::PendingPosting reversal = Pending("rev", "10");
    reversal.posting.reverses = 3;
    ASSERT_TRUE(store_->Append({reversal}).ok());
    Expect(true);
  }

  ledger::Verification Expect(bool ok) {
    absl::StatusOr<ledger::Verification> verification = store_->Verify({});
    EXPECT_TRUE(verification.ok()) << verification.status();
    if (!verification.ok()) return {};
    EXPECT_EQ(verification->ok, ok) << verification->problem;
    return *verification;
  }

  void Put(Family family, const std::string& key, const std::string& value) {
    ASSERT_TRUE(database_->db()->Put({}, database_->family(family), key, value).ok());
  }
  void Delete(Family family, const std::string& key) {
    ASSERT_TRUE(database_->db()->Delete({}, database_->family(family), key).ok());
  }

  // Flushes, closes, flips one byte at `fraction` of the first table file of `family`, and
  // reopens.
  void CorruptTableFile(const char* family, double fraction) {
    ASSERT_TRUE(database_->db()->Flush({}, database_->family(Family::kJournal)).ok());
    ASSERT_TRUE(database_->db()->Flush({}, database_->family(Family::kIdempotency)).ok());
    const std::string path = TableFileOf(*database_, family);
    ASSERT_FALSE(path.empty()) << "no table file of " << family;
    store_.reset();
    database_.reset();
    FlipByteAt(path, fraction);
    Reopen();
  }
};

TEST_F(LedgerVerifyTest, ARequestIdTwiceInTheJournalIsFound) {
  // Only a broken writer could do this; Append refuses a repeat within one write.
  EXPECT_EQ(store_->Append({Pending("x", "1"), Pending("x", "1")}).status().code(),
            absl::StatusCode::kInternal);
  ASSERT_TRUE(store_->Append({Pending("r5", "1")}).ok());
  const ledger::Verification found = Expect(false);
  EXPECT_EQ(found.first_broken_sequence, 5u);
  EXPECT_NE(found.problem.find("more than once"), std::string::npos) << found.problem;
  EXPECT_EQ(found.affected_sequences, std::vector<uint64_t>{5});
}

TEST_F(LedgerVerifyTest, ABalanceKeptInMemoryThatDiffersFromTheJournalIsFound) {
  Expect(true);
  store_->DivergeKeptBalanceForTesting();  // The stored balances stay right.
  const ledger::Verification found = Expect(false);
  EXPECT_NE(found.problem.find("kept in memory differs"), std::string::npos) << found.problem;
}

TEST_F(LedgerVerifyTest, AMissingOrMisdirectedRequestRecordIsFound) {
  Delete(Family::kIdempotency, "r7");
  EXPECT_EQ(Expect(false).first_broken_sequence, 7u);
  Put(Family::kIdempotency, "r7", EncodeRequest({8, "fp-r7", "A/T-r7"}));
  EXPECT_EQ(Expect(false).first_broken_sequence, 7u);
}

TEST_F(LedgerVerifyTest, AStrayRequestRecordIsFound) {
  Put(Family::kIdempotency, "never-posted", EncodeRequest({3, "fp", ""}));
  const ledger::Verification found = Expect(false);
  EXPECT_NE(found.problem.find("idempotency records hold 43 records where the journal "
                               "explains 42"),
            std::string::npos)
      << found.problem;
}

TEST_F(LedgerVerifyTest, AnInvoiceRecordThatIsMissingOrPointsElsewhereIsFound) {
  Delete(Family::kIdempotency, BusinessKeyKey("A/T-r4"));
  EXPECT_EQ(Expect(false).first_broken_sequence, 4u);
  Put(Family::kIdempotency, BusinessKeyKey("A/T-r4"), EncodeRequest({2, "fp-r4", ""}));
  EXPECT_EQ(Expect(false).first_broken_sequence, 4u);
}

TEST_F(LedgerVerifyTest, AReversalRecordThatIsMissingIsFound) {
  Delete(Family::kIdempotency, ReversalKey(3));
  EXPECT_EQ(Expect(false).first_broken_sequence, 21u);
}

TEST_F(LedgerVerifyTest, AMissingOrStrayIndexKeyIsFound) {
  Delete(Family::kEntryIndex, IndexKey("B", "2024-06", 9));
  EXPECT_EQ(Expect(false).first_broken_sequence, 9u);
  Put(Family::kEntryIndex, IndexKey("B", "2024-06", 9), "");
  Expect(true);
  Put(Family::kEntryIndex, IndexKey("C", "2024-06", 9), "");
  EXPECT_NE(Expect(false).problem.find("entry index"), std::string::npos);
}

TEST_F(LedgerVerifyTest, AnUnreadableJournalIsAFindingWithTheEntriesItAffects) {
  CorruptTableFile("journal", 0.3);
  const ledger::Verification found = Expect(false);
  EXPECT_GT(found.first_broken_sequence, 0u);
  EXPECT_GT(found.affected_count, 0u);
  ASSERT_FALSE(found.affected_sequences.empty());
  EXPECT_EQ(found.affected_sequences.front(), found.first_broken_sequence);
  EXPECT_NE(found.problem.find("cannot be read"), std::string::npos) << found.problem;
}

TEST_F(LedgerVerifyTest, UnreadableRequestRecordsAreAFindingWithTheEntriesTheyAffect) {
  CorruptTableFile("idempotency", 0.3);
  const ledger::Verification found = Expect(false);
  EXPECT_GT(found.affected_count, 0u);
  EXPECT_NE(found.problem.find("cannot be read"), std::string::npos) << found.problem;
}

}  // namespace
}  // namespace interco::storage
