// Issue 24's probe, repeatable: health checks while filtered ListEntries calls run, and
// scrapes while idle connections are held open, against the server binary given by
// INTERCO_SERVER_BINARY (or the one built beside it), so that a release before the fix and
// after it can be measured the same way. Prints one line per scenario.
//
//   INTERCO_SERVER_BINARY=... TEST_TMPDIR=$(mktemp -d) bazel-bin/bench/reads_probe
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <iostream>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "tests/metrics_scrape.h"
#include "tests/requests.h"
#include "tests/server_process.h"
#include "tests/trading_group.h"

ABSL_FLAG(int32_t, read_seconds, 20, "how long the readers run in each scenario");

namespace interco::testing {
namespace {

void PostEntries(ServerProcess& server) {
  if (!SetUpTradingGroup(server.Channel()).ok()) std::cerr << "set-up failed\n";
  auto ledger = v1::LedgerService::NewStub(server.Channel());
  for (int b = 0; b < 12; ++b) {
    v1::BatchPostTransactionsRequest batch;
    batch.set_request_id(absl::StrCat("batch-", b));
    batch.set_atomic(true);
    for (int i = 0; i < 1000; ++i) *batch.add_transactions() = GoodsPosting(absl::StrCat(b, "-", i));
    v1::BatchPostTransactionsResponse response;
    Call(*ledger, &v1::LedgerService::Stub::BatchPostTransactions, batch, &response);
  }
}

void HealthUnderReads(ServerProcess& server, int readers) {
  std::atomic<bool> stop{false};
  std::atomic<int> ok{0}, refused{0}, failed{0};
  std::vector<std::thread> threads;
  for (int r = 0; r < readers; ++r) {
    threads.emplace_back([&] {
      auto stub = v1::LedgerService::NewStub(server.Channel());
      while (!stop) {
        v1::ListEntriesRequest request;
        request.set_entity_id("A");
        request.set_account("NO-SUCH-ACCOUNT");
        v1::ListEntriesResponse response;
        grpc::ClientContext context;
        context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
        const grpc::Status status = stub->ListEntries(&context, request, &response);
        if (status.ok()) {
          ++ok;
        } else if (status.error_code() == grpc::RESOURCE_EXHAUSTED) {
          ++refused;
        } else {
          ++failed;
        }
      }
    });
  }
  auto health = grpc::health::v1::Health::NewStub(server.Channel());
  int checks = 0, failures = 0;
  std::vector<absl::Duration> latencies;
  const absl::Time end = absl::Now() + absl::Seconds(absl::GetFlag(FLAGS_read_seconds));
  while (absl::Now() < end) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(1));
    grpc::health::v1::HealthCheckResponse response;
    const absl::Time before = absl::Now();
    const grpc::Status status =
        health->Check(&context, grpc::health::v1::HealthCheckRequest(), &response);
    latencies.push_back(absl::Now() - before);
    ++checks;
    if (!status.ok() || response.status() != grpc::health::v1::HealthCheckResponse::SERVING) {
      ++failures;
    }
    absl::SleepFor(absl::Seconds(1) - std::min(absl::Seconds(1), latencies.back()));
  }
  stop = true;
  for (std::thread& t : threads) t.join();
  std::sort(latencies.begin(), latencies.end());
  std::cout << readers << " concurrent ListEntries: " << failures << " of " << checks
            << " one-second health checks failed; median " << latencies[latencies.size() / 2]
            << ", slowest " << latencies.back() << "; reads ok " << ok << ", refused "
            << refused << ", failed " << failed << std::endl;
}

void ScrapeWithIdleConnections(ServerProcess& server, int idle_count) {
  std::vector<int> idle;
  for (int i = 0; i < idle_count; ++i) idle.push_back(Connect(server.metrics_address(), absl::Seconds(5)));
  absl::SleepFor(absl::Milliseconds(300));
  const absl::Time start = absl::Now();
  const std::string text = Scrape(server.metrics_address(), absl::Seconds(15));
  std::cout << idle_count << " idle metrics connections: scrape "
            << (text.empty() ? "FAILED after " : "answered in ") << absl::Now() - start
            << std::endl;
  for (int fd : idle) close(fd);
  absl::SleepFor(absl::Seconds(3));  // Until the endpoint has let them go.
}

}  // namespace
}  // namespace interco::testing

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  using namespace interco::testing;
  auto server = ServerProcess::Start(
      {"--listen=127.0.0.1:0", "--metrics_listen=127.0.0.1:0", "--data_dir=" + FreshTempDir("p")});
  if (!server.ok()) {
    std::cerr << server.status() << std::endl;
    return 1;
  }
  for (int idle : {4, 8, 16, 200}) ScrapeWithIdleConnections(**server, idle);
  PostEntries(**server);
  for (int readers : {8, 16}) HealthUnderReads(**server, readers);
  return 0;
}
