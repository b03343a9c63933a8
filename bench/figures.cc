#include "bench/figures.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "nlohmann/json.hpp"

namespace interco::bench {
namespace {

double Percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const size_t index = std::min(sorted.size() - 1, static_cast<size_t>(p * sorted.size()));
  return sorted[index];
}

std::string Errors(const Figures& f) {
  if (f.errors.empty()) return "0";
  std::vector<std::string> parts;
  for (const auto& [code, count] : f.errors) parts.push_back(absl::StrCat(code, " ", count));
  return absl::StrJoin(parts, ", ");
}

// Matching figures of another system for the same scenario, load and batch size.
const Figures* Peer(const std::vector<Figures>& all, const Figures& f, const std::string& system) {
  for (const Figures& other : all) {
    if (other.system == system && other.scenario == f.scenario && other.in_flight == f.in_flight &&
        other.batch_size == f.batch_size) {
      return &other;
    }
  }
  return nullptr;
}

std::string Ratio(const Figures& f, const Figures* peer) {
  if (peer == nullptr || peer->lines_per_second() <= 0) return "-";
  return absl::StrFormat("%.2f", f.lines_per_second() / peer->lines_per_second());
}

std::string CpuPerPosting(const Figures& f) {
  const double us = f.cpu_us_per_posting();
  return us >= 0 ? absl::StrFormat("%.1f", us) : "-";
}

// Total bytes per line, then (foreground + flush + compaction).
std::string DiskPerLine(const Figures& f) {
  if (f.disk_bytes_per_line(f.disk_write_bytes) < 0) return "-";
  const int64_t background = f.disk_flush_bytes + f.disk_compaction_bytes;
  return absl::StrFormat("%.0f (%.0f + %.0f + %.0f)", f.disk_bytes_per_line(f.disk_write_bytes),
                         f.disk_bytes_per_line(f.disk_write_bytes - background),
                         f.disk_bytes_per_line(f.disk_flush_bytes),
                         f.disk_bytes_per_line(f.disk_compaction_bytes));
}

}  // namespace

double Median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

void SetLatencies(std::vector<double> latencies_ms, Figures* figures) {
  std::sort(latencies_ms.begin(), latencies_ms.end());
  figures->p50_ms = Percentile(latencies_ms, 0.50);
  figures->p90_ms = Percentile(latencies_ms, 0.90);
  figures->p99_ms = Percentile(latencies_ms, 0.99);
  figures->p999_ms = Percentile(latencies_ms, 0.999);
}

std::string ToLine(const Figures& f) {
  std::string line = absl::StrFormat(
      "%-10s %-8s in flight %4d batch %5d: %9.0f postings/s %10.0f lines/s  p50 %7.2f p90 %7.2f "
      "p99 %7.2f p99.9 %7.2f ms  errors %s",
      f.system, f.scenario, f.in_flight, f.batch_size, f.postings_per_second(),
      f.lines_per_second(), f.p50_ms, f.p90_ms, f.p99_ms, f.p999_ms, Errors(f));
  if (f.server_cpu_seconds >= 0) {
    absl::StrAppendFormat(&line, "  cpu %.1f s (%s us/posting)", f.server_cpu_seconds,
                          CpuPerPosting(f));
  }
  if (f.server_peak_rss_kb >= 0) {
    absl::StrAppendFormat(&line, ", peak rss %d MiB", f.server_peak_rss_kb / 1024);
  }
  if (f.disk_write_bytes >= 0) {
    absl::StrAppend(&line, ", disk bytes/line ", DiskPerLine(f));
  }
  if (!f.note.empty()) absl::StrAppend(&line, "  (", f.note, ")");
  return line;
}

std::string ToJson(const std::map<std::string, std::string>& machine,
                   const std::vector<Figures>& all) {
  nlohmann::json root = {{"machine", machine}, {"results", nlohmann::json::array()}};
  for (const Figures& f : all) {
    root["results"].push_back({{"system", f.system},
                               {"scenario", f.scenario},
                               {"in_flight", f.in_flight},
                               {"batch_size", f.batch_size},
                               {"postings", f.postings},
                               {"lines", f.lines},
                               {"seconds", f.seconds},
                               {"postings_per_second", f.postings_per_second()},
                               {"lines_per_second", f.lines_per_second()},
                               {"p50_ms", f.p50_ms},
                               {"p90_ms", f.p90_ms},
                               {"p99_ms", f.p99_ms},
                               {"p999_ms", f.p999_ms},
                               {"errors", f.errors},
                               {"server_cpu_seconds", f.server_cpu_seconds},
                               {"server_peak_rss_kb", f.server_peak_rss_kb},
                               {"cpu_us_per_posting", f.cpu_us_per_posting()},
                               {"disk_write_bytes", f.disk_write_bytes},
                               {"disk_flush_bytes", f.disk_flush_bytes},
                               {"disk_compaction_bytes", f.disk_compaction_bytes},
                               {"note", f.note}});
  }
  return root.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string ToMarkdown(const std::map<std::string, std::string>& machine,
                       const std::vector<Figures>& all) {
  std::string out = "| machine | |\n| --- | --- |\n";
  for (const auto& [key, value] : machine) absl::StrAppend(&out, "| ", key, " | ", value, " |\n");
  absl::StrAppend(&out,
                  "\n| system | scenario | in flight | batch | postings/s | lines/s | p50 ms | "
                  "p90 ms | p99 ms | p99.9 ms | errors | CPU s | CPU us/posting | "
                  "disk B/line (WAL + flush + compaction) | peak RSS MiB | / raw RocksDB | "
                  "/ fdatasync log | / PostgreSQL |\n|");
  for (int i = 0; i < 18; ++i) absl::StrAppend(&out, " --- |");
  absl::StrAppend(&out, "\n");
  for (const Figures& f : all) {
    const bool interco = f.system == "interco";
    absl::StrAppendFormat(
        &out,
        "| %s | %s | %d | %d | %.0f | %.0f | %.2f | %.2f | %.2f | %.2f | %s | %s | %s | %s | ",
        f.system, f.scenario, f.in_flight, f.batch_size, f.postings_per_second(),
        f.lines_per_second(), f.p50_ms, f.p90_ms, f.p99_ms, f.p999_ms, Errors(f),
        f.server_cpu_seconds >= 0 ? absl::StrFormat("%.1f", f.server_cpu_seconds) : "-",
        CpuPerPosting(f), DiskPerLine(f));
    absl::StrAppendFormat(
        &out, "%s | %s | %s | %s |\n",
        f.server_peak_rss_kb >= 0 ? absl::StrCat(f.server_peak_rss_kb / 1024) : "-",
        interco ? Ratio(f, Peer(all, f, "rocksdb")) : "",
        interco ? Ratio(f, Peer(all, f, "fdatasync-log")) : "",
        interco ? Ratio(f, Peer(all, f, "postgresql")) : "");
  }
  return out;
}

}  // namespace interco::bench
