// ledger_load: a first throughput figure for the ledger, through gRPC on the real server.
//
// Starts interco_server (INTERCO_SERVER_BINARY) on port 0 with a fresh data directory,
// sets up a small trading group, then measures unary PostTransaction from many threads and
// BatchPostTransactions of 100, and prints postings/s, ledger lines/s and latencies, also
// writing them as JSON to the path given as the first argument. Built with -c opt by
// scripts/bench.sh. (The full suite with raw RocksDB and PostgreSQL baselines is separate
// work.)
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "tests/requests.h"
#include "tests/server_process.h"
#include "tests/trading_group.h"

namespace interco::testing {
namespace {

constexpr int kLinesPerPosting = 4;

struct Result {
  std::string name;
  int64_t postings = 0;
  double seconds = 0;
  std::vector<double> latencies_ms;
  int errors = 0;
};

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[std::min(values.size() - 1, static_cast<size_t>(p * values.size()))];
}

Result Unary(const std::shared_ptr<grpc::Channel>& channel, int threads, int each,
             const std::string& prefix) {
  Result result{absl::StrCat("unary, ", threads, " in flight")};
  std::vector<std::vector<double>> latencies(threads);
  std::atomic<int> errors{0};
  const absl::Time start = absl::Now();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      auto stub = v1::LedgerService::NewStub(channel);
      for (int i = 0; i < each; ++i) {
        const absl::Time sent = absl::Now();
        v1::PostTransactionResponse response;
        const auto request = GoodsPosting(absl::StrCat(prefix, t, "-", i), "A", "B", 10 + i);
        if (!Call(*stub, &v1::LedgerService::Stub::PostTransaction, request, &response).ok()) {
          ++errors;
        }
        latencies[t].push_back(absl::ToDoubleMilliseconds(absl::Now() - sent));
      }
    });
  }
  for (auto& w : workers) w.join();
  result.seconds = absl::ToDoubleSeconds(absl::Now() - start);
  result.postings = static_cast<int64_t>(threads) * each;
  for (auto& l : latencies)
    result.latencies_ms.insert(result.latencies_ms.end(), l.begin(), l.end());
  result.errors = errors;
  return result;
}

Result Batches(const std::shared_ptr<grpc::Channel>& channel, int threads, int batches, int size) {
  Result result{absl::StrCat("batch of ", size, ", ", threads, " in flight")};
  std::atomic<int> errors{0};
  std::vector<std::vector<double>> latencies(threads);
  const absl::Time start = absl::Now();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      auto stub = v1::LedgerService::NewStub(channel);
      for (int b = 0; b < batches; ++b) {
        v1::BatchPostTransactionsRequest batch;
        batch.set_request_id(absl::StrCat("batch-", t, "-", b));
        for (int i = 0; i < size; ++i) {
          *batch.add_transactions() = GoodsPosting(absl::StrCat("b", t, "-", b, "-", i));
        }
        const absl::Time sent = absl::Now();
        v1::BatchPostTransactionsResponse response;
        if (!Call(*stub, &v1::LedgerService::Stub::BatchPostTransactions, batch, &response).ok()) {
          ++errors;
        }
        latencies[t].push_back(absl::ToDoubleMilliseconds(absl::Now() - sent));
      }
    });
  }
  for (auto& w : workers) w.join();
  result.seconds = absl::ToDoubleSeconds(absl::Now() - start);
  result.postings = static_cast<int64_t>(threads) * batches * size;
  for (auto& l : latencies)
    result.latencies_ms.insert(result.latencies_ms.end(), l.begin(), l.end());
  result.errors = errors;
  return result;
}

int Run(const std::string& output) {
  auto server = ServerProcess::Start(
      {"--listen=127.0.0.1:0", "--data_dir=" + FreshTempDir("load"), "--log_level=warn"});
  if (!server.ok()) {
    std::fprintf(stderr, "%s\n", std::string(server.status().message()).c_str());
    return 1;
  }
  const absl::Status setup = SetUpTradingGroup((*server)->Channel());
  if (!setup.ok()) {
    std::fprintf(stderr, "%s\n", std::string(setup.message()).c_str());
    return 1;
  }
  std::vector<Result> results = {
      Unary((*server)->Channel(), 1, 200, "u1-"), Unary((*server)->Channel(), 16, 200, "u16-"),
      Unary((*server)->Channel(), 64, 100, "u64-"), Batches((*server)->Channel(), 4, 25, 100)};
  std::string json = "[\n";
  for (const Result& r : results) {
    const double per_second = r.postings / r.seconds;
    std::printf(
        "%-24s %8.0f postings/s %9.0f lines/s  latency p50 %6.2f ms p99 %6.2f ms  errors %d\n",
        r.name.c_str(), per_second, per_second * kLinesPerPosting, Percentile(r.latencies_ms, 0.5),
        Percentile(r.latencies_ms, 0.99), r.errors);
    absl::StrAppendFormat(&json,
                          "  {\"name\": \"%s\", \"postings_per_second\": %.0f, "
                          "\"lines_per_second\": %.0f, \"p50_ms\": %.3f, \"p99_ms\": %.3f, "
                          "\"errors\": %d}%s\n",
                          r.name, per_second, per_second * kLinesPerPosting,
                          Percentile(r.latencies_ms, 0.5), Percentile(r.latencies_ms, 0.99),
                          r.errors, &r == &results.back() ? "" : ",");
  }
  json += "]\n";
  std::ofstream(output) << json;
  std::printf("results: %s\n", output.c_str());
  return 0;
}

}  // namespace
}  // namespace interco::testing

int main(int argc, char** argv) {
  return interco::testing::Run(argc > 1 ? argv[1] : "ledger_load.json");
}
