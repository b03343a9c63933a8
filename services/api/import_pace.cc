#include "services/api/import_pace.h"

#include "absl/strings/str_cat.h"
#include "services/common/field_error.h"

namespace interco::api {

absl::Status ValidateImportPaceLimits(const ImportPaceLimits& limits) {
  // Above 1 GB/s no client could keep to it; the window is at least a second, so that a
  // brief stall of a healthy client (a GC pause, a retransmission) is averaged out.
  if (limits.min_bytes_per_second < 0 || limits.min_bytes_per_second > (int64_t{1} << 30)) {
    return absl::InvalidArgumentError("--import_min_bytes_per_second must be in [0, 1073741824]");
  }
  if (limits.rate_window < absl::Seconds(1) || limits.rate_window > absl::Hours(1)) {
    return absl::InvalidArgumentError("--import_rate_window_s must be in [1, 3600]");
  }
  if (limits.max_duration < absl::Seconds(1) || limits.max_duration > absl::Hours(24)) {
    return absl::InvalidArgumentError("--import_max_duration_s must be in [1, 86400]");
  }
  return absl::OkStatus();
}

absl::Status ImportPace::Check(absl::Time now) {
  if (now - start_ > limits_.max_duration) {
    const int64_t max_s = absl::ToInt64Seconds(limits_.max_duration);
    return LimitError(absl::StatusCode::kDeadlineExceeded, "import_max_duration_s",
                      absl::StrCat(max_s), "STREAM_TOO_LONG",
                      absl::StrCat("an import stream may take at most ", max_s,
                                   " s (--import_max_duration_s); nothing was written, resend "
                                   "it faster"));
  }
  const absl::Duration elapsed = now - window_start_;
  if (limits_.min_bytes_per_second == 0 || elapsed < limits_.rate_window) {
    return absl::OkStatus();
  }
  // A window checked late (the reaper looks about once a second) is judged over its whole
  // length, never more strictly than over rate_window.
  const double needed = absl::ToDoubleSeconds(elapsed) * limits_.min_bytes_per_second;
  if (static_cast<double>(window_bytes_) < needed) {
    return LimitError(
        absl::StatusCode::kDeadlineExceeded, "import_min_bytes_per_second",
        absl::StrCat(limits_.min_bytes_per_second), "STREAM_TOO_SLOW",
        absl::StrCat("the import stream sent ", window_bytes_, " bytes in the last ",
                     absl::FormatDuration(elapsed), ", less than ",
                     limits_.min_bytes_per_second,
                     " bytes per second (--import_min_bytes_per_second); nothing was "
                     "written, resend it faster"));
  }
  window_start_ = now;
  window_bytes_ = 0;
  return absl::OkStatus();
}

}  // namespace interco::api
