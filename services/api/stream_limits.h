// The limits every long-lived client stream of the server shares (posting streams,
// trial balance import streams): a cap on how many are open at once, and an idle timeout
// enforced by a reaper thread. Each service keeps its own slots and reaper, configured
// from the same flags (--max_concurrent_streams, --stream_idle_timeout_ms).
#ifndef INTERCO_SERVICES_API_STREAM_LIMITS_H_
#define INTERCO_SERVICES_API_STREAM_LIMITS_H_

#include <atomic>
#include <thread>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace interco::api {

// What each kind of client stream is allowed; the server fills it from its flags.
class StreamSlots;
struct StreamLimits {
  int max_concurrent_streams = 64;                  // More are RESOURCE_EXHAUSTED.
  absl::Duration idle_timeout = absl::Seconds(30);  // Then DEADLINE_EXCEEDED, STREAM_IDLE.
  // The slots every group's streams share (the server's); null: no bound beyond the above.
  StreamSlots* total = nullptr;
};

// Ends streams whose client has sent nothing for `idle_timeout` while the server waited
// for it, so that idle clients cannot hold the stream slots: a thread of its own looks at
// every open stream a few times per timeout. Thread-safe.
class IdleStreamReaper {
 public:
  class Stream {
   public:
    virtual ~Stream() = default;
    // Ends the stream if it has waited for its client since before `cutoff`.
    virtual void EndIfIdleSince(absl::Time cutoff) = 0;
  };

  explicit IdleStreamReaper(absl::Duration idle_timeout);
  ~IdleStreamReaper();  // Stops the thread; every stream must have been removed.
  IdleStreamReaper(const IdleStreamReaper&) = delete;
  IdleStreamReaper& operator=(const IdleStreamReaper&) = delete;

  void Add(Stream* stream);
  // After Remove returns, `stream` is not being looked at and will not be again.
  void Remove(Stream* stream);

 private:
  void Run();

  const absl::Duration idle_timeout_;
  absl::Mutex mu_;
  absl::flat_hash_set<Stream*> streams_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

// At most `max_open` streams of one kind at once (in one group), and, with `total`, no more
// than it allows for every group together. Thread-safe.
class StreamSlots {
 public:
  explicit StreamSlots(int max_open, StreamSlots* total = nullptr)
      : max_open_(max_open), total_(total) {}
  StreamSlots(const StreamSlots&) = delete;
  StreamSlots& operator=(const StreamSlots&) = delete;

  // Takes a slot, here and in `total`, or RESOURCE_EXHAUSTED when all are taken (reason
  // TOO_MANY_STREAMS; TOO_MANY_STREAMS_TOTAL when the server-wide slots are); every OK must
  // be paired with one Release.
  absl::Status Take();
  void Release();

 private:
  const int max_open_;
  StreamSlots* const total_;
  std::atomic<int> open_{0};
};

}  // namespace interco::api

#endif  // INTERCO_SERVICES_API_STREAM_LIMITS_H_
