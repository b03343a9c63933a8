// Figures: what one benchmark scenario measured, and their JSON and markdown forms.
#ifndef INTERCO_BENCH_FIGURES_H_
#define INTERCO_BENCH_FIGURES_H_

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace interco::bench {

struct Figures {
  Figures() = default;
  Figures(std::string system_name, std::string scenario_name, int in_flight_calls = 0,
          int postings_per_call = 1)
      : system(std::move(system_name)),
        scenario(std::move(scenario_name)),
        in_flight(in_flight_calls),
        batch_size(postings_per_call) {}

  // "interco", "rocksdb" (raw, the physical limit), "fdatasync-log" (the durable-log limit
  // of the disk), "postgresql".
  std::string system;
  std::string scenario;  // "unary", "batch", "stream", "consolidation", "restart".
  int in_flight = 0;     // Calls, writers or connections at once.
  int batch_size = 1;    // Postings per call or transaction.
  int64_t postings = 0;
  int64_t lines = 0;
  double seconds = 0;
  // Per call (unary), per batch, or per stream; milliseconds.
  double p50_ms = 0, p90_ms = 0, p99_ms = 0, p999_ms = 0;
  std::map<std::string, int64_t> errors;  // By status code name.
  // CPU (user + system) of the process under test: the server for Interco, the benchmark
  // itself (its writer threads and RocksDB's) for raw RocksDB and the log; -1: not measured.
  double server_cpu_seconds = -1;
  int64_t server_peak_rss_kb = -1;
  // Bytes the process under test caused to be written to disk (process_meter.h): all of
  // them, and those of RocksDB's flush and compaction threads; the rest is the foreground
  // (the WAL, or the log file). -1: not measured.
  int64_t disk_write_bytes = -1;
  int64_t disk_flush_bytes = -1;
  int64_t disk_compaction_bytes = -1;
  std::string note;

  double postings_per_second() const { return seconds > 0 ? postings / seconds : 0; }
  double lines_per_second() const { return seconds > 0 ? lines / seconds : 0; }
  double cpu_us_per_posting() const {
    return server_cpu_seconds >= 0 && postings > 0 ? server_cpu_seconds * 1e6 / postings : -1;
  }
  double disk_bytes_per_line(int64_t bytes) const {
    return bytes >= 0 && lines > 0 ? static_cast<double>(bytes) / lines : -1;
  }
};

// Fills the percentile fields from `latencies_ms` (any order).
void SetLatencies(std::vector<double> latencies_ms, Figures* figures);

// The median of `values` (any order; the mean of the middle two for an even count); 0 when
// empty.
double Median(std::vector<double> values);

// One line for the terminal.
std::string ToLine(const Figures& figures);

// A benchmark's setting: `flag` when the user gave one (> 0), else the full run's value or,
// with --short_mode, the short one.
inline int ModeDefault(int flag, int full, int short_value, bool short_mode) {
  return flag > 0 ? flag : short_mode ? short_value : full;
}

// The whole run as JSON: the machine, the date, every scenario.
std::string ToJson(const std::map<std::string, std::string>& machine,
                   const std::vector<Figures>& all);

// A markdown report: the machine, then one table with the ratios of Interco to raw
// RocksDB, to the fdatasync'ed log and to PostgreSQL for the same scenario, batch size and
// load.
std::string ToMarkdown(const std::map<std::string, std::string>& machine,
                       const std::vector<Figures>& all);

}  // namespace interco::bench

#endif  // INTERCO_BENCH_FIGURES_H_
