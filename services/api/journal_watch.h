// LedgerService.WatchJournal: change data capture. Each stream sends the journal's entries
// after the consumer's sequence, one write at a time, and then waits for the group's
// writer to commit more (JournalWatchers, told by the writer after every commit); the
// stream ends only when the client cancels or its deadline passes (or the server stops).
// Open watches are bounded by their own stream slots.
#ifndef INTERCO_SERVICES_API_JOURNAL_WATCH_H_
#define INTERCO_SERVICES_API_JOURNAL_WATCH_H_

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/grpcpp.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "services/api/stream_limits.h"
#include "services/ledger/poster.h"

namespace interco::api {

// The WatchJournal streams of one group that have sent everything and wait for the next
// commit. Thread-safe.
class JournalWatchers {
 public:
  // What a waiting stream keeps of itself; it outlives the reactor (see the .cc).
  class Waiter {
   public:
    virtual ~Waiter() = default;
    virtual void Wake() = 0;
  };

  // `waiter` is woken once, at the next Committed() or Close(); false (and never woken)
  // once closed.
  bool Wait(std::shared_ptr<Waiter> waiter);
  // Called after every commit (on the writer's thread): wakes every waiting stream.
  void Committed();
  // The server drains: wakes every stream, and each ends (UNAVAILABLE, naming the sequence
  // to resume after) instead of waiting again or sending more.
  void Close();
  bool closed() const { return closed_.load(std::memory_order_acquire); }

 private:
  void WakeAll();

  absl::Mutex mu_;
  std::atomic<bool> closed_{false};  // Set under mu_, read anywhere (every step of a watch).
  std::vector<std::shared_ptr<Waiter>> waiting_ ABSL_GUARDED_BY(mu_);
};

// Whether the caller may read an entry (its read scope: see LedgerService).
using EntryVisible = std::function<bool(const ledger::JournalEntry&)>;

// The reactor of one WatchJournal call; owns itself. `slots` (taken by the caller; released
// when the call ends) and everything else must outlive the call.
grpc::ServerWriteReactor<v1::WatchJournalResponse>* NewJournalWatch(
    const ledger::Poster* poster, JournalWatchers* watchers, StreamSlots* slots,
    EntryVisible visible, uint64_t after_sequence);

}  // namespace interco::api

#endif  // INTERCO_SERVICES_API_JOURNAL_WATCH_H_
