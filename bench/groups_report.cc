#include "bench/groups_report.h"

#include <algorithm>
#include <functional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "bench/process_meter.h"
#include "tests/metrics_scrape.h"

namespace interco::bench {
namespace {

double MedianOver(const std::vector<GroupLoadResult>& rounds,
                  const std::function<double(const GroupLoadResult&)>& figure) {
  std::vector<double> values;
  for (const GroupLoadResult& r : rounds) values.push_back(figure(r));
  return Median(std::move(values));
}

// One group's postings/s in a round: the fewest (`most` false) or the most.
double GroupRate(const GroupLoadResult& r, bool most) {
  if (r.postings_by_group.empty() || r.figures.seconds <= 0) return 0;
  const auto [min, max] =
      std::minmax_element(r.postings_by_group.begin(), r.postings_by_group.end());
  return (most ? *max : *min) / r.figures.seconds;
}

std::string Ratio(double value, double one_group) {
  return one_group > 0 ? absl::StrFormat("%.2f", value / one_group) : "-";
}

double Mib(int64_t kb) { return kb / 1024.0; }

nlohmann::json SnapshotJson(const ProcessSnapshot& s) {
  return {{"rss_mib", Mib(s.rss_kb)},
          {"rss_anon_mib", Mib(s.rss_anon_kb)},
          {"threads", s.threads},
          {"open_files", s.open_files},
          {"open_groups", s.open_groups}};
}

// "+N KiB" per idle group between two snapshots' `field`.
std::string PerGroupKib(int64_t from_kb, int64_t to_kb, int groups) {
  if (from_kb < 0 || to_kb < 0 || groups <= 0) return "-";
  return absl::StrFormat("%+.0f KiB", static_cast<double>(to_kb - from_kb) / groups);
}

std::string SnapshotCells(const ProcessSnapshot& s) {
  return absl::StrFormat("%.1f MiB | %.1f MiB | %d | %d | %.0f", Mib(s.rss_kb), Mib(s.rss_anon_kb),
                         s.threads, s.open_files, s.open_groups);
}

}  // namespace

double ThroughputRow::postings_per_second() const {
  return MedianOver(rounds,
                    [](const GroupLoadResult& r) { return r.figures.postings_per_second(); });
}
double ThroughputRow::lines_per_second() const {
  return MedianOver(rounds, [](const GroupLoadResult& r) { return r.figures.lines_per_second(); });
}
double ThroughputRow::cpu_us_per_posting() const {
  return MedianOver(rounds,
                    [](const GroupLoadResult& r) { return r.figures.cpu_us_per_posting(); });
}
double ThroughputRow::p50_ms() const {
  return MedianOver(rounds, [](const GroupLoadResult& r) { return r.figures.p50_ms; });
}
double ThroughputRow::p99_ms() const {
  return MedianOver(rounds, [](const GroupLoadResult& r) { return r.figures.p99_ms; });
}
double ThroughputRow::group_min_postings_per_second() const {
  return MedianOver(rounds, [](const GroupLoadResult& r) { return GroupRate(r, false); });
}
double ThroughputRow::group_max_postings_per_second() const {
  return MedianOver(rounds, [](const GroupLoadResult& r) { return GroupRate(r, true); });
}
int64_t ThroughputRow::errors() const {
  int64_t n = 0;
  for (const GroupLoadResult& r : rounds) {
    for (const auto& [code, count] : r.figures.errors) n += count;
  }
  return n;
}

ProcessSnapshot Snapshot(pid_t pid, const std::string& metrics_address) {
  ProcessSnapshot s;
  s.rss_kb = ReadStatusField(pid, "VmRSS").value_or(-1);
  s.rss_anon_kb = ReadStatusField(pid, "RssAnon").value_or(-1);
  s.threads = ReadStatusField(pid, "Threads").value_or(-1);
  s.open_files = OpenFileCount(pid).value_or(-1);
  if (!metrics_address.empty()) {
    s.open_groups = testing::Sample(testing::Scrape(metrics_address), "interco_groups_open");
  }
  return s;
}

nlohmann::json ToJson(const GroupsRun& run) {
  nlohmann::json rows = nlohmann::json::array();
  for (const ThroughputRow& row : run.rows) {
    const ThroughputRow& one = run.rows.front();
    nlohmann::json rounds = nlohmann::json::array();
    for (const GroupLoadResult& r : row.rounds) {
      const Figures& f = r.figures;
      rounds.push_back({{"seconds", f.seconds},
                        {"postings", f.postings},
                        {"lines", f.lines},
                        {"lines_per_second", f.lines_per_second()},
                        {"server_cpu_seconds", f.server_cpu_seconds},
                        {"cpu_us_per_posting", f.cpu_us_per_posting()},
                        {"p50_ms", f.p50_ms},
                        {"p99_ms", f.p99_ms},
                        {"disk_write_bytes", f.disk_write_bytes},
                        {"server_peak_rss_mib", Mib(f.server_peak_rss_kb)},
                        {"errors", f.errors},
                        {"postings_by_group", r.postings_by_group}});
    }
    rows.push_back({{"groups", row.groups},
                    {"postings_per_second", row.postings_per_second()},
                    {"lines_per_second", row.lines_per_second()},
                    {"lines_ratio_to_one_group", row.lines_per_second() / one.lines_per_second()},
                    {"cpu_us_per_posting", row.cpu_us_per_posting()},
                    {"cpu_ratio_to_one_group", row.cpu_us_per_posting() / one.cpu_us_per_posting()},
                    {"p50_ms", row.p50_ms()},
                    {"p99_ms", row.p99_ms()},
                    {"group_postings_per_second_min", row.group_min_postings_per_second()},
                    {"group_postings_per_second_max", row.group_max_postings_per_second()},
                    {"errors", row.errors()},
                    {"rounds", rounds}});
  }
  const IdleGroupsFigures& idle = run.idle;
  nlohmann::json idle_json = nullptr;
  if (run.idle_measured) {
    idle_json = {{"groups", idle.idle_groups},
                 {"idle_close_s", idle.idle_close_s},
                 {"fresh", SnapshotJson(idle.fresh)},
                 {"open", SnapshotJson(idle.open)},
                 {"closed", SnapshotJson(idle.closed)},
                 {"closed_by_idle_time", idle.closed_by_idle_time},
                 {"close_wait_s", idle.close_wait_s},
                 {"closed_measured_after_s", idle.closed_measured_after_s},
                 {"create_median_ms", idle.create_median_ms},
                 {"create_p99_ms", idle.create_p99_ms},
                 {"open_median_ms", idle.open_median_ms},
                 {"open_p99_ms", idle.open_p99_ms},
                 {"touch_median_ms", idle.touch_median_ms},
                 {"restart_runs", idle.restart_runs},
                 {"startup_fresh_ms", idle.startup_fresh_ms},
                 {"startup_groups_ms", idle.startup_groups_ms}};
  }
  return {
      {"mode", run.short_mode ? "short" : "full"},
      {"load",
       {{"in_flight", run.load.in_flight},
        {"batch_size", run.load.batch_size},
        {"connections", run.load.connections},
        {"warm_up_s", absl::ToDoubleSeconds(run.load.warm_up)},
        {"measured_s", absl::ToDoubleSeconds(run.load.measured)},
        {"rounds", run.rounds},
        {"server_flags", run.server_flags}}},
      {"throughput", rows},
      {"target_ten_groups_lines_ratio", kTargetTenGroupsRatio},
      {"idle_groups", idle_json},
      {"profile", run.profile},
  };
}

namespace {

std::string LoadMarkdown(const GroupsRun& run, const std::string& date) {
  const ThroughputRow& one = run.rows.front();
  std::string out = absl::StrFormat(
      "\n| groups (%s, %s): batches of %d, %d in flight over %d connections, %.0f s measured "
      "after %.0f s, median of %d rounds | postings/s | lines/s | / 1 group | server CPU "
      "us/posting | / 1 group | p50 ms | / 1 group | p99 ms | / 1 group | one group's "
      "postings/s (least-most) | errors |\n"
      "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n",
      run.short_mode ? "short" : "full", date, run.load.batch_size, run.load.in_flight,
      run.load.connections, absl::ToDoubleSeconds(run.load.measured),
      absl::ToDoubleSeconds(run.load.warm_up), run.rounds);
  for (const ThroughputRow& row : run.rows) {
    absl::StrAppendFormat(
        &out,
        "| %d active group%s | %.0f | %.0f | %s | %.1f | %s | %.1f | %s | %.1f | %s | "
        "%.0f-%.0f | %d |\n",
        row.groups, row.groups == 1 ? "" : "s", row.postings_per_second(), row.lines_per_second(),
        Ratio(row.lines_per_second(), one.lines_per_second()), row.cpu_us_per_posting(),
        Ratio(row.cpu_us_per_posting(), one.cpu_us_per_posting()), row.p50_ms(),
        Ratio(row.p50_ms(), one.p50_ms()), row.p99_ms(), Ratio(row.p99_ms(), one.p99_ms()),
        row.group_min_postings_per_second(), row.group_max_postings_per_second(), row.errors());
  }
  for (const ThroughputRow& row : run.rows) {
    if (row.groups != 10) continue;
    const double ratio = row.lines_per_second() / one.lines_per_second();
    absl::StrAppendFormat(&out,
                          "\nTarget: 10 active groups at >= %.0f%% of one group's lines/s: %.0f%%, "
                          "%s.\n",
                          100 * kTargetTenGroupsRatio, 100 * ratio,
                          run.short_mode                   ? "(a short run only shows it works)"
                          : ratio >= kTargetTenGroupsRatio ? "met"
                                                           : "**missed**");
  }
  return out;
}

std::string IdleMarkdown(const IdleGroupsFigures& idle) {
  std::string out;
  absl::StrAppendFormat(
      &out,
      "\n| groups: %d idle groups | server RSS | of which anonymous | threads | open files | "
      "groups open |\n| --- | --- | --- | --- | --- | --- |\n",
      idle.idle_groups);
  absl::StrAppendFormat(&out, "| a fresh server, only \"default\" | %s |\n",
                        SnapshotCells(idle.fresh));
  absl::StrAppendFormat(&out, "| %d groups created, each opened by one GetLedgerHead | %s |\n",
                        idle.idle_groups, SnapshotCells(idle.open));
  absl::StrAppendFormat(
      &out, "| the same, %.0f s after the last call (--group_idle_close_s=%d) | %s |\n",
      idle.closed_measured_after_s, idle.idle_close_s, SnapshotCells(idle.closed));
  absl::StrAppendFormat(
      &out,
      "| per idle group, open / closed (RSS) | %s / %s | %s / %s | %.2f / %.2f | "
      "%.2f / %.2f | |\n",
      PerGroupKib(idle.fresh.rss_kb, idle.open.rss_kb, idle.idle_groups),
      PerGroupKib(idle.fresh.rss_kb, idle.closed.rss_kb, idle.idle_groups),
      PerGroupKib(idle.fresh.rss_anon_kb, idle.open.rss_anon_kb, idle.idle_groups),
      PerGroupKib(idle.fresh.rss_anon_kb, idle.closed.rss_anon_kb, idle.idle_groups),
      static_cast<double>(idle.open.threads - idle.fresh.threads) / idle.idle_groups,
      static_cast<double>(idle.closed.threads - idle.fresh.threads) / idle.idle_groups,
      static_cast<double>(idle.open.open_files - idle.fresh.open_files) / idle.idle_groups,
      static_cast<double>(idle.closed.open_files - idle.fresh.open_files) / idle.idle_groups);
  absl::StrAppendFormat(
      &out,
      "\n| groups: time | measured |\n| --- | --- |\n"
      "| CreateGroup, one at a time (median / p99) | %.1f / %.1f ms |\n"
      "| a closed group's first call, GetLedgerHead, which opens it (median / p99) | %.1f / "
      "%.1f ms |\n"
      "| GetLedgerHead of an open group (median) | %.2f ms |\n"
      "| groups closed by idle time: from the last call until none is open | %s |\n"
      "| start-up, exec to SERVING, only \"default\" (median of %d) | %.0f ms |\n"
      "| start-up with %d groups in the catalog (median of %d) | %.0f ms |\n",
      idle.create_median_ms, idle.create_p99_ms, idle.open_median_ms, idle.open_p99_ms,
      idle.touch_median_ms,
      idle.closed_by_idle_time ? absl::StrFormat("%.0f s", idle.close_wait_s)
                               : absl::StrFormat("**not closed** within %.0f s", idle.close_wait_s),
      idle.restart_runs, idle.startup_fresh_ms, idle.idle_groups + 1, idle.restart_runs,
      idle.startup_groups_ms);
  return out;
}

}  // namespace

std::string ToMarkdown(const GroupsRun& run, const std::string& date) {
  std::string out;
  if (!run.rows.empty()) out += LoadMarkdown(run, date);
  if (run.idle_measured) out += IdleMarkdown(run.idle);
  return out;
}

}  // namespace interco::bench
