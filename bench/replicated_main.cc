// replicated: issue 25's benchmark of replicated mode against embedded mode on this machine
// (scripts/benchmark.sh runs it with -c opt; docs/BENCHMARKS.md, "Replicated mode").
//
// Target (2 cores): batches at >= 50% of embedded mode's lines/s.
//
// 1. Embedded: one server, the trading group set up (tests/trading_group.h), then batches of
//    100 (16 calls in flight) and of 1,000 (4 in flight) for `--measured_s` after
//    `--warm_up_s` (bench/group_load.h): lines/s, latency, server CPU per posting.
// 2. Replicated: a 3-member etcd cluster and 3 servers (tests/replicated_pods.h), the same
//    loads at the owner, and batches of 100 sent to a follower (forwarded to the owner).
//    Beside the owner's CPU, the CPU of the three etcd members over each whole load
//    (warm-up included) per posting the ledger's head moved by, and the bytes of the log's
//    records in etcd per posting.
// 3. Failover: `--failovers` times, kill -9 of the owner, then the time until another pod
//    answers as owner (lease `--lease_ttl_s`); the killed pod is started again after each.
// Each load figure is the median over `--rounds` rounds. Prints the figures, writes them as
// JSON (--json) and appends a table to --markdown. Data directories go under TEST_TMPDIR.
#include <signal.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "bench/figures.h"
#include "bench/group_load.h"
#include "bench/process_meter.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "nlohmann/json.hpp"
#include "storage/etcd/etcd_log.h"
#include "tests/replicated_pods.h"
#include "tests/server_process.h"
#include "tests/trading_group.h"

ABSL_FLAG(bool, short_mode, false, "a quick check: one round of 3 s after 1 s, 3 failovers");
ABSL_FLAG(int, rounds, 0, "rounds of each load (0: 3, short 1)");
ABSL_FLAG(int, warm_up_s, 0, "seconds of load before each measured window (0: 3, short 1)");
ABSL_FLAG(int, measured_s, 0, "seconds measured per load (0: 10, short 3)");
ABSL_FLAG(int, failovers, 0, "kill -9 cycles of the owner (0: 10, short 3)");
ABSL_FLAG(int, lease_ttl_s, 2, "--group_lease_ttl_s of the replicated servers");
ABSL_FLAG(std::string, json, "", "write the figures here as JSON");
ABSL_FLAG(std::string, markdown, "", "append the table to this file");

namespace interco::bench {
namespace {

struct Load {
  std::string name;
  int batch_size;
  int in_flight;
};

const std::vector<Load>& Loads() {
  // One posting per call at 64 in flight: the "unary at 64" (through
  // BatchPostTransactions with one item, as the group load sends every posting).
  static const auto* loads = new std::vector<Load>{
      {"batch 100", 100, 16}, {"batch 1000", 1000, 4}, {"1 per call", 1, 64}};
  return *loads;
}

// One load's figures over the rounds: the round with the median lines/s.
struct Measured {
  Figures figures{"interco", "batch"};
  double etcd_cpu_us_per_posting = -1;
};

std::vector<std::string> ServerFlags() {
  return {"--log_level=warn", "--mutex_deadlock_detection=false"};
}

uint64_t HeadSequence(const std::string& address) {
  auto ledger = v1::LedgerService::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  v1::LedgerHead head;
  return ledger->GetLedgerHead(&context, v1::GetLedgerHeadRequest(), &head).ok() ? head.sequence()
                                                                                 : 0;
}

double CpuOf(const std::vector<pid_t>& pids) {
  double total = 0;
  for (pid_t pid : pids) total += CpuSeconds(pid).value_or(0);
  return total;
}

// `load` at `address` (the server `pid`), `rounds` times; `etcd` pids measured too.
absl::StatusOr<Measured> Measure(const Load& load, const std::string& address, pid_t pid,
                                 const std::vector<pid_t>& etcd, int rounds,
                                 const std::string& prefix) {
  const bool short_mode = absl::GetFlag(FLAGS_short_mode);
  std::vector<Measured> all;
  for (int round = 0; round < rounds; ++round) {
    GroupLoadOptions options;
    options.address = address;
    options.server_pid = pid;
    options.groups = {"default"};
    options.batch_size = load.batch_size;
    options.in_flight = load.in_flight;
    options.connections = 4;
    options.warm_up = absl::Seconds(ModeDefault(absl::GetFlag(FLAGS_warm_up_s), 3, 1, short_mode));
    options.measured =
        absl::Seconds(ModeDefault(absl::GetFlag(FLAGS_measured_s), 10, 3, short_mode));
    // Request ids take letters, digits and '-' only: the label's first word.
    options.request_prefix =
        absl::StrCat(prefix.substr(0, prefix.find(' ')), "-", load.batch_size, "-", round, "-");
    const uint64_t head_before = HeadSequence(address);
    const double etcd_before = CpuOf(etcd);
    absl::StatusOr<GroupLoadResult> result = RunGroupLoad(options);
    if (!result.ok()) return result.status();
    Measured measured;
    measured.figures = result->figures;
    const uint64_t posted = HeadSequence(address) - head_before;
    if (!etcd.empty() && posted > 0) {
      measured.etcd_cpu_us_per_posting = (CpuOf(etcd) - etcd_before) * 1e6 / posted;
    }
    std::printf("  %-26s %s\n", prefix.c_str(), ToLine(measured.figures).c_str());
    all.push_back(measured);
  }
  std::sort(all.begin(), all.end(), [](const Measured& a, const Measured& b) {
    return a.figures.lines_per_second() < b.figures.lines_per_second();
  });
  return all[all.size() / 2];
}

// The bytes of the default group's log records in etcd, paged.
absl::StatusOr<int64_t> LogBytes(const std::vector<std::string>& endpoints) {
  auto etcd = storage::EtcdLog::Connect({.endpoints = endpoints});
  if (!etcd.ok()) return etcd.status();
  const std::string end = "/interco/groups/default/log0";
  std::string from = "/interco/groups/default/log/";
  int64_t bytes = 0;
  for (;;) {
    auto page = (*etcd)->Range(from, end, 16);
    if (!page.ok()) return page.status();
    for (const auto& [key, value] : *page) bytes += static_cast<int64_t>(key.size() + value.size());
    if (page->size() < 16) return bytes;
    from = page->back().first + std::string(1, '\0');
  }
}

nlohmann::json ToJson(const Measured& m) {
  return {{"lines_per_second", m.figures.lines_per_second()},
          {"postings_per_second", m.figures.postings_per_second()},
          {"p50_ms", m.figures.p50_ms},
          {"p99_ms", m.figures.p99_ms},
          {"server_cpu_us_per_posting", m.figures.cpu_us_per_posting()},
          {"etcd_cpu_us_per_posting", m.etcd_cpu_us_per_posting},
          {"errors", m.figures.errors}};
}

int Run() {
  const bool short_mode = absl::GetFlag(FLAGS_short_mode);
  const int rounds = ModeDefault(absl::GetFlag(FLAGS_rounds), 3, 1, short_mode);
  const int failovers = ModeDefault(absl::GetFlag(FLAGS_failovers), 10, 3, short_mode);
  nlohmann::json json;
  std::vector<std::pair<Measured, Measured>> pairs;  // Embedded, replicated, per load.

  std::printf("replicated: embedded mode, one server\n");
  std::vector<std::string> flags = {"--listen=127.0.0.1:0",
                                    "--data_dir=" + testing::FreshTempDir("replicated_embedded")};
  for (const std::string& flag : ServerFlags()) flags.push_back(flag);
  auto embedded = testing::ServerProcess::Start(flags, absl::Seconds(120));
  if (!embedded.ok()) {
    std::fprintf(stderr, "replicated: %s\n", embedded.status().ToString().c_str());
    return 1;
  }
  if (absl::Status set_up = testing::SetUpTradingGroup((*embedded)->Channel()); !set_up.ok()) {
    std::fprintf(stderr, "replicated: setting up: %s\n", set_up.ToString().c_str());
    return 1;
  }
  std::vector<Measured> embedded_figures;
  for (const Load& load : Loads()) {
    auto m = Measure(load, (*embedded)->address(), (*embedded)->pid(), {}, rounds, "embedded");
    if (!m.ok()) return std::fprintf(stderr, "replicated: %s\n", m.status().ToString().c_str()), 1;
    embedded_figures.push_back(*m);
  }
  (*embedded)->SignalAndWait(SIGTERM, absl::Seconds(30));

  std::printf("replicated: 3 etcd members, 3 servers\n");
  testing::ReplicatedPodsOptions options;
  options.pods = 3;
  options.lease_ttl = absl::Seconds(absl::GetFlag(FLAGS_lease_ttl_s));
  options.extra_flags = ServerFlags();
  // The ha overlay's quota, compacted every minute: at full speed this machine writes tens
  // of MB/s into the log, and the tests' 256-MiB quota fills in seconds. The log is not
  // trimmed during the run (a few million postings fit), so that its bytes per posting are
  // those of every posting.
  options.etcd_flags = {"--quota-backend-bytes=8589934592", "--auto-compaction-mode=periodic",
                        "--auto-compaction-retention=1m"};
  options.extra_flags.push_back("--log_trim_every_s=86400");
  auto pods = testing::ReplicatedPods::Start("replicated_bench", options);
  if (!pods.ok()) {
    std::fprintf(stderr, "replicated: %s\n", pods.status().ToString().c_str());
    return 1;
  }
  testing::ReplicatedPods& set = **pods;
  if (!testing::SetUpTradingGroup(set.pod(0)->Channel()).ok()) return 1;
  std::vector<pid_t> etcd_pids;
  for (int i = 0; i < 3; ++i) etcd_pids.push_back(set.etcd().pid(i));
  nlohmann::json loads = nlohmann::json::array();
  std::string table =
      "\n### Replicated mode (3 etcd members, 3 servers) against embedded, same machine\n\n"
      "| load | embedded lines/s | replicated lines/s | ratio | replicated p99 ms | server CPU "
      "us/posting (emb. / repl.) | etcd CPU us/posting |\n|---|---|---|---|---|---|---|\n";
  for (size_t i = 0; i < Loads().size(); ++i) {
    auto m = Measure(Loads()[i], set.pod(0)->address(), set.pod(0)->pid(), etcd_pids, rounds,
                     "replicated (owner)");
    if (!m.ok()) return std::fprintf(stderr, "replicated: %s\n", m.status().ToString().c_str()), 1;
    const Measured& e = embedded_figures[i];
    const double ratio = e.figures.lines_per_second() > 0
                             ? m->figures.lines_per_second() / e.figures.lines_per_second()
                             : 0;
    absl::StrAppendFormat(&table, "| %s | %.0f | %.0f | %.2f | %.1f | %.1f / %.1f | %.1f |\n",
                          Loads()[i].name, e.figures.lines_per_second(),
                          m->figures.lines_per_second(), ratio, m->figures.p99_ms,
                          e.figures.cpu_us_per_posting(), m->figures.cpu_us_per_posting(),
                          m->etcd_cpu_us_per_posting);
    loads.push_back({{"load", Loads()[i].name},
                     {"embedded", ToJson(e)},
                     {"replicated", ToJson(*m)},
                     {"ratio", ratio}});
  }
  // Through a follower: forwarded to the owner.
  auto forwarded = Measure(Loads()[0], set.pod(1)->address(), set.pod(0)->pid(), etcd_pids,
                           rounds, "replicated-follower (via a follower)");
  if (forwarded.ok()) {
    absl::StrAppendFormat(&table, "| batch 100 via a follower | | %.0f | %.2f | %.1f | - / %.1f | %.1f |\n",
                          forwarded->figures.lines_per_second(),
                          forwarded->figures.lines_per_second() /
                              std::max(1.0, embedded_figures[0].figures.lines_per_second()),
                          forwarded->figures.p99_ms, forwarded->figures.cpu_us_per_posting(),
                          forwarded->etcd_cpu_us_per_posting);
    json["via_follower"] = ToJson(*forwarded);
  }
  json["loads"] = loads;
  const uint64_t postings = HeadSequence(set.pod(0)->address());
  absl::StatusOr<int64_t> log_bytes = LogBytes(set.etcd().endpoints());
  if (log_bytes.ok() && postings > 0) {
    const double per_posting = static_cast<double>(*log_bytes) / postings;
    json["etcd_log_bytes_per_posting"] = per_posting;
    absl::StrAppendFormat(&table, "\nThe log in etcd: %d bytes for %d postings, %.0f bytes per "
                          "posting.\n", *log_bytes, postings, per_posting);
  }

  // Failover: kill -9 of the owner, the time until another pod serves.
  std::vector<double> takeovers;
  int owner = set.WaitForOwner(absl::Seconds(20));
  for (int cycle = 0; cycle < failovers && owner >= 0; ++cycle) {
    const absl::Time killed = absl::Now();
    set.KillPod(owner);
    const int next = set.WaitForOwner(absl::Seconds(30));
    if (next < 0) break;
    takeovers.push_back(absl::ToDoubleSeconds(absl::Now() - killed));
    std::printf("  failover %d: pod-%d killed, pod-%d serves after %.2f s\n", cycle + 1, owner,
                next, takeovers.back());
    if (!set.StartPod(owner).ok()) break;
    absl::SleepFor(absl::Seconds(2));  // It catches up before it may be needed again.
    owner = next;
  }
  if (!takeovers.empty()) {
    std::vector<double> sorted = takeovers;
    std::sort(sorted.begin(), sorted.end());
    json["failover_seconds"] = {{"median", sorted[sorted.size() / 2]},
                                {"max", sorted.back()},
                                {"cycles", sorted.size()},
                                {"lease_ttl_s", absl::GetFlag(FLAGS_lease_ttl_s)}};
    absl::StrAppendFormat(&table,
                          "Failover (kill -9 of the owner, lease %d s): %d cycles, takeover "
                          "median %.2f s, max %.2f s.\n",
                          absl::GetFlag(FLAGS_lease_ttl_s), sorted.size(),
                          sorted[sorted.size() / 2], sorted.back());
  }
  std::printf("%s", table.c_str());
  if (!absl::GetFlag(FLAGS_json).empty()) std::ofstream(absl::GetFlag(FLAGS_json)) << json.dump(2);
  if (!absl::GetFlag(FLAGS_markdown).empty()) {
    std::ofstream(absl::GetFlag(FLAGS_markdown), std::ios::app) << table;
  }
  return takeovers.size() == static_cast<size_t>(failovers) ? 0 : 1;
}

}  // namespace
}  // namespace interco::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return interco::bench::Run();
}
