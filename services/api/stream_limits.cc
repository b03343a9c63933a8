#include "services/api/stream_limits.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/common/field_error.h"

namespace interco::api {

IdleStreamReaper::IdleStreamReaper(absl::Duration idle_timeout)
    : idle_timeout_(idle_timeout), thread_([this] { Run(); }) {}

IdleStreamReaper::~IdleStreamReaper() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
}

void IdleStreamReaper::Add(Stream* stream) {
  absl::MutexLock lock(&mu_);
  streams_.insert(stream);
}

void IdleStreamReaper::Remove(Stream* stream) {
  absl::MutexLock lock(&mu_);  // Waits for a look at the streams in progress.
  streams_.erase(stream);
}

void IdleStreamReaper::Run() {
  // A few looks per timeout: a stream ends between 1 and 1.25 timeouts after its client
  // went quiet.
  const absl::Duration period = std::min(idle_timeout_ / 4, absl::Seconds(1));
  absl::MutexLock lock(&mu_);
  while (!mu_.AwaitWithTimeout(absl::Condition(&stopping_), period)) {
    const absl::Time cutoff = absl::Now() - idle_timeout_;
    for (Stream* stream : streams_) stream->EndIfIdleSince(cutoff);
  }
}

absl::Status StreamSlots::Take() {
  if (open_.fetch_add(1) >= max_open_) {
    open_.fetch_sub(1);
    return WithReason(absl::ResourceExhaustedError(absl::StrCat(
                          "at most ", max_open_,
                          " streams of this kind may be open at once in this group "
                          "(--max_concurrent_streams); retry when one has finished")),
                      "TOO_MANY_STREAMS");
  }
  if (total_ == nullptr) return absl::OkStatus();
  if (total_->open_.fetch_add(1) < total_->max_open_) return absl::OkStatus();
  total_->open_.fetch_sub(1);
  open_.fetch_sub(1);
  return WithReason(absl::ResourceExhaustedError(absl::StrCat(
                        "at most ", total_->max_open_,
                        " client streams may be open at once in all groups together "
                        "(--max_concurrent_streams_total); retry when one has finished")),
                    "TOO_MANY_STREAMS_TOTAL");
}

void StreamSlots::Release() {
  if (total_ != nullptr) total_->open_.fetch_sub(1);
  open_.fetch_sub(1);
}

}  // namespace interco::api
