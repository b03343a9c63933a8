// Sequencer: group commit for the journal.
//
// Callers submit groups of postings (a group is atomic: all of it is appended or none).
// One thread drains the queue, resolves retries (a request_id already in the journal, or
// earlier in the same drain, with the same fingerprint, gets the original entry; with
// another fingerprint, ALREADY_EXISTS; then the same for the business key, so a resent
// invoice under a new request_id gets the original entry, whose request_id says so), refuses
// a group that repeats a request_id or business key inside itself (INVALID_ARGUMENT), and
// appends everything new of the drain as one
// synced write, then hands the answers to a second thread, which calls every caller back
// (callers build their replies there, while the next drain is being written). Nothing
// waits on a timer: a drain takes whatever queued while the previous write was syncing. The queue
// is bounded; a full queue answers RESOURCE_EXHAUSTED at once. Thread-safe.
#ifndef INTERCO_SERVICES_LEDGER_SEQUENCER_H_
#define INTERCO_SERVICES_LEDGER_SEQUENCER_H_

#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_set.h"
#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/ledger/journal.h"

namespace interco::ledger {

// What one drain did, for metrics.
struct CommitStats {
  size_t postings_appended = 0;  // New postings written (retries are not counted).
  size_t lines_appended = 0;
  absl::Duration write_time;  // The synced write alone.
  bool write_ok = true;
  absl::Status write_status;         // Why the write failed, when it did.
  size_t postings_still_queued = 0;  // Waiting for the next drain.
};

struct SequencerOptions {
  size_t max_queued_postings = 20000;  // Across all queued groups.
  size_t max_postings_per_write = 2000;
  // Called on the sequencer thread after every drain that wrote; must be cheap.
  std::function<void(const CommitStats&)> on_commit;
};

class Sequencer {
 public:
  using Done = std::function<void(absl::StatusOr<std::vector<JournalEntry>>)>;
  // Applied to every new posting on the sequencer thread just before it is appended, so
  // that rules that can change concurrently (a period closing) cannot be raced. It may
  // adjust the posting (move lines to an open period); an error fails the posting's group.
  using Admission = std::function<absl::Status(Posting&)>;

  // `journal` must outlive the sequencer. Starts the sequencer thread.
  Sequencer(Journal* journal, SequencerOptions options, Admission admit = nullptr);
  // Drains what is queued, then stops.
  ~Sequencer();

  // Queues `group`; `done` runs exactly once, on the answer thread, with one entry per
  // posting in order; or inline with RESOURCE_EXHAUSTED (queue full), UNAVAILABLE (shut
  // down) or INVALID_ARGUMENT (group empty or larger than max_postings_per_write).
  void Submit(std::vector<PendingPosting> group, Done done);

  // Stops accepting, answers everything queued, joins the threads. Idempotent and
  // thread-safe, but never from a `done` callback (it would join the thread running it).
  void Shutdown();

  // Runs `fn` on the calling thread while no drain is resolving, admitting or writing:
  // after the drain under way has been written (its answers may still be on their way),
  // before the next one starts. For a
  // change to what admission checks that must also see everything committed (a change of
  // an entity's functional currency, which needs the entity to have no postings from its
  // start on): neither can then slip in between the other's check and its write. `fn`
  // must not call Submit and wait for the answer (the drain would wait for `fn`).
  void RunExclusive(absl::FunctionRef<void()> fn);

 private:
  struct Item {
    std::vector<PendingPosting> group;
    Done done;
  };

  struct Source;
  struct DrainIndex;
  struct Stored;
  struct Answer {
    Done done;
    absl::StatusOr<std::vector<JournalEntry>> result;
  };

  void Run();
  // Queues one drain's answers for the answer thread; waits while two drains are already
  // waiting there, so that a slow caller slows the writer instead of growing memory.
  void Hand(std::vector<Answer> answers);
  void AnswerLoop();
  // Resolves retries, appends the rest in one write, returns every item's answer.
  std::vector<Answer> Commit(std::vector<Item> items, size_t still_queued);
  // Each item's answer: its failure, the write's failure, or its entries (appended ones
  // moved out of `appended`, originals read from the journal).
  std::vector<Answer> Answers(std::vector<Item>& items,
                              const std::vector<std::vector<Source>>& sources,
                              const std::vector<absl::Status>& failures,
                              absl::StatusOr<std::vector<JournalEntry>>& appended) const;
  // The journal's records of every posting of `items` (by item, then posting), read in one
  // batch before any is resolved.
  std::vector<std::vector<Stored>> LookUp(const std::vector<Item>& items) const;
  // Where the answer for `posting` comes from: earlier in this drain or the journal
  // (`stored`, its records), by request_id, else by business key; neither when it is new.
  // ALREADY_EXISTS when either is held by other content.
  static absl::StatusOr<Source> Resolve(const PendingPosting& posting, const DrainIndex& drain,
                                        const Stored& stored);
  // Resolves and admits one group (`stored`: its postings' records): fills `sources` and
  // returns the positions to append, or the error that fails the whole group (a repeat
  // inside it, a partial retry, admission).
  absl::StatusOr<std::vector<size_t>> ResolveGroup(std::vector<PendingPosting>& group,
                                                   const DrainIndex& drain,
                                                   const std::vector<Stored>& stored,
                                                   std::vector<Source>& sources) const;
  // A new posting may be appended: not a second reversal of one entry, and admitted.
  absl::Status Admit(Posting& posting,
                     const absl::flat_hash_set<uint64_t>& reversed_in_drain) const;

  Journal* const journal_;
  const SequencerOptions options_;
  const Admission admit_;
  // Held by the sequencer thread for each drain's Commit, and by RunExclusive.
  absl::Mutex commit_mu_ ABSL_ACQUIRED_BEFORE(mu_);
  absl::Mutex mu_;
  std::deque<Item> queue_ ABSL_GUARDED_BY(mu_);
  size_t queued_postings_ ABSL_GUARDED_BY(mu_) = 0;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  absl::Mutex shutdown_mu_ ABSL_ACQUIRED_BEFORE(mu_, answers_mu_);
  absl::Mutex answers_mu_;
  std::deque<std::vector<Answer>> answers_ ABSL_GUARDED_BY(answers_mu_);
  bool answers_closed_ ABSL_GUARDED_BY(answers_mu_) = false;
  // Last, so that both threads start after everything they use.
  std::thread thread_;
  std::thread answer_thread_;
};

}  // namespace interco::ledger

#endif  // INTERCO_SERVICES_LEDGER_SEQUENCER_H_
