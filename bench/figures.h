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

  std::string system;    // "interco", "rocksdb" (raw, the physical limit), "postgresql".
  std::string scenario;  // "unary", "batch", "stream", "consolidation", "restart".
  int in_flight = 0;     // Calls, writers or connections at once.
  int batch_size = 1;    // Postings per call or transaction.
  int64_t postings = 0;
  int64_t lines = 0;
  double seconds = 0;
  // Per call (unary), per batch, or per stream; milliseconds.
  double p50_ms = 0, p90_ms = 0, p99_ms = 0, p999_ms = 0;
  std::map<std::string, int64_t> errors;  // By status code name.
  double server_cpu_seconds = -1;         // -1: not measured (no separate server).
  int64_t server_peak_rss_kb = -1;
  std::string note;

  double postings_per_second() const { return seconds > 0 ? postings / seconds : 0; }
  double lines_per_second() const { return seconds > 0 ? lines / seconds : 0; }
};

// Fills the percentile fields from `latencies_ms` (any order).
void SetLatencies(std::vector<double> latencies_ms, Figures* figures);

// One line for the terminal.
std::string ToLine(const Figures& figures);

// The whole run as JSON: the machine, the date, every scenario.
std::string ToJson(const std::map<std::string, std::string>& machine,
                   const std::vector<Figures>& all);

// A markdown report: the machine, then one table per scenario kind with the ratios of
// Interco to raw RocksDB and to PostgreSQL for the same scenario, batch size and load.
std::string ToMarkdown(const std::map<std::string, std::string>& machine,
                       const std::vector<Figures>& all);

}  // namespace interco::bench

#endif  // INTERCO_BENCH_FIGURES_H_
