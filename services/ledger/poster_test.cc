#include "services/ledger/poster.h"

#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"
#include "services/common/field_error.h"
#include "services/ledger/memory_journal.h"

namespace interco::ledger {
namespace {

// A posting of `amount` between A and B; what its request builds.
Posting Sale(const std::string& transaction_id) {
  Posting posting;
  posting.transaction_id = transaction_id;
  posting.lines.resize(2);
  posting.lines[0].entity_id = "A";
  posting.lines[1].entity_id = "A";
  posting.lines[1].side = Side::kCredit;
  return posting;
}

PostingRequest Request(const std::string& request_id, const std::string& invoice,
                       const std::string& fingerprint, int* builds) {
  PostingRequest request;
  request.request_id = request_id;
  request.business_key = BusinessKey("A", invoice);
  request.fingerprint = fingerprint;
  request.build = [invoice, builds]() -> absl::StatusOr<Posting> {
    ++*builds;
    return Sale(invoice);
  };
  return request;
}

Posted PostAndWait(const Poster& poster, absl::StatusOr<PreparedPosting> prepared) {
  absl::Notification done;
  Posted result = absl::UnknownError("not answered");
  poster.PostOne(std::move(prepared), [&](Posted posted) {
    result = std::move(posted);
    done.Notify();
  });
  done.WaitForNotification();
  return result;
}

class PosterTest : public ::testing::Test {
 protected:
  MemoryJournal journal_;
  Sequencer sequencer_{&journal_, {}};
  Poster poster_{&journal_, &sequencer_};
  int builds_ = 0;
};

TEST_F(PosterTest, ARetryIsAnsweredFromTheJournalWithoutBuilding) {
  ASSERT_TRUE(PostAndWait(poster_, poster_.Prepare(Request("r1", "INV-1", "fp", &builds_))).ok());
  EXPECT_EQ(builds_, 1);
  absl::StatusOr<PreparedPosting> retry = poster_.Prepare(Request("r1", "INV-1", "fp", &builds_));
  ASSERT_TRUE(retry.ok());
  ASSERT_TRUE(retry->existing.has_value());
  EXPECT_EQ(builds_, 1) << "a retry is not priced again";
  // The same invoice under another request_id: the original, which says whose it is.
  absl::StatusOr<PreparedPosting> resent = poster_.Prepare(Request("r2", "INV-1", "fp", &builds_));
  ASSERT_TRUE(resent.ok() && resent->existing.has_value());
  EXPECT_EQ(resent->existing->request_id, "r1");
  EXPECT_EQ(poster_.Prepare(Request("r1", "INV-9", "other", &builds_)).status().code(),
            absl::StatusCode::kAlreadyExists);
  const absl::Status other = poster_.Prepare(Request("r3", "INV-1", "other", &builds_)).status();
  EXPECT_EQ(other.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(GetErrorDetail(other)->field, "transaction.transaction_id") << other;
  EXPECT_EQ(journal_.size(), 1u);
}

// Issue 24: the entry an idempotency record names must exist; its absence is damage
// (DATA_LOSS naming the entry), not the caller's NOT_FOUND.
TEST_F(PosterTest, ARetryWhoseEntryIsMissingIsDataLossNamingTheEntry) {
  ASSERT_TRUE(PostAndWait(poster_, poster_.Prepare(Request("r1", "INV-1", "fp", &builds_))).ok());
  journal_.LoseEntry(1);
  const absl::Status retry = poster_.Prepare(Request("r1", "INV-1", "fp", &builds_)).status();
  EXPECT_EQ(retry.code(), absl::StatusCode::kDataLoss) << retry;
  EXPECT_EQ(retry.message().rfind(
                "missing record: journal entry 1, named by the idempotency record of a retried", 0),
            0u)
      << retry;
  EXPECT_EQ(GetErrorDetail(retry)->reason, "RECORD_MISSING");
}

// Issue 24: an entry a caller names (GetEntry, ReverseTransaction) is NOT_FOUND beyond the
// head only; missing within it, the journal is damaged: DATA_LOSS naming it.
TEST_F(PosterTest, AnEntryMissingAtOrBeforeTheHeadIsDataLossAndBeyondItNotFound) {
  ASSERT_TRUE(PostAndWait(poster_, poster_.Prepare(Request("r1", "INV-1", "fp", &builds_))).ok());
  ASSERT_TRUE(PostAndWait(poster_, poster_.Prepare(Request("r2", "INV-2", "fp", &builds_))).ok());
  EXPECT_TRUE(poster_.EntryAt(1).ok());
  EXPECT_EQ(poster_.EntryAt(3).status().code(), absl::StatusCode::kNotFound);
  journal_.LoseEntry(1);
  const absl::Status missing = poster_.EntryAt(1).status();
  EXPECT_EQ(missing.code(), absl::StatusCode::kDataLoss) << missing;
  EXPECT_EQ(missing.message().rfind(
                "missing record: journal entry 1, named by the chain head (sequence 2)", 0),
            0u)
      << missing;
}

TEST_F(PosterTest, MayPostIsAskedOfNewPostingsAndOfRetries) {
  PostingRequest request = Request("r1", "INV-1", "fp", &builds_);
  request.may_post = [](const Posting&) { return absl::PermissionDeniedError("not yours"); };
  EXPECT_EQ(poster_.Prepare(request).status().code(), absl::StatusCode::kPermissionDenied);
  ASSERT_TRUE(PostAndWait(poster_, poster_.Prepare(Request("r1", "INV-1", "fp", &builds_))).ok());
  EXPECT_EQ(poster_.Prepare(request).status().code(), absl::StatusCode::kPermissionDenied);
}

TEST_F(PosterTest, AnAtomicGroupRepeatingAKeyNamesTheLaterItemAndWritesNothing) {
  std::vector<absl::StatusOr<PreparedPosting>> items;
  items.push_back(poster_.Prepare(Request("r1", "INV-1", "fp1", &builds_)));
  items.push_back(poster_.Prepare(Request("r2", "INV-2", "fp2", &builds_)));
  items.push_back(poster_.Prepare(Request("r3", "INV-1", "fp1", &builds_)));
  absl::Status status;
  poster_.PostAtomic(
      std::move(items), [](size_t i) { return absl::StrCat("items[", i, "]"); },
      [&](absl::StatusOr<std::vector<JournalEntry>> r) { status = r.status(); });
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(GetErrorDetail(status)->field, "items[2].transaction.transaction_id") << status;
  EXPECT_EQ(journal_.writes(), 0u);
}

TEST_F(PosterTest, AManualEntrysKeyIsNamedAsItsOwnField) {
  PostingRequest first = Request("r1", "E-1", "fp", &builds_);
  first.business_key = "journal:E-1";
  first.business_key_field = "entry_id";
  ASSERT_TRUE(PostAndWait(poster_, poster_.Prepare(first)).ok());
  // Two first attempts race: the second is resolved by the writer, and still names entry_id.
  PostingRequest racing = first;
  racing.request_id = "r2";
  racing.fingerprint = "other";
  absl::StatusOr<PreparedPosting> prepared = poster_.Prepare(racing);
  EXPECT_EQ(prepared.status().code(), absl::StatusCode::kAlreadyExists);
  PreparedPosting forced;
  forced.request_id = "r2";
  forced.business_key = "journal:E-1";
  forced.business_key_field = "entry_id";
  forced.pending.request_id = "r2";
  forced.pending.fingerprint = "other";
  forced.pending.business_key = "journal:E-1";
  forced.pending.posting = Sale("E-1");
  const Posted posted = PostAndWait(poster_, forced);
  EXPECT_EQ(posted.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(GetErrorDetail(posted.status())->field, "entry_id") << posted.status();
}

// Issue 24: the writer answers a retry that raced past Prepare from the journal; the
// entry its idempotency record names must be there (DATA_LOSS naming it otherwise).
TEST_F(PosterTest, ARacingRetryWhoseEntryIsMissingIsDataLossNamingTheEntry) {
  ASSERT_TRUE(PostAndWait(poster_, poster_.Prepare(Request("r1", "INV-1", "fp", &builds_))).ok());
  journal_.LoseEntry(1);
  PreparedPosting forced;  // As if Prepare ran before the first attempt was written.
  forced.request_id = "r1";
  forced.pending.request_id = "r1";
  forced.pending.fingerprint = "fp";
  forced.pending.business_key = BusinessKey("A", "INV-1");
  forced.pending.posting = Sale("INV-1");
  const Posted posted = PostAndWait(poster_, forced);
  EXPECT_EQ(posted.status().code(), absl::StatusCode::kDataLoss) << posted.status();
  EXPECT_EQ(posted.status().message().rfind("missing record: journal entry 1", 0), 0u)
      << posted.status();
}

}  // namespace
}  // namespace interco::ledger
