#include "services/ledger/sequencer.h"

#include <atomic>
#include <set>
#include <string>
#include <thread>

#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"
#include "services/ledger/memory_journal.h"

namespace interco::ledger {
namespace {

PendingPosting P(const std::string& id, const std::string& fingerprint = "") {
  PendingPosting posting;
  posting.request_id = id;
  posting.fingerprint = fingerprint.empty() ? "fp-" + id : fingerprint;
  posting.posting.transaction_id = "T-" + id;
  return posting;
}

// Submits and waits for the answer.
absl::StatusOr<std::vector<JournalEntry>> SubmitAndWait(Sequencer& sequencer,
                                                        std::vector<PendingPosting> group) {
  absl::Notification done;
  absl::StatusOr<std::vector<JournalEntry>> result;
  sequencer.Submit(std::move(group), [&](absl::StatusOr<std::vector<JournalEntry>> r) {
    result = std::move(r);
    done.Notify();
  });
  done.WaitForNotification();
  return result;
}

TEST(SequencerTest, RetryGetsTheOriginalAndOtherContentIsAlreadyExists) {
  MemoryJournal journal;
  Sequencer sequencer(&journal, {});
  auto first = SubmitAndWait(sequencer, {P("r1")});
  ASSERT_TRUE(first.ok());
  EXPECT_EQ((*first)[0].sequence, 1u);
  auto retry = SubmitAndWait(sequencer, {P("r1")});
  ASSERT_TRUE(retry.ok());
  EXPECT_EQ((*retry)[0].sequence, 1u);
  EXPECT_EQ(SubmitAndWait(sequencer, {P("r1", "other")}).status().code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(journal.size(), 1u);
}

TEST(SequencerTest, AtomicGroupIsAllOrNothing) {
  MemoryJournal journal;
  Sequencer sequencer(&journal, {});
  ASSERT_TRUE(SubmitAndWait(sequencer, {P("a")}).ok());
  EXPECT_EQ(SubmitAndWait(sequencer, {P("b"), P("a", "other")}).status().code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(SubmitAndWait(sequencer, {P("c"), P("a")}).status().code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(journal.size(), 1u);
  auto group = SubmitAndWait(sequencer, {P("b"), P("c")});
  ASSERT_TRUE(group.ok());
  EXPECT_EQ((*group)[1].sequence, 3u);
  EXPECT_EQ(SubmitAndWait(sequencer, {}).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(SequencerTest, ConcurrentCallersShareWritesAndDuplicatesInOneDrainPostOnce) {
  MemoryJournal journal;
  absl::Notification release;
  journal.hold_ = &release;
  Sequencer sequencer(&journal, {});
  std::atomic<int> answered{0}, failed{0};
  std::vector<uint64_t> sequences(200);
  for (int i = 0; i < 200; ++i) {
    // Ids repeat: i and i + 100 are the same request.
    sequencer.Submit({P("r" + std::to_string(i % 100))},
                     [&, i](absl::StatusOr<std::vector<JournalEntry>> r) {
                       if (r.ok()) {
                         sequences[i] = (*r)[0].sequence;
                       } else {
                         ++failed;
                       }
                       ++answered;
                     });
  }
  release.Notify();
  while (answered < 200) std::this_thread::yield();
  EXPECT_EQ(failed, 0);
  EXPECT_EQ(journal.size(), 100u);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(sequences[i], sequences[i + 100]) << i;
  EXPECT_LE(journal.writes(), 3u) << "queued requests are written together";
}

TEST(SequencerTest, FullQueueIsResourceExhaustedAtOnce) {
  MemoryJournal journal;
  absl::Notification release;
  journal.hold_ = &release;
  Sequencer sequencer(&journal, {.max_queued_postings = 2, .max_postings_per_write = 2});
  std::atomic<int> answered{0};
  auto count = [&](absl::StatusOr<std::vector<JournalEntry>>) { ++answered; };
  sequencer.Submit({P("first")}, count);    // Taken by the writer, which then blocks in Append.
  absl::SleepFor(absl::Milliseconds(100));  // Let the writer take it off the queue.
  sequencer.Submit({P("q1")}, count);
  sequencer.Submit({P("q2")}, count);
  auto rejected = SubmitAndWait(sequencer, {P("q3")});
  EXPECT_EQ(rejected.status().code(), absl::StatusCode::kResourceExhausted);
  release.Notify();
  sequencer.Shutdown();
  EXPECT_EQ(answered, 3);
  EXPECT_EQ(journal.size(), 3u);
  EXPECT_EQ(SubmitAndWait(sequencer, {P("late")}).status().code(), absl::StatusCode::kUnavailable);
}

TEST(SequencerTest, AnEntryIsReversedOnceAndAdmissionCanRefuse) {
  MemoryJournal journal;
  Sequencer sequencer(&journal, {}, [](Posting& posting) {
    return posting.transaction_id == "T-refused" ? absl::FailedPreconditionError("closed")
                                                 : absl::OkStatus();
  });
  ASSERT_TRUE(SubmitAndWait(sequencer, {P("a")}).ok());
  PendingPosting reversal = P("rev-1");
  reversal.posting.reverses = 1;
  ASSERT_TRUE(SubmitAndWait(sequencer, {reversal}).ok());
  PendingPosting again = P("rev-2");
  again.posting.reverses = 1;
  EXPECT_EQ(SubmitAndWait(sequencer, {again}).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(SubmitAndWait(sequencer, {P("refused")}).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(journal.size(), 2u);
}

PendingPosting Invoice(const std::string& id, const std::string& key,
                       const std::string& fingerprint = "fp-invoice") {
  PendingPosting posting = P(id, fingerprint);
  posting.business_key = key;
  return posting;
}

TEST(SequencerTest, AGroupRepeatingARequestIdOrBusinessKeyIsRefusedWhole) {
  MemoryJournal journal;
  Sequencer sequencer(&journal, {});
  EXPECT_EQ(SubmitAndWait(sequencer, {P("a"), P("b"), P("a")}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(SubmitAndWait(sequencer, {P("a"), P("a", "other")}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(SubmitAndWait(sequencer, {Invoice("a", "S/1"), Invoice("b", "S/1")}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(journal.size(), 0u);
  EXPECT_EQ(journal.writes(), 0u);
}

TEST(SequencerTest, AResentInvoiceGetsTheOriginalAndOtherContentIsAlreadyExists) {
  MemoryJournal journal;
  Sequencer sequencer(&journal, {});
  ASSERT_TRUE(SubmitAndWait(sequencer, {Invoice("r1", "S/1")}).ok());
  auto resent = SubmitAndWait(sequencer, {Invoice("r2", "S/1")});
  ASSERT_TRUE(resent.ok()) << resent.status();
  EXPECT_EQ((*resent)[0].sequence, 1u);
  EXPECT_EQ((*resent)[0].request_id, "r1") << "the reply shows whose posting it is";
  const absl::Status other = SubmitAndWait(sequencer, {Invoice("r3", "S/1", "fp-2")}).status();
  EXPECT_EQ(other.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_NE(other.message().find("transaction_id"), std::string::npos) << other;
  EXPECT_EQ(journal.size(), 1u);
}

TEST(SequencerTest, OneInvoiceFromManyCallersInOneDrainIsPostedOnce) {
  MemoryJournal journal;
  absl::Notification release;
  journal.hold_ = &release;
  Sequencer sequencer(&journal, {});
  sequencer.Submit({P("warm-up")}, [](absl::StatusOr<std::vector<JournalEntry>>) {});
  journal.entered_.WaitForNotification();  // The rest queue up and drain together.
  std::atomic<int> answered{0}, failed{0};
  std::vector<uint64_t> sequences(50);
  for (int i = 0; i < 50; ++i) {
    // Every caller sends the same invoice under a request_id of its own; odd callers
    // change its content.
    sequencer.Submit({Invoice("r" + std::to_string(i), "S/1", i % 2 == 0 ? "fp" : "fp-x")},
                     [&, i](absl::StatusOr<std::vector<JournalEntry>> r) {
                       if (r.ok()) {
                         sequences[i] = (*r)[0].sequence;
                       } else {
                         EXPECT_EQ(r.status().code(), absl::StatusCode::kAlreadyExists);
                         ++failed;
                       }
                       ++answered;
                     });
  }
  release.Notify();
  while (answered < 50) std::this_thread::yield();
  EXPECT_EQ(failed, 25);
  EXPECT_EQ(journal.size(), 2u);
  for (int i = 0; i < 50; i += 2) EXPECT_EQ(sequences[i], 2u) << i;
}

// Counts the journal's batched idempotency lookups, and fails the lookups of some keys.
class LookupCountingJournal : public MemoryJournal {
 public:
  std::vector<absl::StatusOr<std::optional<StoredRequest>>> FindRecords(
      absl::Span<const RecordKey> keys) const override {
    auto found = MemoryJournal::FindRecords(keys);
    absl::MutexLock lock(&counts_mu_);
    ++batches_;
    for (size_t i = 0; i < keys.size(); ++i) {
      if (failing_keys_.count(std::string(keys[i].value)) > 0) {
        found[i] = absl::UnavailableError("disk trouble");
      }
    }
    return found;
  }
  int batches() const {
    absl::MutexLock lock(&counts_mu_);
    return batches_;
  }
  void FailLookupsOf(std::set<std::string> keys) {
    absl::MutexLock lock(&counts_mu_);
    failing_keys_ = std::move(keys);
  }

 private:
  mutable absl::Mutex counts_mu_;
  mutable int batches_ ABSL_GUARDED_BY(counts_mu_) = 0;
  std::set<std::string> failing_keys_ ABSL_GUARDED_BY(counts_mu_);
};

TEST(SequencerTest, ADrainLooksUpAllItsPostingsInOneBatch) {
  LookupCountingJournal journal;
  Sequencer sequencer(&journal, {});
  ASSERT_TRUE(SubmitAndWait(sequencer, {Invoice("old", "S/old")}).ok());
  ASSERT_EQ(journal.batches(), 1);
  absl::Notification release;
  journal.hold_ = &release;
  sequencer.Submit({P("warm-up")}, [](absl::StatusOr<std::vector<JournalEntry>>) {});
  journal.entered_.WaitForNotification();  // The next submissions queue up into one drain.
  std::vector<absl::StatusOr<std::vector<JournalEntry>>> results(4);
  std::atomic<int> answered{0};
  auto keep = [&](int i) {
    return [&, i](absl::StatusOr<std::vector<JournalEntry>> r) {
      results[i] = std::move(r);
      ++answered;
    };
  };
  sequencer.Submit({Invoice("n1", "S/1"), Invoice("n2", "S/2")}, keep(0));  // New.
  sequencer.Submit({Invoice("again", "S/old")}, keep(1));                   // The invoice, resent.
  sequencer.Submit({P("n1")}, keep(2));  // A repeat of the drain's own n1, other content.
  sequencer.Submit({Invoice("n1", "S/1")}, keep(3));  // A repeat of n1 inside the drain.
  release.Notify();
  while (answered < 4) std::this_thread::yield();
  ASSERT_TRUE(results[0].ok()) << results[0].status();
  ASSERT_TRUE(results[1].ok()) << results[1].status();
  EXPECT_EQ((*results[1])[0].sequence, 1u);
  EXPECT_EQ(results[2].status().code(), absl::StatusCode::kAlreadyExists);
  ASSERT_TRUE(results[3].ok()) << results[3].status();
  EXPECT_EQ((*results[3])[0].sequence, (*results[0])[0].sequence);
  EXPECT_EQ(journal.batches(), 3) << "one batched lookup per drain";
}

TEST(SequencerTest, AFailedLookupFailsOnlyTheGroupThatNeededIt) {
  LookupCountingJournal journal;
  Sequencer sequencer(&journal, {});
  ASSERT_TRUE(SubmitAndWait(sequencer, {Invoice("old", "S/old")}).ok());
  journal.FailLookupsOf({"S/broken", "S/old"});
  absl::Notification release;
  journal.hold_ = &release;
  sequencer.Submit({P("warm-up")}, [](absl::StatusOr<std::vector<JournalEntry>>) {});
  journal.entered_.WaitForNotification();
  std::vector<absl::StatusOr<std::vector<JournalEntry>>> results(3);
  std::atomic<int> answered{0};
  auto keep = [&](int i) {
    return [&, i](absl::StatusOr<std::vector<JournalEntry>> r) {
      results[i] = std::move(r);
      ++answered;
    };
  };
  sequencer.Submit({Invoice("a", "S/a"), Invoice("b", "S/broken")}, keep(0));
  sequencer.Submit({Invoice("c", "S/c")}, keep(1));
  // Found by request_id: the failed lookup of its business key is never needed.
  sequencer.Submit({Invoice("old", "S/old")}, keep(2));
  release.Notify();
  while (answered < 3) std::this_thread::yield();
  EXPECT_EQ(results[0].status().code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(results[1].ok()) << results[1].status();
  ASSERT_TRUE(results[2].ok()) << results[2].status();
  EXPECT_EQ((*results[2])[0].sequence, 1u);
  EXPECT_EQ(journal.size(), 3u) << "old, warm-up and c";
}

}  // namespace
}  // namespace interco::ledger
