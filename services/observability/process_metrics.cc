#include "services/observability/process_metrics.h"

#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace interco::observability {
namespace {

// Fields of /proc/<pid>/stat counted from 1 (proc(5)): 3 is the state, right after ')'.
constexpr size_t kUtimeField = 14;
constexpr size_t kStimeField = 15;
constexpr size_t kStartTimeField = 22;
constexpr size_t kVsizeField = 23;
constexpr size_t kRssField = 24;

std::optional<std::string> ReadWholeFile(const char* path) {
  std::ifstream file(path);
  if (!file) return std::nullopt;
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// The boot time in seconds since the epoch ("btime" in /proc/stat).
std::optional<double> BootTimeSeconds() {
  const std::optional<std::string> stat = ReadWholeFile("/proc/stat");
  if (!stat.has_value()) return std::nullopt;
  for (absl::string_view line : absl::StrSplit(*stat, '\n')) {
    if (!absl::ConsumePrefix(&line, "btime ")) continue;
    double seconds = 0;
    if (absl::SimpleAtod(line, &seconds)) return seconds;
  }
  return std::nullopt;
}

std::optional<double> OpenFileDescriptors() {
  std::error_code error;
  std::filesystem::directory_iterator it("/proc/self/fd", error);
  if (error) return std::nullopt;
  double count = 0;
  for (; it != std::filesystem::directory_iterator(); it.increment(error)) {
    if (error) return std::nullopt;
    ++count;
  }
  return count - 1;  // The iterator's own descriptor of /proc/self/fd.
}

prometheus::MetricFamily Family(std::string name, std::string help, prometheus::MetricType type,
                                double value) {
  prometheus::ClientMetric metric;
  if (type == prometheus::MetricType::Counter) {
    metric.counter.value = value;
  } else {
    metric.gauge.value = value;
  }
  return prometheus::MetricFamily{std::move(name), std::move(help), type, {std::move(metric)}};
}

}  // namespace

std::optional<ProcStat> ParseProcStat(absl::string_view text) {
  const size_t paren = text.rfind(')');
  if (paren == absl::string_view::npos) return std::nullopt;
  // Field 3 onwards; fields[0] is field 3.
  const std::vector<absl::string_view> fields =
      absl::StrSplit(text.substr(paren + 1), ' ', absl::SkipEmpty());
  auto field = [&fields](size_t number, double* value) {
    return number - 3 < fields.size() && absl::SimpleAtod(fields[number - 3], value);
  };
  ProcStat stat;
  if (!field(kUtimeField, &stat.user_ticks) || !field(kStimeField, &stat.system_ticks) ||
      !field(kStartTimeField, &stat.start_ticks_after_boot) ||
      !field(kVsizeField, &stat.virtual_bytes) || !field(kRssField, &stat.resident_pages)) {
    return std::nullopt;
  }
  return stat;
}

std::vector<prometheus::MetricFamily> ProcessMetrics::Collect() const {
  using prometheus::MetricType;
  std::vector<prometheus::MetricFamily> families;
  const std::optional<std::string> text = ReadWholeFile("/proc/self/stat");
  const std::optional<ProcStat> stat =
      text.has_value() ? ParseProcStat(*text) : std::optional<ProcStat>();
  const long ticks_per_second = sysconf(_SC_CLK_TCK);
  const long page_bytes = sysconf(_SC_PAGESIZE);
  if (stat.has_value() && ticks_per_second > 0 && page_bytes > 0) {
    families.push_back(
        Family("process_cpu_seconds_total", "Total user and system CPU time spent in seconds",
               MetricType::Counter, (stat->user_ticks + stat->system_ticks) / ticks_per_second));
    families.push_back(Family("process_resident_memory_bytes", "Resident memory size in bytes",
                              MetricType::Gauge, stat->resident_pages * page_bytes));
    families.push_back(Family("process_virtual_memory_bytes", "Virtual memory size in bytes",
                              MetricType::Gauge, stat->virtual_bytes));
    if (const std::optional<double> boot = BootTimeSeconds(); boot.has_value()) {
      families.push_back(Family(
          "process_start_time_seconds", "Start time of the process since unix epoch in seconds",
          MetricType::Gauge, *boot + stat->start_ticks_after_boot / ticks_per_second));
    }
  }
  if (const std::optional<double> open = OpenFileDescriptors(); open.has_value()) {
    families.push_back(
        Family("process_open_fds", "Number of open file descriptors", MetricType::Gauge, *open));
  }
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
    families.push_back(Family("process_max_fds", "Maximum number of open file descriptors",
                              MetricType::Gauge, static_cast<double>(limit.rlim_cur)));
  }
  return families;
}

}  // namespace interco::observability
