#include "services/api/journal_watch.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "services/api/authorizer.h"
#include "services/api/grpc_status.h"
#include "services/api/ledger_convert.h"

namespace interco::api {

bool JournalWatchers::Wait(std::shared_ptr<Waiter> waiter) {
  absl::MutexLock lock(&mu_);
  if (closed_.load(std::memory_order_relaxed)) return false;
  waiting_.push_back(std::move(waiter));
  return true;
}

void JournalWatchers::Committed() { WakeAll(); }

void JournalWatchers::Close() {
  {
    absl::MutexLock lock(&mu_);
    closed_.store(true, std::memory_order_release);
  }
  WakeAll();
}

void JournalWatchers::WakeAll() {
  std::vector<std::shared_ptr<Waiter>> woken;
  {
    absl::MutexLock lock(&mu_);
    if (waiting_.empty()) return;
    woken.swap(waiting_);
  }
  for (const std::shared_ptr<Waiter>& waiter : woken) waiter->Wake();
}

namespace {

class WatchReactor;

// What the watchers hold of a stream: it outlives the reactor, so that a wake that races
// the call's end finds the reactor gone (null) instead of touching freed memory.
struct WatchState final : JournalWatchers::Waiter {
  void Wake() override;

  absl::Mutex mu;
  WatchReactor* reactor ABSL_GUARDED_BY(mu) = nullptr;  // Null once the call is done.
  bool waiting ABSL_GUARDED_BY(mu) = false;
};

class WatchReactor final : public grpc::ServerWriteReactor<v1::WatchJournalResponse> {
 public:
  WatchReactor(const ledger::Poster* poster, JournalWatchers* watchers, StreamSlots* slots,
               EntryVisible visible, uint64_t after_sequence)
      : poster_(poster),
        watchers_(watchers),
        slots_(slots),
        visible_(std::move(visible)),
        state_(std::make_shared<WatchState>()),
        next_(after_sequence + 1) {
    absl::MutexLock lock(&state_->mu);
    state_->reactor = this;
    AdvanceLocked();
  }

  // Sends the next entry, or waits for the next commit. Called with the state's lock held.
  void AdvanceLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(state_->mu) {
    if (finished_) return;
    if (watchers_->closed()) {
      FinishClosingLocked();
      return;
    }
    // Entries out of the caller's scope are skipped, a bounded number per step so that a
    // poster's watch over a long journal does not hold a thread for long.
    for (int skipped = 0; skipped < 1000; ++skipped) {
      absl::StatusOr<ledger::JournalEntry> entry = poster_->EntryAt(next_);
      if (entry.status().code() == absl::StatusCode::kNotFound) {
        // Beyond the head: wait, then look once more, since a commit may have come between
        // the read and the wait (a second wake is then ignored).
        state_->waiting = true;
        if (!watchers_->Wait(state_)) {
          FinishClosingLocked();
          return;
        }
        if (!poster_->EntryAt(next_).ok()) return;
        state_->waiting = false;
        continue;
      }
      if (!entry.ok()) {
        FinishLocked(entry.status());
        return;
      }
      if (!visible_(*entry)) {
        ++next_;
        continue;
      }
      absl::StatusOr<v1::LedgerEntry> proto = EntryToProto(*entry);
      if (!proto.ok()) {
        FinishLocked(proto.status());
        return;
      }
      *response_.mutable_entry() = *std::move(proto);
      StartWrite(&response_);
      return;
    }
    // Many skipped: go on after the wait that costs nothing, the next commit or a later pass.
    state_->waiting = true;
    if (!watchers_->Wait(state_)) FinishClosingLocked();
  }

  void OnWriteDone(bool ok) override {
    absl::MutexLock lock(&state_->mu);
    if (!ok) {  // The client went away; OnCancel follows.
      FinishLocked(absl::CancelledError("the watch's client went away"));
      return;
    }
    ++next_;
    AdvanceLocked();
  }

  void OnCancel() override {
    absl::MutexLock lock(&state_->mu);
    FinishLocked(absl::CancelledError("the watch was cancelled or reached its deadline"));
  }

  void OnDone() override {
    {
      absl::MutexLock lock(&state_->mu);
      state_->reactor = nullptr;
      state_->waiting = false;
    }
    slots_->Release();
    delete this;
  }

 private:
  friend struct WatchState;

  void FinishLocked(const absl::Status& status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(state_->mu) {
    if (finished_) return;
    finished_ = true;
    state_->waiting = false;
    Finish(ToGrpcStatus(status));
  }

  // The server drains (JournalWatchers::Close): the consumer resumes where this one stopped.
  void FinishClosingLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(state_->mu) {
    FinishLocked(ShuttingDownError(absl::StrCat("resume the watch after sequence ", next_ - 1,
                                                " (at another replica, or here once it is back)")));
  }

  const ledger::Poster* const poster_;
  JournalWatchers* const watchers_;
  StreamSlots* const slots_;
  const EntryVisible visible_;
  const std::shared_ptr<WatchState> state_;
  uint64_t next_;  // Under state_->mu.
  bool finished_ = false;  // Under state_->mu.
  v1::WatchJournalResponse response_;  // The write under way.
};

void WatchState::Wake() {
  absl::MutexLock lock(&mu);
  if (reactor == nullptr || !waiting) return;
  waiting = false;
  reactor->AdvanceLocked();
}

}  // namespace

grpc::ServerWriteReactor<v1::WatchJournalResponse>* NewJournalWatch(
    const ledger::Poster* poster, JournalWatchers* watchers, StreamSlots* slots,
    EntryVisible visible, uint64_t after_sequence) {
  return new WatchReactor(poster, watchers, slots, std::move(visible), after_sequence);
}

}  // namespace interco::api
