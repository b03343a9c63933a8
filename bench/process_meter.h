// ProcessMeter: what a process spent on one benchmark scenario, read from Linux's /proc:
//  - CPU time, user + system (/proc/<pid>/stat), of every thread, living or exited;
//  - bytes it caused to be written to the disk (/proc/<pid>/io write_bytes: Linux's task
//    I/O accounting charges a page to the thread that dirties it, so a page that is
//    synced and then appended to again counts again, as the disk writes it again), split
//    by thread: RocksDB's flush threads ("rocksdb:high"), its compaction threads
//    ("rocksdb:low", "rocksdb:bottom"), and the rest, which in a ledger server or a
//    baseline is the foreground: the WAL (and the MANIFEST, the info LOG, OPTIONS files);
//  - peak resident memory (VmHWM), reset at the start (only where asked: resetting it
//    for the benchmark's own process would lose nothing of interest but costs a write).
// Not measured: the filesystem journal's own writes (ext4's jbd2 thread), which no process
// is charged for. Readable for a process of the same user or as root.
#ifndef INTERCO_BENCH_PROCESS_METER_H_
#define INTERCO_BENCH_PROCESS_METER_H_

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "bench/figures.h"

namespace interco::bench {

// Bytes written to the disk by a process, by kind of thread.
struct DiskWrites {
  int64_t total = 0;       // Every thread, exited ones included.
  int64_t flush = 0;       // Threads named rocksdb:high*.
  int64_t compaction = 0;  // Threads named rocksdb:low* or rocksdb:bottom*.
};

// CPU seconds (user + system) of process `pid`, in clock ticks from /proc (the calling
// process's own to the nanosecond); nullopt if /proc cannot tell.
std::optional<double> CpuSeconds(pid_t pid);

// Bytes written so far by `pid`; nullopt without task I/O accounting.
std::optional<DiskWrites> ReadDiskWrites(pid_t pid);

// The value of `field` ("write_bytes") in the text of a /proc/<pid>/io file.
std::optional<int64_t> IoField(absl::string_view io_text, absl::string_view field);

// The number on the line of `field` in the text of a /proc/<pid>/status file: KiB for
// "VmRSS", "VmHWM", "RssAnon", a count for "Threads"; nullopt if the line is missing.
std::optional<int64_t> StatusField(absl::string_view status_text, absl::string_view field);

// StatusField of process `pid` now; nullopt if /proc cannot tell.
std::optional<int64_t> ReadStatusField(pid_t pid, absl::string_view field);

// The file descriptors process `pid` holds open now; nullopt if /proc cannot tell.
std::optional<int64_t> OpenFileCount(pid_t pid);

class ProcessMeter {
 public:
  // Starts measuring `pid`; pid <= 0 measures nothing. `peak_rss` resets and then
  // reports the process's peak resident memory.
  ProcessMeter(pid_t pid, bool peak_rss);

  // Sets figures->server_cpu_seconds, the disk_*_bytes fields and (if asked)
  // server_peak_rss_kb to what the process spent since construction.
  void Finish(Figures* figures) const;

 private:
  pid_t pid_;
  bool peak_rss_;
  std::optional<double> cpu_seconds_;
  std::optional<DiskWrites> disk_;
};

}  // namespace interco::bench

#endif  // INTERCO_BENCH_PROCESS_METER_H_
