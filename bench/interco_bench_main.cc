// interco_bench: the benchmark suite in one run (scripts/benchmark.sh runs it with -c opt).
// Interco through gRPC on the real server (unary at 1, 16, 64 and 256 in flight; batches
// of 10, 100 and 1,000; streams), the same postings as raw synced RocksDB WriteBatches
// (the physical limit), as the same bytes appended to a plain file with one fdatasync per
// group (the durable-log limit of the disk) and in PostgreSQL (what a group would
// otherwise use), restart times
// with 1M and 10M ledger lines, and the consolidation figures of
// tests/consolidation_benchmark. Prints every figure, writes them as JSON, and writes the
// markdown table docs/BENCHMARKS.md includes. With --perf_dir, each Interco scenario runs
// under `perf record` of the server (bench/perf_recorder.h).
#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "bench/baselines.h"
#include "bench/figures.h"
#include "bench/load_generator.h"
#include "bench/perf_recorder.h"
#include "bench/restart.h"
#include "nlohmann/json.hpp"
#include "tests/server_process.h"
#include "tests/trading_group.h"

ABSL_FLAG(bool, short_mode, false,
          "a quick check (under 3 minutes): fewer postings, 1M-line restart only");
ABSL_FLAG(std::string, results, "var/bench/results.json", "where to write the figures (JSON)");
ABSL_FLAG(std::string, markdown, "var/bench/results.md", "where to write the markdown table");
ABSL_FLAG(std::string, work_dir, "/tmp/interco_bench", "scratch space for data directories");
ABSL_FLAG(std::string, pg_conninfo, "", "libpq connection string; empty skips PostgreSQL");
ABSL_FLAG(std::string, consolidation_json, "",
          "comma-separated outputs of tests/consolidation_benchmark to include");
ABSL_FLAG(std::string, machine, "", "comma-separated key=value facts about the machine");
ABSL_FLAG(std::string, only, "interco,rocksdb,log,postgresql,restart",
          "the parts to run, comma-separated");
ABSL_FLAG(std::string, perf_dir, "",
          "if set, `perf record` the server during each Interco scenario into "
          "DIR/<scenario>.data (perf adds CPU load: keep such a run's figures apart)");
ABSL_FLAG(std::string, perf_call_graph, "dwarf", "perf record --call-graph mode");
ABSL_FLAG(int, perf_frequency_hz, 499, "perf record samples per second");

namespace interco::bench {
namespace {

struct Plan {
  std::vector<std::pair<int, int>> unary;    // (in flight, calls)
  std::vector<std::pair<int, int>> batches;  // (size, calls), 4 in flight
  std::pair<int, int> streams;               // (streams, per stream)
  std::vector<int64_t> restart_lines;
};

Plan MakePlan(bool short_mode) {
  if (short_mode)
    return {{{1, 300}, {16, 2000}, {64, 4000}, {256, 6000}},
            {{10, 200}, {100, 40}, {1000, 6}},
            {2, 5000},
            {1000000}};
  return {{{1, 2000}, {16, 10000}, {64, 30000}, {256, 50000}},
          {{10, 2000}, {100, 500}, {1000, 60}},
          {4, 10000},
          {1000000, 10000000}};
}

void Report(std::vector<Figures>* all, Figures f) {
  std::printf("%s\n", ToLine(f).c_str());
  std::fflush(stdout);
  all->push_back(std::move(f));
}

void Fail(std::vector<Figures>* all, const std::string& system, const std::string& scenario,
          const absl::Status& status) {
  Figures f{system, scenario};
  f.note = std::string(status.message());
  Report(all, f);
}

// Runs one Interco scenario, under `perf record` of the server when --perf_dir is set.
// `name` ("unary-64") names the profile.
Figures Profiled(pid_t server, const std::string& name, const std::function<Figures()>& run) {
  const std::string dir = absl::GetFlag(FLAGS_perf_dir);
  if (dir.empty()) return run();
  PerfOptions options;
  options.call_graph = absl::GetFlag(FLAGS_perf_call_graph);
  options.frequency_hz = absl::GetFlag(FLAGS_perf_frequency_hz);
  auto perf = PerfRecorder::Start(server, absl::StrCat(dir, "/", name, ".data"), options);
  Figures f = run();
  const absl::Status stopped = perf.ok() ? (*perf)->Stop() : perf.status();
  if (!stopped.ok()) f.note = absl::StrCat("no profile: ", stopped.message());
  return f;
}

void RunInterco(const Plan& plan, const std::string& work, std::vector<Figures>* all) {
  auto server =
      testing::ServerProcess::Start({"--listen=127.0.0.1:0", "--data_dir=" + work + "/interco",
                                     "--log_level=warn", "--max_concurrent_streams=64"});
  if (!server.ok()) return Fail(all, "interco", "start", server.status());
  if (absl::Status setup = testing::SetUpTradingGroup((*server)->Channel()); !setup.ok()) {
    return Fail(all, "interco", "setup", setup);
  }
  const Target target{(*server)->address(), (*server)->pid()};
  for (const auto& [in_flight, calls] : plan.unary) {
    Report(all, Profiled(target.pid, absl::StrCat("unary-", in_flight), [&] {
             return RunUnary(target, in_flight, calls, absl::StrCat("u", in_flight, "-"));
           }));
  }
  for (const auto& [size, calls] : plan.batches) {
    Report(all, Profiled(target.pid, absl::StrCat("batch-", size), [&] {
             return RunBatches(target, 4, size, calls, absl::StrCat("b", size, "-"));
           }));
  }
  Report(all, Profiled(target.pid, absl::StrCat("stream-", plan.streams.first), [&] {
           return RunStreams(target, plan.streams.first, plan.streams.second, "s-");
         }));
}

void RunRocksDb(const Plan& plan, const std::string& work, std::vector<Figures>* all) {
  for (const auto& [in_flight, calls] : plan.unary) {
    auto f = RunRawRocksDb(absl::StrCat(work, "/raw-u", in_flight), "unary", in_flight, 1,
                           std::max(1, calls / in_flight));
    f.ok() ? Report(all, *f) : Fail(all, "rocksdb", "unary", f.status());
  }
  for (const auto& [size, calls] : plan.batches) {
    auto f =
        RunRawRocksDb(absl::StrCat(work, "/raw-b", size), "batch", 4, size, std::max(1, calls / 4));
    f.ok() ? Report(all, *f) : Fail(all, "rocksdb", "batch", f.status());
  }
}

void RunDurableLogBaseline(const Plan& plan, const std::string& work, std::vector<Figures>* all) {
  for (const auto& [in_flight, calls] : plan.unary) {
    auto f = RunDurableLog(absl::StrCat(work, "/log-u", in_flight), "unary", in_flight, 1,
                           std::max(1, calls / in_flight));
    f.ok() ? Report(all, *f) : Fail(all, "fdatasync-log", "unary", f.status());
  }
  for (const auto& [size, calls] : plan.batches) {
    auto f =
        RunDurableLog(absl::StrCat(work, "/log-b", size), "batch", 4, size, std::max(1, calls / 4));
    f.ok() ? Report(all, *f) : Fail(all, "fdatasync-log", "batch", f.status());
  }
}

void RunPostgresBaseline(const Plan& plan, const std::string& conninfo, std::vector<Figures>* all) {
  if (absl::Status ready = PreparePostgres(conninfo); !ready.ok()) {
    return Fail(all, "postgresql", "setup", ready);
  }
  // PostgreSQL runs at a few hundred postings per second here: fewer of them give the
  // same rate in minutes instead of half an hour.
  constexpr int kMaxPostgresPostings = 4000;
  for (const auto& [in_flight, all_calls] : plan.unary) {
    const int calls = std::min(all_calls, kMaxPostgresPostings);
    auto f = RunPostgres(conninfo, "unary", in_flight, 1, std::max(1, calls / in_flight));
    f.ok() ? Report(all, *f) : Fail(all, "postgresql", "unary", f.status());
  }
  for (const auto& [size, all_calls] : plan.batches) {
    const int calls = std::min(all_calls, std::max(4, 4 * kMaxPostgresPostings / size));
    auto f = RunPostgres(conninfo, "batch", 4, size, std::max(1, calls / 4));
    f.ok() ? Report(all, *f) : Fail(all, "postgresql", "batch", f.status());
  }
}

void RunRestarts(const Plan& plan, const std::string& work, std::vector<Figures>* all) {
  for (int64_t lines : plan.restart_lines) {
    const std::string dir = absl::StrCat(work, "/restart-", lines);
    const absl::Time start = absl::Now();
    if (absl::Status filled = FillLedger(dir, lines); !filled.ok()) {
      return Fail(all, "interco", "restart", filled);
    }
    std::printf("filled a ledger of %lld lines in %.1f s\n", static_cast<long long>(lines),
                absl::ToDoubleSeconds(absl::Now() - start));
    auto f = RunRestart(dir, lines, 3);
    f.ok() ? Report(all, *f) : Fail(all, "interco", "restart", f.status());
  }
}

void AddConsolidation(const std::string& files, std::vector<Figures>* all) {
  for (absl::string_view path : absl::StrSplit(files, ',', absl::SkipEmpty())) {
    std::ifstream in{std::string(path)};
    const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
    if (j.is_discarded()) continue;
    Figures f{"interco", "consolidation", 1, j.value("postings", 0)};
    f.postings = j.value("postings", 0);
    f.lines = 4 * f.postings;
    const double scan = j.value("as_of_scan_lines_per_second", 0.0);
    f.seconds = scan > 0 ? f.lines / scan : 0;
    f.p50_ms = j.value("consolidation_from_balances_ms", 0.0);
    f.note = absl::StrCat("p50 = from balances; ",
                          j.value("consolidation_from_compacted_balances_ms", 0.0),
                          " ms once compacted; lines/s = as-of journal scan");
    Report(all, f);
  }
}

std::map<std::string, std::string> Machine() {
  std::map<std::string, std::string> machine;
  for (absl::string_view pair :
       absl::StrSplit(absl::GetFlag(FLAGS_machine), ',', absl::SkipEmpty())) {
    std::pair<std::string, std::string> kv = absl::StrSplit(pair, absl::MaxSplits('=', 1));
    machine[kv.first] = kv.second;
  }
  machine["mode"] = absl::GetFlag(FLAGS_short_mode) ? "short" : "full";
  return machine;
}

int Main() {
  const Plan plan = MakePlan(absl::GetFlag(FLAGS_short_mode));
  const std::string work = absl::GetFlag(FLAGS_work_dir);
  const std::string only = absl::StrCat(",", absl::GetFlag(FLAGS_only), ",");
  auto wanted = [&only](const char* part) {
    return absl::StrContains(only, absl::StrCat(",", part, ","));
  };
  std::vector<Figures> all;
  if (wanted("interco")) RunInterco(plan, work, &all);
  if (wanted("rocksdb")) RunRocksDb(plan, work, &all);
  if (wanted("log")) RunDurableLogBaseline(plan, work, &all);
  if (wanted("postgresql") && !absl::GetFlag(FLAGS_pg_conninfo).empty()) {
    RunPostgresBaseline(plan, absl::GetFlag(FLAGS_pg_conninfo), &all);
  }
  if (wanted("restart")) RunRestarts(plan, work, &all);
  AddConsolidation(absl::GetFlag(FLAGS_consolidation_json), &all);
  const auto machine = Machine();
  std::ofstream(absl::GetFlag(FLAGS_results)) << ToJson(machine, all);
  std::ofstream(absl::GetFlag(FLAGS_markdown)) << ToMarkdown(machine, all);
  std::printf("results: %s and %s\n", absl::GetFlag(FLAGS_results).c_str(),
              absl::GetFlag(FLAGS_markdown).c_str());
  return 0;
}

}  // namespace
}  // namespace interco::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return interco::bench::Main();
}
