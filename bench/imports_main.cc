// imports: issue 24's benchmark of postings while trial balances are imported back to back
// (scripts/benchmark.sh runs it with -c opt; docs/BENCHMARKS.md, "Postings under imports").
//
// Target (2 cores): postings keep >= 80% of their throughput while 20,000-line imports run
// one after another in the same group. Before the fix an import held the group's writer
// (the Sequencer's exclusive section) for its checks as well as its write.
//
// The real server (INTERCO_SERVER_BINARY), tests/trading_group.h's group in "default", the
// trial balance chart of tests/trial_balance_group.h and a mapping of `--import_lines` local
// accounts for A. Each round runs the same posting load (bench/group_load.h: `--in_flight`
// BatchPostTransactions of `--batch_size` postings over `--connections` connections, measured
// for `--measured_s` after `--warm_up_s`) twice: alone, and while one client imports A's
// trial balance for 2024-06 again and again (StreamImportTrialBalance, messages of 2,000
// lines, each import a new version: one balance differs). Every other round runs the two in
// the other order, so that a drift of the shared machine weighs on both. Figures: each
// load's postings/s and p99, the imports completed and their p50 time, and the ratio of the
// two loads' postings/s (the median of each round's ratio).
//
// Then the memory probe (bench/import_memory_probe.h), on a fresh server: `--memory_streams`
// unfinished import streams of `--memory_bytes_per_stream` each at once, the server's
// resident memory before and at its peak, and how the streams ended.
//
// Prints the figures and writes them as JSON (--json); with --markdown appends a table.
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "bench/figures.h"
#include "bench/group_load.h"
#include "bench/import_memory_probe.h"
#include "interco/v1/group_structure.grpc.pb.h"
#include "interco/v1/trial_balance.grpc.pb.h"
#include "nlohmann/json.hpp"
#include "tests/requests.h"
#include "tests/server_process.h"
#include "tests/trading_group.h"
#include "tests/trial_balance_group.h"

ABSL_FLAG(bool, short_mode, false, "a quick check: one round of 3 s after 1 s of warm-up");
ABSL_FLAG(int, import_lines, 20000, "lines per imported trial balance (at most 20,000)");
ABSL_FLAG(int, in_flight, 16, "posting calls open at once");
ABSL_FLAG(int, batch_size, 1, "postings per BatchPostTransactions call");
ABSL_FLAG(int, connections, 4, "connections the posting load's calls share");
ABSL_FLAG(int, warm_up_s, 0, "seconds of load before the measured window (0: 3, short 1)");
ABSL_FLAG(int, measured_s, 0, "seconds measured per load (0: 10, short 3)");
ABSL_FLAG(int, rounds, 0, "rounds (0: 3, short 1)");
ABSL_FLAG(std::string, only, "load,memory", "the parts to run, comma-separated: load, memory");
ABSL_FLAG(int, memory_streams, 64, "memory probe: unfinished import streams at once");
ABSL_FLAG(int64_t, memory_bytes_per_stream, 64 << 20, "memory probe: bytes each stream sends");
ABSL_FLAG(std::string, server_flags, "",
          "more flags for the servers, comma-separated (e.g. --import_buffer_bytes_max=...)");
ABSL_FLAG(std::string, json, "", "where to write the figures as JSON");
ABSL_FLAG(std::string, markdown, "", "the suite's results.md to append the table to");

namespace interco::bench {
namespace {

namespace v1 = ::interco::v1;

constexpr absl::Duration kStopTimeout = absl::Seconds(120);
constexpr int kLinesPerMessage = 2000;

std::string LocalAccount(int i) { return absl::StrFormat("L%05d", i); }

// An entity in USD beside the trading group's (SetUpTrialBalanceChart maps S's accounts).
absl::Status AddEntity(const std::shared_ptr<grpc::Channel>& channel, const char* id) {
  auto stub = v1::GroupStructureService::NewStub(channel);
  v1::UpsertEntityResponse response;
  const grpc::Status status =
      testing::Call(*stub, &v1::GroupStructureService::Stub::UpsertEntity,
                    testing::EntityRequest(id, absl::StrCat("bench-entity-", id), "USD"), &response);
  if (!status.ok()) return absl::InternalError(status.error_message());
  return absl::OkStatus();
}

// A's mapping: `lines` local accounts, alternately cash and revenue of the group chart.
absl::Status MapLocalAccounts(const std::shared_ptr<grpc::Channel>& channel, int lines) {
  auto stub = v1::TrialBalanceService::NewStub(channel);
  v1::UpsertChartMappingRequest request;
  request.set_request_id("bench-mapping-A");
  v1::ChartMapping* mapping = request.mutable_mapping();
  mapping->set_entity_id("A");
  mapping->mutable_valid_from()->set_year(2024);
  mapping->mutable_valid_from()->set_month(1);
  mapping->mutable_valid_from()->set_day(1);
  for (int i = 0; i < lines; ++i) {
    auto* entry = mapping->add_mappings();
    entry->set_local_account(LocalAccount(i));
    entry->set_group_account(i % 2 == 0 ? "1000" : "4000");
  }
  v1::UpsertChartMappingResponse response;
  const grpc::Status status =
      testing::Call(*stub, &v1::TrialBalanceService::Stub::UpsertChartMapping, request, &response);
  if (!status.ok()) return absl::InternalError(status.error_message());
  return absl::OkStatus();
}

// Imports A's trial balance again and again until stopped; each import differs from the
// last in one pair of balances, so each is a new version (a resend would write nothing).
class BackToBackImports {
 public:
  BackToBackImports(std::shared_ptr<grpc::Channel> channel, int lines, std::string prefix)
      : stub_(v1::TrialBalanceService::NewStub(channel)), lines_(lines), prefix_(prefix) {
    thread_ = std::thread([this] { Run(); });
  }
  // Stops after the import under way; returns the import times (ms) of those completed.
  std::vector<double> Stop() {
    stop_.store(true);
    thread_.join();
    return times_ms_;
  }
  int errors() const { return errors_; }

 private:
  void Run() {
    for (int k = 0; !stop_.load(); ++k) {
      const absl::Time start = absl::Now();
      if (Import(k)) {
        times_ms_.push_back(absl::ToDoubleMilliseconds(absl::Now() - start));
      } else {
        ++errors_;
      }
    }
  }

  bool Import(int k) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(120)));
    v1::ImportTrialBalanceResponse response;
    auto writer = stub_->StreamImportTrialBalance(&context, &response);
    for (int first = 0; first < lines_; first += kLinesPerMessage) {
      v1::ImportTrialBalanceRequest message;
      if (first == 0) {
        message = testing::TrialBalanceRequest(absl::StrCat(prefix_, k), "A", "2024-06", "EUR",
                                               {});
      }
      for (int i = first; i < std::min(lines_, first + kLinesPerMessage); ++i) {
        // Pairs balance: +x on even lines, -x on the next; the first pair carries k.
        const int amount = i < 2 ? k + 1 : 1;
        v1::TrialBalanceLine* line = message.add_lines();
        line->set_account(LocalAccount(i));
        line->mutable_balance()->set_value(absl::StrCat(i % 2 == 0 ? "" : "-", amount, ".00"));
      }
      if (!writer->Write(message)) break;
    }
    writer->WritesDone();
    const grpc::Status status = writer->Finish();
    if (!status.ok() && errors_ == 0) {
      std::fprintf(stderr, "imports: %d %s\n", status.error_code(), status.error_message().c_str());
    }
    return status.ok();
  }

  std::unique_ptr<v1::TrialBalanceService::Stub> stub_;
  const int lines_;
  const std::string prefix_;
  std::atomic<bool> stop_{false};
  std::vector<double> times_ms_;
  int errors_ = 0;
  std::thread thread_;
};

struct Round {
  Figures alone, with_imports;
  int imports = 0;
  int import_errors = 0;
  double import_p50_ms = 0;
  double ratio() const {
    return alone.postings_per_second() > 0
               ? with_imports.postings_per_second() / alone.postings_per_second()
               : 0;
  }
};

absl::StatusOr<Figures> Load(const testing::ServerProcess& server, const GroupLoadOptions& base,
                             const std::string& prefix) {
  GroupLoadOptions options = base;
  options.request_prefix = prefix;
  absl::StatusOr<GroupLoadResult> result = RunGroupLoad(options);
  if (!result.ok()) return result.status();
  return result->figures;
}

absl::StatusOr<Round> RunRound(const testing::ServerProcess& server, const GroupLoadOptions& load,
                               int lines, int round) {
  Round out;
  const auto alone = [&]() -> absl::Status {
    absl::StatusOr<Figures> figures = Load(server, load, absl::StrCat("alone-", round, "-"));
    if (!figures.ok()) return figures.status();
    out.alone = *figures;
    return absl::OkStatus();
  };
  const auto with_imports = [&]() -> absl::Status {
    BackToBackImports imports(server.Channel(), lines, absl::StrCat("imp-", round, "-"));
    absl::StatusOr<Figures> figures = Load(server, load, absl::StrCat("with-", round, "-"));
    std::vector<double> times = imports.Stop();
    if (!figures.ok()) return figures.status();
    out.with_imports = *figures;
    out.imports = static_cast<int>(times.size());
    out.import_errors = imports.errors();
    out.import_p50_ms = Median(times);
    return absl::OkStatus();
  };
  if (round % 2 == 0) {
    if (absl::Status s = alone(); !s.ok()) return s;
    if (absl::Status s = with_imports(); !s.ok()) return s;
  } else {
    if (absl::Status s = with_imports(); !s.ok()) return s;
    if (absl::Status s = alone(); !s.ok()) return s;
  }
  return out;
}

std::string Table(const std::vector<Round>& rounds, double median_ratio, int lines) {
  std::string out = absl::StrCat(
      "\n### Postings under continuous imports (issue 24)\n\n", "Imports of ", lines,
      " lines back to back in the posting group; target >= 0.80.\n\n",
      "| round | postings/s alone | p99 ms | postings/s with imports | p99 ms | imports | "
      "import p50 ms | ratio |\n|---|---|---|---|---|---|---|---|\n");
  for (size_t i = 0; i < rounds.size(); ++i) {
    const Round& r = rounds[i];
    absl::StrAppendFormat(&out, "| %d | %.0f | %.1f | %.0f | %.1f | %d | %.0f | %.2f |\n", i + 1,
                          r.alone.postings_per_second(), r.alone.p99_ms,
                          r.with_imports.postings_per_second(), r.with_imports.p99_ms, r.imports,
                          r.import_p50_ms, r.ratio());
  }
  absl::StrAppendFormat(&out, "\nMedian ratio: %.2f\n", median_ratio);
  return out;
}

// A fresh server with the trading group, the trial balance chart and A's mapping.
absl::StatusOr<std::unique_ptr<testing::ServerProcess>> StartServer(const std::string& name,
                                                                   int lines) {
  std::vector<std::string> flags = {"--listen=127.0.0.1:0",
                                    "--data_dir=" + testing::FreshTempDir(name),
                                    "--log_level=warn"};
  for (absl::string_view flag :
       absl::StrSplit(absl::GetFlag(FLAGS_server_flags), ',', absl::SkipEmpty())) {
    flags.emplace_back(flag);
  }
  auto server = testing::ServerProcess::Start(flags, absl::Seconds(300));
  if (!server.ok()) return server.status();
  for (absl::Status step : {testing::SetUpTradingGroup((*server)->Channel()),
                            AddEntity((*server)->Channel(), "S"),
                            testing::SetUpTrialBalanceChart((*server)->Channel()),
                            MapLocalAccounts((*server)->Channel(), lines)}) {
    if (!step.ok()) return step;
  }
  return server;
}

// The posting load alone and under imports, `rounds` times; false on a failure.
bool RunLoads(int lines, int rounds, nlohmann::json* json) {
  const bool short_mode = absl::GetFlag(FLAGS_short_mode);
  GroupLoadOptions load;
  load.groups = {"default"};
  load.in_flight = absl::GetFlag(FLAGS_in_flight);
  load.batch_size = absl::GetFlag(FLAGS_batch_size);
  load.connections = absl::GetFlag(FLAGS_connections);
  load.warm_up = absl::Seconds(ModeDefault(absl::GetFlag(FLAGS_warm_up_s), 3, 1, short_mode));
  load.measured = absl::Seconds(ModeDefault(absl::GetFlag(FLAGS_measured_s), 10, 3, short_mode));
  auto server = StartServer("imports_bench", lines);
  if (!server.ok()) {
    std::fprintf(stderr, "imports: %s\n", server.status().ToString().c_str());
    return false;
  }
  load.address = (*server)->address();
  load.server_pid = (*server)->pid();
  std::vector<Round> all;
  std::vector<double> ratios;
  for (int round = 0; round < rounds; ++round) {
    absl::StatusOr<Round> r = RunRound(**server, load, lines, round);
    if (!r.ok()) {
      std::fprintf(stderr, "imports: round %d: %s\n", round, r.status().ToString().c_str());
      return false;
    }
    std::printf("round %d: alone %s\n         with imports %s\n         %d imports (p50 %.0f "
                "ms, %d errors), ratio %.2f\n",
                round + 1, ToLine(r->alone).c_str(), ToLine(r->with_imports).c_str(), r->imports,
                r->import_p50_ms, r->import_errors, r->ratio());
    ratios.push_back(r->ratio());
    all.push_back(*r);
  }
  const double median_ratio = Median(ratios);
  std::printf("postings with imports / alone: median %.2f over %d rounds (target >= 0.80)\n",
              median_ratio, rounds);
  (*server)->SignalAndWait(SIGTERM, kStopTimeout);
  (*json)["import_lines"] = lines;
  (*json)["in_flight"] = load.in_flight;
  (*json)["batch_size"] = load.batch_size;
  (*json)["median_ratio"] = median_ratio;
  for (const Round& r : all) {
    (*json)["rounds"].push_back(
        {{"alone_postings_per_s", r.alone.postings_per_second()},
         {"alone_p99_ms", r.alone.p99_ms},
         {"with_imports_postings_per_s", r.with_imports.postings_per_second()},
         {"with_imports_p99_ms", r.with_imports.p99_ms},
         {"imports", r.imports},
         {"import_errors", r.import_errors},
         {"import_p50_ms", r.import_p50_ms},
         {"ratio", r.ratio()}});
  }
  if (!absl::GetFlag(FLAGS_markdown).empty()) {
    std::ofstream(absl::GetFlag(FLAGS_markdown), std::ios::app)
        << Table(all, median_ratio, lines);
  }
  return true;
}

// The memory probe on a fresh server; false on a failure.
bool RunMemoryProbe(nlohmann::json* json) {
  auto server = StartServer("imports_memory", 2);
  if (!server.ok()) {
    std::fprintf(stderr, "imports: %s\n", server.status().ToString().c_str());
    return false;
  }
  absl::StatusOr<ImportMemoryResult> probe =
      RunImportMemoryProbe((*server)->address(), (*server)->pid(),
                           absl::GetFlag(FLAGS_memory_streams),
                           absl::GetFlag(FLAGS_memory_bytes_per_stream));
  (*server)->SignalAndWait(SIGTERM, kStopTimeout);
  if (!probe.ok()) {
    std::fprintf(stderr, "imports: memory probe: %s\n", probe.status().ToString().c_str());
    return false;
  }
  std::string outcomes;
  for (const auto& [outcome, count] : probe->outcomes) {
    absl::StrAppend(&outcomes, outcomes.empty() ? "" : ", ", count, " ", outcome);
    (*json)["memory"]["outcomes"][outcome] = count;
  }
  std::printf("memory: %d unfinished imports of %lld bytes: server RSS %.0f MiB before, peak "
              "%.0f MiB after %.1f s; streams: %s\n",
              probe->streams, static_cast<long long>(probe->bytes_per_stream),
              probe->rss_before_kb / 1024.0, probe->rss_peak_kb / 1024.0, probe->seconds_to_peak,
              outcomes.c_str());
  (*json)["memory"]["streams"] = probe->streams;
  (*json)["memory"]["bytes_per_stream"] = probe->bytes_per_stream;
  (*json)["memory"]["rss_before_kb"] = probe->rss_before_kb;
  (*json)["memory"]["rss_peak_kb"] = probe->rss_peak_kb;
  (*json)["memory"]["seconds_to_peak"] = probe->seconds_to_peak;
  (*json)["memory"]["server_flags"] = absl::GetFlag(FLAGS_server_flags);
  return true;
}

int Main() {
  const bool short_mode = absl::GetFlag(FLAGS_short_mode);
  const int lines = absl::GetFlag(FLAGS_import_lines);
  const int rounds = ModeDefault(absl::GetFlag(FLAGS_rounds), 3, 1, short_mode);
  const std::string only = absl::GetFlag(FLAGS_only);
  nlohmann::json json;
  bool ok = true;
  if (absl::StrContains(only, "load")) ok = RunLoads(lines, rounds, &json) && ok;
  if (absl::StrContains(only, "memory")) ok = RunMemoryProbe(&json) && ok;
  if (!absl::GetFlag(FLAGS_json).empty()) std::ofstream(absl::GetFlag(FLAGS_json)) << json.dump(2);
  return ok ? 0 : 1;
}

}  // namespace
}  // namespace interco::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return interco::bench::Main();
}
