// BoundedRunner: runs slow jobs (a whole-ledger verification, a filtered ledger listing) on a
// few threads of its own, never on the gRPC threads, with at most `queue_max` jobs waiting
// for a thread: a job beyond the free threads and the queue is refused at once, so that
// such jobs can neither starve the serving threads (health checks answer while they run)
// nor pile up. Queued jobs run in the order they were accepted. Thread-safe.
#ifndef INTERCO_SERVICES_COMMON_BOUNDED_RUNNER_H_
#define INTERCO_SERVICES_COMMON_BOUNDED_RUNNER_H_

#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace interco {

class BoundedRunner {
 public:
  // Starts `threads` (>= 1) idle threads; at most `queue_max` (>= 0) accepted jobs wait
  // for one (0: a job is accepted only when a thread is free).
  explicit BoundedRunner(int threads, int queue_max = 0);
  // Sets stopping(), runs what was accepted (jobs should then end early), joins.
  ~BoundedRunner();

  BoundedRunner(const BoundedRunner&) = delete;
  BoundedRunner& operator=(const BoundedRunner&) = delete;

  // Runs `job` on a free thread, or queues it; false (and `job` is dropped) when every
  // thread is taken and `queue_max` jobs already wait.
  // `then`, if given, runs on the same thread after `job`, once the job's place is free
  // again: what answers the caller goes there, so that a caller who asks again on hearing
  // the answer is not refused for the job it has just been answered.
  bool TryRun(std::function<void()> job, std::function<void()> then = nullptr);

  // True once the runner is being destroyed: long jobs check it and return early.
  bool stopping() const;

  // The bounds it was made with, for messages that explain a refusal.
  int threads() const { return static_cast<int>(threads_.size()); }
  int queue_max() const { return queue_max_; }

 private:
  void Loop();

  const int queue_max_;
  mutable absl::Mutex mu_;
  struct Job {
    std::function<void()> run, then;
  };
  std::deque<Job> accepted_ ABSL_GUARDED_BY(mu_);
  int idle_ ABSL_GUARDED_BY(mu_) = 0;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace interco

#endif  // INTERCO_SERVICES_COMMON_BOUNDED_RUNNER_H_
