// ImportLane: where trial-balance imports run, apart from the postings they compete with.
//
// An import of 20,000 lines takes tens of milliseconds of one core (checks, resolution
// against the chart, hashing, its write). Run on gRPC's callback threads, back-to-back
// imports took so much of a two-core machine that postings kept half their rate. The lane
// runs every import of the server (every group's, both doors: the unary call and the stream)
// on its own thread, one at a time, in arrival order, and paces them while postings are
// being written: an import of duration t during which any posting was committed is followed
// by a rest of t * (100 - share_percent) / share_percent (at most rest_max) before the next
// import starts, so that imports take about share_percent of the wall time while postings
// are busy, and all of it when they are not. The rest is a wait, not a sleep of the caller:
// nothing holds a gRPC thread.
//
// A queued import whose call has been cancelled or has run out of time is still handed to
// its work, which must check for that first (nothing is written then). The queue is bounded:
// Submit refuses with RESOURCE_EXHAUSTED (IMPORT_QUEUE_FULL) when it holds queue_max
// imports. Thread-safe; the clock is injected for tests.
#ifndef INTERCO_SERVICES_API_IMPORT_LANE_H_
#define INTERCO_SERVICES_API_IMPORT_LANE_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace interco::api {

struct ImportLaneOptions {
  // The share of wall time imports may take while postings are being committed, in percent
  // (1..100; 100: never paced).
  int64_t share_percent = 15;
  // Imports waiting for the lane (each also holds its bytes in the import budget).
  int64_t queue_max = 64;
  // The longest rest after one import, whatever it took.
  absl::Duration rest_max = absl::Seconds(2);
  // Time source; tests inject one. Null: absl::Now.
  std::function<absl::Time()> now;
  // Told, on any thread and without the lane's lock, the queue's length when it changes and
  // each rest as it begins (zero otherwise): for metrics. May be null.
  std::function<void(size_t queued, absl::Duration rest)> observe;
};

// INVALID_ARGUMENT naming the flag (import_share_percent, import_queue_max) out of range.
absl::Status ValidateImportLaneOptions(const ImportLaneOptions& options);

// The rest after an import of `took`; zero unless postings were committed meanwhile.
absl::Duration ImportRest(const ImportLaneOptions& options, absl::Duration took,
                          bool postings_busy);

class ImportLane {
 public:
  using Work = std::function<void()>;

  // Starts the lane's thread.
  explicit ImportLane(ImportLaneOptions options);
  ImportLane(const ImportLane&) = delete;
  ImportLane& operator=(const ImportLane&) = delete;
  // Runs everything queued (without rests), then joins the thread.
  ~ImportLane();

  // Queues `work` to run on the lane's thread; RESOURCE_EXHAUSTED (reason
  // IMPORT_QUEUE_FULL, limit import_queue_max) when the queue is full, UNAVAILABLE after
  // Shutdown; then `work` is not run and its caller answers.
  absl::Status Submit(Work work);

  // Every group's writer tells the lane when it committed postings; cheap, any thread.
  void PostingsCommitted(size_t postings) {
    postings_committed_.fetch_add(postings, std::memory_order_relaxed);
  }

  // Stops accepting, runs what is queued, joins the thread; idempotent. The server calls it
  // after gRPC has drained (a queued import's call waits for its work to answer).
  void Shutdown();

  size_t queued() const;
  // The rests the lane has begun, summed (a metric: how much imports were held back).
  absl::Duration rested() const;

 private:
  void Run();
  absl::Time Now() const { return options_.now ? options_.now() : absl::Now(); }

  const ImportLaneOptions options_;
  std::atomic<uint64_t> postings_committed_{0};
  mutable absl::Mutex mu_;
  std::deque<Work> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  absl::Duration rested_ ABSL_GUARDED_BY(mu_);
  std::thread thread_;
  std::once_flag joined_;
};

}  // namespace interco::api

#endif  // INTERCO_SERVICES_API_IMPORT_LANE_H_
