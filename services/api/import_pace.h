// ImportPace: the time limits of one import stream besides the idle timeout.
//
// An import holds a stream slot and its bytes (import_budget.h) until the client closes its
// side. The idle timeout ends a stream that sends nothing, but a client sending a line
// every second keeps it alive for as long as its connection lives (about 35 minutes). So a
// stream must also keep a minimum rate, min_bytes_per_second averaged over each
// rate_window (the first window starts with the stream), and may last max_duration at
// most, whatever its rate. Both refusals are DEADLINE_EXCEEDED, like the idle timeout,
// not RESOURCE_EXHAUSTED: the server is not full, the stream ran out of time, and a client
// that backs off and retries as slowly gets the same answer; it must send faster (nothing
// of the import was written, resending it is safe).
//
// Plain C++ with the time passed in (tests inject it); not thread-safe (the stream's
// reactor calls it under its own mutex).
#ifndef INTERCO_SERVICES_API_IMPORT_PACE_H_
#define INTERCO_SERVICES_API_IMPORT_PACE_H_

#include <cstddef>
#include <cstdint>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace interco::api {

struct ImportPaceLimits {
  // At least this many bytes per second over each window; 0: no minimum rate.
  int64_t min_bytes_per_second = 1024;
  absl::Duration rate_window = absl::Seconds(30);
  // The longest an import stream may take to send its messages.
  absl::Duration max_duration = absl::Minutes(10);
};

// INVALID_ARGUMENT naming the flag (import_min_bytes_per_second, import_rate_window_s,
// import_max_duration_s) when `limits` are out of range.
absl::Status ValidateImportPaceLimits(const ImportPaceLimits& limits);

class ImportPace {
 public:
  ImportPace(const ImportPaceLimits& limits, absl::Time start)
      : limits_(limits), start_(start), window_start_(start) {}

  // A message of `bytes` (serialized) arrived.
  void Received(size_t bytes) { window_bytes_ += bytes; }

  // OK while the stream keeps to its limits at `now`; DEADLINE_EXCEEDED otherwise, reason
  // STREAM_TOO_LONG (past max_duration) or STREAM_TOO_SLOW (a window that has ended carried
  // less than min_bytes_per_second on average), the ErrorInfo naming the flag. Starts the
  // next window when one has ended, so `now` must not go backwards.
  absl::Status Check(absl::Time now);

 private:
  const ImportPaceLimits limits_;
  const absl::Time start_;
  absl::Time window_start_;
  size_t window_bytes_ = 0;
};

}  // namespace interco::api

#endif  // INTERCO_SERVICES_API_IMPORT_PACE_H_
