#include "services/common/bounded_runner.h"

#include <utility>

namespace interco {

BoundedRunner::BoundedRunner(int threads, int queue_max) : queue_max_(queue_max) {
  {
    absl::MutexLock lock(&mu_);
    idle_ = threads;
  }
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Loop(); });
}

BoundedRunner::~BoundedRunner() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  for (std::thread& thread : threads_) thread.join();
}

bool BoundedRunner::TryRun(std::function<void()> job, std::function<void()> then) {
  absl::MutexLock lock(&mu_);
  // Jobs not yet started: one per idle thread (about to start), the rest wait in the queue.
  if (stopping_ || static_cast<size_t>(idle_ + queue_max_) <= accepted_.size()) return false;
  accepted_.push_back({std::move(job), std::move(then)});
  return true;
}

bool BoundedRunner::stopping() const {
  absl::MutexLock lock(&mu_);
  return stopping_;
}

void BoundedRunner::Loop() {
  while (true) {
    Job job;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(
          +[](BoundedRunner* r) ABSL_EXCLUSIVE_LOCKS_REQUIRED(r->mu_) {
            return r->stopping_ || !r->accepted_.empty();
          },
          this));
      if (accepted_.empty()) return;  // Stopping, and every accepted job has run.
      job = std::move(accepted_.front());
      accepted_.pop_front();
      --idle_;
    }
    job.run();
    {
      absl::MutexLock lock(&mu_);
      ++idle_;
    }
    if (job.then) job.then();
  }
}

}  // namespace interco
