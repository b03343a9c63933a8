#include "services/api/import_lane.h"

#include <algorithm>
#include <mutex>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/field_error.h"

namespace interco::api {

absl::Status ValidateImportLaneOptions(const ImportLaneOptions& options) {
  if (options.share_percent < 1 || options.share_percent > 100) {
    return absl::InvalidArgumentError(
        absl::StrCat("--import_share_percent must be in [1, 100] (100: imports never paced), not ",
                     options.share_percent));
  }
  if (options.queue_max < 1 || options.queue_max > 100000) {
    return absl::InvalidArgumentError(
        absl::StrCat("--import_queue_max must be in [1, 100000], not ", options.queue_max));
  }
  return absl::OkStatus();
}

absl::Duration ImportRest(const ImportLaneOptions& options, absl::Duration took,
                          bool postings_busy) {
  if (!postings_busy || options.share_percent >= 100 || took <= absl::ZeroDuration()) {
    return absl::ZeroDuration();
  }
  // Integer nanoseconds with a 128-bit product: exact (rounded down) for any duration.
  const __int128 took_ns = absl::ToInt64Nanoseconds(std::min(took, options.rest_max));
  const absl::Duration rest = absl::Nanoseconds(static_cast<int64_t>(
      took_ns * (100 - options.share_percent) / options.share_percent));
  return std::min(rest, options.rest_max);
}

ImportLane::ImportLane(ImportLaneOptions options) : options_(std::move(options)) {
  thread_ = std::thread([this] { Run(); });
}

ImportLane::~ImportLane() { Shutdown(); }

absl::Status ImportLane::Submit(Work work) {
  size_t queued;
  {
    absl::MutexLock lock(&mu_);
    if (stopping_) {
      return WithReason(
          absl::UnavailableError("the server is shutting down; nothing was written"),
          "SHUTTING_DOWN");
    }
    if (queue_.size() >= static_cast<size_t>(options_.queue_max)) {
      return QuotaError("import_queue_max", absl::StrCat(options_.queue_max),
                        "IMPORT_QUEUE_FULL",
                        absl::StrCat(queue_.size(),
                                     " imports are waiting for the server's import lane "
                                     "(--import_queue_max); nothing was written, retry later"));
    }
    queue_.push_back(std::move(work));
    queued = queue_.size();
  }
  if (options_.observe) options_.observe(queued, absl::ZeroDuration());
  return absl::OkStatus();
}

void ImportLane::Shutdown() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  std::call_once(joined_, [this] { thread_.join(); });
}

size_t ImportLane::queued() const {
  absl::MutexLock lock(&mu_);
  return queue_.size();
}

absl::Duration ImportLane::rested() const {
  absl::MutexLock lock(&mu_);
  return rested_;
}

void ImportLane::Run() {
  auto has_work = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return stopping_ || !queue_.empty();
  };
  for (;;) {
    Work work;
    size_t queued;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(&has_work));
      if (queue_.empty()) return;  // Stopping, and everything queued has run.
      work = std::move(queue_.front());
      queue_.pop_front();
      queued = queue_.size();
    }
    if (options_.observe) options_.observe(queued, absl::ZeroDuration());
    const uint64_t before = postings_committed_.load(std::memory_order_relaxed);
    const absl::Time start = Now();
    work();
    const absl::Duration rest = ImportRest(
        options_, Now() - start, postings_committed_.load(std::memory_order_relaxed) != before);
    if (rest <= absl::ZeroDuration()) continue;
    if (options_.observe) options_.observe(queued, rest);
    absl::MutexLock lock(&mu_);
    rested_ += rest;
    // Shutdown ends the rest: what is queued then runs at once.
    mu_.AwaitWithTimeout(absl::Condition(&stopping_), rest);
  }
}

}  // namespace interco::api
