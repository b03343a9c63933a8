// groups: issue 23's benchmark of many groups (tenants) in one server (scripts/benchmark.sh
// runs it with -c opt; docs/BENCHMARKS.md, "Groups").
//
// Target (2 cores): batches of 100 spread over 10 active groups at >= 90% of one group's
// lines/s.
//
// 1. Load: the real server (INTERCO_SERVER_BINARY) with --open_groups_max above the most
//    active groups, so none is ever closed under the load; `--active_groups`' largest count
//    of groups created and each set up (tests/trading_group.h). Then for 1, 10 and 100
//    active groups the same load (bench/group_load.h): `--in_flight` BatchPostTransactions
//    of `--batch_size` postings open at once over `--connections` connections, slot k
//    posting to group k mod N, measured for `--measured_s` after `--warm_up_s`. `--rounds`
//    rounds, every other one in reverse order (1, 10, 100, then 100, 10, 1), so that a
//    drift of the shared machine weighs on both ends; each figure is the median over the
//    rounds, beside its ratio to the one-group figure (the median of each round's ratio),
//    and the CPU the client and every other process of the machine took meanwhile.
// 2. Idle groups: a fresh server (only "default", opened by one call): resident memory,
//    threads, open files. Then `--idle_groups` groups created and each opened by one
//    GetLedgerHead (--open_groups_max above them all): the same figures; then, the server
//    having --group_idle_close_s=`--idle_close_s`, again once its interco_groups_open gauge
//    says every group is closed. What an idle group costs open and closed is the
//    difference to the fresh server. Then the start-up time (exec to SERVING, median of
//    `--restart_runs`) with all those groups in the catalog, against a fresh directory.
// 3. With --perf_dir: `perf record` of the server during one more load per count of groups
//    (DIR/groups-<N>.data), in a pass of its own since perf takes CPU from the load.
//
// Prints the figures, writes them as JSON (--json), and with --results / --markdown adds
// them to the suite's var/bench/results.json (key "groups") and results.md. Data
// directories go under TEST_TMPDIR (or /tmp).
#include <signal.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "bench/figures.h"
#include "bench/group_load.h"
#include "bench/group_setup.h"
#include "bench/groups_report.h"
#include "bench/perf_recorder.h"
#include "bench/process_meter.h"
#include "bench/restart.h"
#include "nlohmann/json.hpp"
#include "tests/server_process.h"

ABSL_FLAG(bool, short_mode, false,
          "a quick check: one round of 3 s after 1 s of warm-up, 100 idle groups");
ABSL_FLAG(std::string, active_groups, "1,10,100",
          "counts of active groups, comma-separated; the first is the reference");
ABSL_FLAG(int, in_flight, 100, "calls open at once over all groups (>= the most groups)");
ABSL_FLAG(int, batch_size, 100, "postings per BatchPostTransactions call");
ABSL_FLAG(int, connections, 8, "connections the load's calls share");
ABSL_FLAG(int, warm_up_s, 0, "seconds of load before the measured window (0: 3, short 1)");
ABSL_FLAG(int, measured_s, 0, "seconds measured per load (0: 10, short 3)");
ABSL_FLAG(int, rounds, 0, "rounds over the counts of groups (0: 5, short 1)");
ABSL_FLAG(std::string, server_flags, "",
          "more flags for the load's server, comma-separated (e.g. --metrics_group_label=false)");
ABSL_FLAG(int, idle_groups, 0, "idle groups created and opened (0: 1,000, short 100)");
ABSL_FLAG(int, idle_close_s, 0,
          "the idle server's --group_idle_close_s; must outlast opening every idle group "
          "(0: 120, short 20)");
ABSL_FLAG(int, restart_runs, 3, "start-ups timed per data directory");
ABSL_FLAG(std::string, only, "load,idle", "the parts to run, comma-separated: load, idle");
ABSL_FLAG(std::string, json, "", "where to write this benchmark's figures as JSON");
ABSL_FLAG(std::string, results, "", "the suite's results.json to add the figures to (key groups)");
ABSL_FLAG(std::string, markdown, "", "the suite's results.md to append the tables to");
ABSL_FLAG(std::string, perf_dir, "",
          "if set, `perf record` the server during one more load per count of groups into "
          "DIR/groups-<N>.data");
ABSL_FLAG(int, perf_frequency_hz, 499, "perf record samples per second");

namespace interco::bench {
namespace {

constexpr absl::Duration kStartTimeout = absl::Seconds(300);
constexpr absl::Duration kStopTimeout = absl::Seconds(120);
constexpr absl::Duration kSettle = absl::Seconds(2);  // For memory to settle before a reading.
// How long after --group_idle_close_s the groups may take to close (the pool looks every
// 5 s at most).
constexpr absl::Duration kCloseWaitMax = absl::Seconds(30);

double LoadAverage() {
  std::ifstream in("/proc/loadavg");
  double one_minute = -1;
  in >> one_minute;
  return one_minute;
}

absl::Status Stop(testing::ServerProcess& server) {
  if (server.SignalAndWait(SIGTERM, kStopTimeout).has_value()) return absl::OkStatus();
  return absl::DeadlineExceededError("the server did not stop");
}

// 1 and 3: the loads over 1, 10, 100 groups, then their profiles.
absl::Status RunLoads(const std::vector<int>& counts, GroupsRun* run) {
  const int most = *std::max_element(counts.begin(), counts.end());
  // Every created group and "default" may be open at once: none is closed under the load.
  std::vector<std::string> flags = {
      "--listen=127.0.0.1:0", "--data_dir=" + testing::FreshTempDir("groups_load"),
      "--log_level=warn", absl::StrCat("--open_groups_max=", most + 1),
      absl::StrCat("--groups_max=", std::max(1000, most + 1))};
  for (absl::string_view flag : absl::StrSplit(run->server_flags, ',', absl::SkipEmpty())) {
    flags.emplace_back(flag);
  }
  auto server = testing::ServerProcess::Start(flags, kStartTimeout);
  if (!server.ok()) return server.status();
  const std::vector<std::string> ids = GroupIds("g-", most);
  const absl::Time setup = absl::Now();
  if (auto created = CreateGroups((*server)->address(), ids, "create-"); !created.ok()) {
    return created.status();
  }
  if (absl::Status s = SetUpGroups((*server)->address(), ids); !s.ok()) return s;
  std::printf("  %d groups created and set up in %.1f s\n", most,
              absl::ToDoubleSeconds(absl::Now() - setup));
  GroupLoadOptions options = run->load;
  options.address = (*server)->address();
  options.server_pid = (*server)->pid();
  for (int count : counts) run->rows.push_back({count, {}});
  for (int round = 0; round < run->rounds; ++round) {
    std::vector<size_t> order(counts.size());
    for (size_t i = 0; i < order.size(); ++i) {
      order[i] = round % 2 == 0 ? i : order.size() - 1 - i;
    }
    for (size_t i : order) {
      ThroughputRow& row = run->rows[i];
      options.groups.assign(ids.begin(), ids.begin() + row.groups);
      options.request_prefix = absl::StrCat("r", round, "-n", row.groups, "-");
      absl::StatusOr<GroupLoadResult> result = RunGroupLoad(options);
      if (!result.ok()) return result.status();
      std::printf("  round %d, %d groups: %s\n", round + 1, row.groups,
                  ToLine(result->figures).c_str());
      std::fflush(stdout);
      row.rounds.push_back(*std::move(result));
    }
  }
  if (const std::string dir = absl::GetFlag(FLAGS_perf_dir); !dir.empty()) {
    PerfOptions perf_options;
    perf_options.frequency_hz = absl::GetFlag(FLAGS_perf_frequency_hz);
    run->profile = dir;
    for (int count : counts) {
      options.groups.assign(ids.begin(), ids.begin() + count);
      options.request_prefix = absl::StrCat("perf-n", count, "-");
      auto perf = PerfRecorder::Start(options.server_pid,
                                      absl::StrCat(dir, "/groups-", count, ".data"), perf_options);
      if (!perf.ok()) {
        run->profile = std::string(perf.status().message());
        break;
      }
      absl::StatusOr<GroupLoadResult> result = RunGroupLoad(options);
      const absl::Status stopped = (*perf)->Stop();
      if (!result.ok()) return result.status();
      if (!stopped.ok()) run->profile = std::string(stopped.message());
      std::printf("  profiled, %d groups: %s\n", count, ToLine(result->figures).c_str());
    }
  }
  return Stop(**server);
}

// 2: what idle groups cost, open and closed, and the start-up time with them.
absl::Status RunIdleGroups(IdleGroupsFigures* idle) {
  const std::string dir = testing::FreshTempDir("groups_idle");
  const std::vector<std::string> group_flags = {
      absl::StrCat("--groups_max=", std::max(1000, idle->idle_groups + 1)),
      absl::StrCat("--open_groups_max=", idle->idle_groups + 1),
      absl::StrCat("--group_idle_close_s=", idle->idle_close_s)};
  std::vector<std::string> flags = {"--listen=127.0.0.1:0", "--data_dir=" + dir,
                                    "--log_level=warn"};
  flags.insert(flags.end(), group_flags.begin(), group_flags.end());
  auto server = testing::ServerProcess::Start(flags, kStartTimeout);
  if (!server.ok()) return server.status();
  const std::string address = (*server)->address();
  const pid_t pid = (*server)->pid();
  const std::string metrics = (*server)->metrics_address();
  if (auto touched = TouchGroups(address, {"default"}); !touched.ok()) return touched.status();
  absl::SleepFor(kSettle);
  idle->fresh = Snapshot(pid, metrics);

  const std::vector<std::string> ids = GroupIds("idle-", idle->idle_groups);
  absl::StatusOr<std::vector<double>> created = CreateGroups(address, ids, "create-");
  if (!created.ok()) return created.status();
  Figures create_times;
  SetLatencies(*created, &create_times);
  idle->create_median_ms = create_times.p50_ms;
  idle->create_p99_ms = create_times.p99_ms;
  absl::StatusOr<std::vector<double>> opened = TouchGroups(address, ids);
  if (!opened.ok()) return opened.status();
  Figures open_times;
  SetLatencies(*opened, &open_times);
  idle->open_median_ms = open_times.p50_ms;
  idle->open_p99_ms = open_times.p99_ms;
  absl::StatusOr<std::vector<double>> touched = TouchGroups(address, ids);
  if (!touched.ok()) return touched.status();
  const absl::Time last_call = absl::Now();
  idle->touch_median_ms = Median(*touched);
  absl::SleepFor(kSettle);
  idle->open = Snapshot(pid, metrics);
  if (idle->open.open_groups < idle->idle_groups) {
    std::printf("  note: only %.0f of %d groups open when measured; raise --idle_close_s\n",
                idle->open.open_groups, idle->idle_groups);
  }
  // Watched in /proc rather than through the metrics, so that watching is no use of the
  // groups (a scrape leases every open group). Every open group has threads of its own,
  // which its closing ends.
  const absl::Time deadline = last_call + absl::Seconds(idle->idle_close_s) + kCloseWaitMax;
  while (absl::Now() < deadline &&
         ReadStatusField(pid, "Threads").value_or(0) > idle->fresh.threads) {
    absl::SleepFor(absl::Seconds(1));
  }
  idle->close_wait_s = absl::ToDoubleSeconds(absl::Now() - last_call);
  absl::SleepFor(kSettle);
  idle->closed = Snapshot(pid, metrics);
  idle->closed_measured_after_s = absl::ToDoubleSeconds(absl::Now() - last_call);
  idle->closed_by_idle_time = idle->closed.threads <= idle->fresh.threads;
  if (absl::Status s = Stop(**server); !s.ok()) return s;

  idle->restart_runs = absl::GetFlag(FLAGS_restart_runs);
  absl::StatusOr<Figures> with_groups = RunRestart(dir, 0, idle->restart_runs, group_flags);
  if (!with_groups.ok()) return with_groups.status();
  idle->startup_groups_ms = with_groups->p50_ms;
  const std::string fresh = testing::FreshTempDir("groups_fresh");
  // The first start creates "default"; the timed ones open it, as with the groups.
  if (auto first = RunRestart(fresh, 0, 1, group_flags); !first.ok()) return first.status();
  absl::StatusOr<Figures> without = RunRestart(fresh, 0, idle->restart_runs, group_flags);
  if (!without.ok()) return without.status();
  idle->startup_fresh_ms = without->p50_ms;
  return absl::OkStatus();
}

int Main() {
  const bool short_mode = absl::GetFlag(FLAGS_short_mode);
  GroupsRun run;
  run.short_mode = short_mode;
  run.load.in_flight = absl::GetFlag(FLAGS_in_flight);
  run.load.batch_size = absl::GetFlag(FLAGS_batch_size);
  run.load.connections = absl::GetFlag(FLAGS_connections);
  run.load.warm_up = absl::Seconds(ModeDefault(absl::GetFlag(FLAGS_warm_up_s), 3, 1, short_mode));
  run.load.measured =
      absl::Seconds(ModeDefault(absl::GetFlag(FLAGS_measured_s), 10, 3, short_mode));
  run.rounds = ModeDefault(absl::GetFlag(FLAGS_rounds), 5, 1, short_mode);
  run.server_flags = absl::GetFlag(FLAGS_server_flags);
  run.idle.idle_groups = ModeDefault(absl::GetFlag(FLAGS_idle_groups), 1000, 100, short_mode);
  run.idle.idle_close_s = ModeDefault(absl::GetFlag(FLAGS_idle_close_s), 120, 20, short_mode);
  std::vector<int> counts;
  for (absl::string_view part : absl::StrSplit(absl::GetFlag(FLAGS_active_groups), ',')) {
    int count = 0;
    if (!absl::SimpleAtoi(part, &count) || count < 1 || count > 1000) {
      std::fprintf(stderr, "groups: --active_groups takes counts in [1, 1000]\n");
      return 2;
    }
    counts.push_back(count);
  }
  const auto fail = [](const absl::Status& status) {
    std::fprintf(stderr, "groups: %s\n", status.ToString().c_str());
    return 1;
  };
  const double load_before = LoadAverage();
  std::printf("groups: batches of %d, %d in flight, over %s active groups; load average %.2f\n",
              run.load.batch_size, run.load.in_flight, absl::GetFlag(FLAGS_active_groups).c_str(),
              load_before);
  const std::string only = absl::StrCat(",", absl::GetFlag(FLAGS_only), ",");
  if (absl::StrContains(only, ",load,")) {
    if (absl::Status s = RunLoads(counts, &run); !s.ok()) return fail(s);
  }
  if (absl::StrContains(only, ",idle,")) {
    if (absl::Status s = RunIdleGroups(&run.idle); !s.ok()) return fail(s);
    run.idle_measured = true;
  }
  const double load_after = LoadAverage();

  const std::string date = absl::StrCat(
      absl::FormatTime("%Y-%m-%d %H:%M UTC", absl::Now(), absl::UTCTimeZone()),
      absl::StrFormat(", load average %.1f before, %.1f after", load_before, load_after));
  const std::string markdown = ToMarkdown(run, date);
  std::printf("%s", markdown.c_str());
  nlohmann::json j = ToJson(run);
  j["date"] = date;
  j["load_average_before"] = load_before;
  j["load_average_after"] = load_after;
  if (const std::string path = absl::GetFlag(FLAGS_json); !path.empty()) {
    std::ofstream(path) << j.dump(2) << "\n";
  }
  if (const std::string path = absl::GetFlag(FLAGS_results); !path.empty()) {
    std::ifstream in(path);
    nlohmann::json all = nlohmann::json::parse(in, nullptr, false);
    if (all.is_discarded() || !all.is_object()) all = nlohmann::json::object();
    all["groups"] = j;
    std::ofstream(path) << all.dump(2) << "\n";
  }
  if (const std::string path = absl::GetFlag(FLAGS_markdown); !path.empty()) {
    std::ofstream(path, std::ios::app) << markdown;
  }
  return 0;
}

}  // namespace
}  // namespace interco::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return interco::bench::Main();
}
