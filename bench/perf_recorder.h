// PerfRecorder: Linux `perf record` of another process for as long as the recorder lives,
// to profile the server during one benchmark scenario. Sampling is by cpu-clock (a
// software event: hardware counters are often missing in virtual machines), and call
// stacks are unwound from DWARF unwind tables by default, because the Debian libraries the
// server spends most of its time in (gRPC, protobuf, RocksDB) keep no frame pointers.
// Not thread-safe; one recorder per profiled scenario.
#ifndef INTERCO_BENCH_PERF_RECORDER_H_
#define INTERCO_BENCH_PERF_RECORDER_H_

#include <sys/types.h>

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace interco::bench {

struct PerfOptions {
  std::string perf = "perf";         // The perf binary, looked up in PATH.
  int frequency_hz = 499;            // Samples per second and thread on CPU.
  std::string call_graph = "dwarf";  // perf record's --call-graph: "fp", "dwarf[,bytes]".
  int attach_wait_ms = 300;          // How long perf is given to attach.
};

class PerfRecorder {
 public:
  // Starts `perf record` of every thread of `pid` into `data_path`; perf's own messages go
  // to data_path + ".log". UNAVAILABLE if perf cannot be started or exits at once (not
  // installed, or not permitted: perf_event_paranoid, a container without perf events).
  static absl::StatusOr<std::unique_ptr<PerfRecorder>> Start(pid_t pid,
                                                             const std::string& data_path,
                                                             const PerfOptions& options);

  PerfRecorder(const PerfRecorder&) = delete;
  PerfRecorder& operator=(const PerfRecorder&) = delete;

  // Stops perf if still recording.
  ~PerfRecorder();

  // Asks perf to stop (SIGINT) and waits until it has written its file. Idempotent.
  absl::Status Stop();

 private:
  PerfRecorder(pid_t perf_pid, std::string data_path)
      : perf_pid_(perf_pid), data_path_(std::move(data_path)) {}

  pid_t perf_pid_;  // 0 once stopped.
  std::string data_path_;
};

}  // namespace interco::bench

#endif  // INTERCO_BENCH_PERF_RECORDER_H_
