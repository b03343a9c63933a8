// ProcessMetrics: the process's own figures in the names Prometheus' client libraries use
// (prometheus-cpp exports none), read from /proc/self at every scrape:
//   process_cpu_seconds_total      user and system CPU time
//   process_resident_memory_bytes  resident set size
//   process_virtual_memory_bytes   virtual memory size
//   process_open_fds               open file descriptors
//   process_max_fds                the limit on them (RLIMIT_NOFILE, soft)
//   process_start_time_seconds     start time, seconds since the Unix epoch
// A figure that cannot be read (no /proc) is left out of the scrape, never guessed.
// Thread-safe: Collect() keeps no state.
#ifndef INTERCO_SERVICES_OBSERVABILITY_PROCESS_METRICS_H_
#define INTERCO_SERVICES_OBSERVABILITY_PROCESS_METRICS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "prometheus/collectable.h"
#include "prometheus/metric_family.h"

namespace interco::observability {

// The fields of /proc/<pid>/stat that ProcessMetrics exports, in the units the kernel
// gives them.
struct ProcStat {
  double user_ticks = 0;
  double system_ticks = 0;
  double start_ticks_after_boot = 0;
  double virtual_bytes = 0;
  double resident_pages = 0;
};

// Parses the text of /proc/<pid>/stat. The command name (field 2) is in parentheses and
// may hold spaces and parentheses itself, so fields are counted after its last ')'.
// nullopt if the text is not in that form.
std::optional<ProcStat> ParseProcStat(absl::string_view text);

class ProcessMetrics final : public prometheus::Collectable {
 public:
  std::vector<prometheus::MetricFamily> Collect() const override;
};

}  // namespace interco::observability

#endif  // INTERCO_SERVICES_OBSERVABILITY_PROCESS_METRICS_H_
