// End to end: the Prometheus endpoint scraped over HTTP (its labels bounded whatever paths
// clients call, its scrapes answered while idle connections are held open, its address
// kept on loopback unless allowed), and the JSON log lines with the caller's x-request-id
// and traceparent, from the real server.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "grpcpp/generic/generic_stub.h"
#include "gtest/gtest.h"
#include "interco/v1/admin.grpc.pb.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "nlohmann/json.hpp"
#include "tests/metrics_scrape.h"
#include "tests/requests.h"
#include "tests/server_process.h"
#include "tests/trading_group.h"

namespace interco::testing {
namespace {

TEST(ObservabilityE2eTest, MetricsCountRpcsByCodeAndTheLedgersAppends) {
  auto server = ServerProcess::Start({"--listen=127.0.0.1:0", "--data_dir=" + FreshTempDir("m")});
  ASSERT_TRUE(server.ok()) << server.status();
  ASSERT_FALSE((*server)->metrics_address().empty());
  ASSERT_TRUE(SetUpTradingGroup((*server)->Channel()).ok());
  auto ledger = v1::LedgerService::NewStub((*server)->Channel());
  int lines = 0;
  for (int i = 0; i < 3; ++i) {
    v1::PostTransactionResponse response;
    ASSERT_TRUE(Call(*ledger, &v1::LedgerService::Stub::PostTransaction,
                     GoodsPosting("m-" + std::to_string(i)), &response)
                    .ok());
    lines += response.lines_size();
  }
  v1::PostTransactionResponse refused;
  EXPECT_EQ(Call(*ledger, &v1::LedgerService::Stub::PostTransaction, GoodsPosting(""), &refused)
                .error_code(),
            grpc::INVALID_ARGUMENT);

  const std::string text = Scrape((*server)->metrics_address());
  ASSERT_FALSE(text.empty());
  const std::vector<std::string> post = {R"(grpc_service="interco.v1.LedgerService")",
                                         R"(grpc_method="PostTransaction")"};
  auto with = [&post](const std::string& label) {
    std::vector<std::string> labels = post;
    labels.push_back(label);
    return labels;
  };
  EXPECT_EQ(Sample(text, "grpc_server_handled_total", with(R"(grpc_code="OK")")), 3);
  EXPECT_EQ(Sample(text, "grpc_server_handled_total", with(R"(grpc_code="INVALID_ARGUMENT")")), 1);
  EXPECT_EQ(Sample(text, "grpc_server_handling_seconds_count", post), 4);
  EXPECT_EQ(Sample(text, "interco_ledger_postings_appended_total"), 3);
  EXPECT_EQ(Sample(text, "interco_ledger_lines_appended_total"), lines);
  EXPECT_GE(Sample(text, "interco_ledger_commit_postings_count"), 1);
  EXPECT_GE(Sample(text, "interco_ledger_commit_write_seconds_count"), 1);
  EXPECT_EQ(Sample(text, "interco_ledger_queue_postings"), 0);
  EXPECT_GT(Sample(text, "interco_rocksdb_estimated_keys", {}), 0);
  EXPECT_GT(Sample(text, "interco_rocksdb_sst_files_bytes", {}) +
                Sample(text, "interco_rocksdb_memtables_bytes", {}),
            0);
  EXPECT_EQ(Sample(text, "interco_rocksdb_background_errors", {}), 0);
  EXPECT_EQ(Sample(text, "interco_rocksdb_write_stopped", {}), 0);
  EXPECT_EQ(text.find("interco_rocksdb_property"), std::string::npos);  // One metric per unit.
}

// What an operator needs to tell a stale or leaking server from a healthy one: the build
// it runs, how far its ledger is (also right after a restart, before any posting), when it
// last wrote a checkpoint, and the process's CPU, memory and open files.
TEST(ObservabilityE2eTest, MetricsShowTheBuildTheLedgerHeadTheLastCheckpointAndTheProcess) {
  const std::string data_dir = FreshTempDir("h");
  const std::vector<std::string> flags = {"--listen=127.0.0.1:0", "--data_dir=" + data_dir,
                                          "--backup_dir=" + FreshTempDir("backups")};
  auto server = ServerProcess::Start(flags);
  ASSERT_TRUE(server.ok()) << server.status();
  std::string text = Scrape((*server)->metrics_address());
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(Sample(text, "interco_build_info", {R"(version="0.1.0")"}), 1);
  EXPECT_EQ(Sample(text, "interco_ledger_head_sequence"), 0);
  EXPECT_EQ(Sample(text, "interco_last_checkpoint_timestamp_seconds"), 0);
  const double now = absl::ToDoubleSeconds(absl::Now() - absl::UnixEpoch());
  EXPECT_NEAR(Sample(text, "process_start_time_seconds"), now, 60);
  EXPECT_GE(Sample(text, "process_cpu_seconds_total"), 0);
  EXPECT_GT(Sample(text, "process_resident_memory_bytes"), 1 << 20);
  EXPECT_GE(Sample(text, "process_virtual_memory_bytes"),
            Sample(text, "process_resident_memory_bytes"));
  EXPECT_GT(Sample(text, "process_open_fds"), 3);  // At least RocksDB's and the listeners.
  EXPECT_GE(Sample(text, "process_max_fds"), Sample(text, "process_open_fds"));

  ASSERT_TRUE(SetUpTradingGroup((*server)->Channel()).ok());
  auto ledger = v1::LedgerService::NewStub((*server)->Channel());
  for (int i = 0; i < 2; ++i) {
    v1::PostTransactionResponse response;
    ASSERT_TRUE(Call(*ledger, &v1::LedgerService::Stub::PostTransaction,
                     GoodsPosting("h-" + std::to_string(i)), &response)
                    .ok());
  }
  const absl::Time before_checkpoint = absl::Now();
  auto admin = v1::AdminService::NewStub((*server)->Channel());
  v1::CreateCheckpointRequest checkpoint;
  checkpoint.set_name("first");
  v1::CreateCheckpointResponse made;
  ASSERT_TRUE(Call(*admin, &v1::AdminService::Stub::CreateCheckpoint, checkpoint, &made).ok());
  const absl::Time after_checkpoint = absl::Now();

  text = Scrape((*server)->metrics_address());
  EXPECT_EQ(Sample(text, "interco_ledger_head_sequence"), 2);
  const double checkpoint_seconds = Sample(text, "interco_last_checkpoint_timestamp_seconds");
  EXPECT_GE(checkpoint_seconds,
            absl::ToDoubleSeconds(before_checkpoint - absl::UnixEpoch()) - 0.001);
  EXPECT_LE(checkpoint_seconds,
            absl::ToDoubleSeconds(after_checkpoint - absl::UnixEpoch()) + 0.001);

  ASSERT_EQ((*server)->SignalAndWait(SIGTERM, absl::Seconds(20)), 0);
  auto again = ServerProcess::Start(flags);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(Sample(Scrape((*again)->metrics_address()), "interco_ledger_head_sequence"), 2);
}

TEST(ObservabilityE2eTest, EachRpcIsOneJsonLogLineWithTheCallersRequestIdAndTrace) {
  auto server = ServerProcess::Start(
      {"--listen=127.0.0.1:0", "--data_dir=" + FreshTempDir("l"), "--log_level=debug"});
  ASSERT_TRUE(server.ok()) << server.status();
  auto ledger = v1::LedgerService::NewStub((*server)->Channel());
  grpc::ClientContext context;
  context.AddMetadata("x-request-id", "erp-batch-7");
  context.AddMetadata("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  v1::GetEntryRequest request;
  request.set_sequence(42);
  v1::LedgerEntry entry;
  EXPECT_EQ(ledger->GetEntry(&context, request, &entry).error_code(), grpc::NOT_FOUND);
  ASSERT_TRUE((*server)->SignalAndWait(SIGTERM, absl::Seconds(10)).has_value());

  std::ifstream log((*server)->stderr_path());
  int json_lines = 0;
  bool found = false;
  for (std::string line; std::getline(log, line);) {
    const nlohmann::json parsed = nlohmann::json::parse(line, nullptr, false);
    ASSERT_FALSE(parsed.is_discarded()) << "not JSON: " << line;
    ++json_lines;
    if (parsed.value("event", "") != "rpc") continue;
    if (parsed.value("method", "") != "/interco.v1.LedgerService/GetEntry") continue;
    found = true;
    EXPECT_EQ(parsed["code"], "NOT_FOUND");
    EXPECT_EQ(parsed["request_id"], "erp-batch-7");
    EXPECT_EQ(parsed["traceparent"], "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    EXPECT_EQ(parsed["level"], "info");
    EXPECT_TRUE(parsed.contains("duration_ms"));
  }
  EXPECT_GT(json_lines, 3);
  EXPECT_TRUE(found);
}

// Each made-up path would otherwise become a label set of its own, kept for the life of
// the process: memory and scrape size would grow without bound at a client's choosing.
TEST(ObservabilityE2eTest, UnknownMethodsCountUnderOneLabelSet) {
  auto server = ServerProcess::Start({"--listen=127.0.0.1:0", "--data_dir=" + FreshTempDir("u")});
  ASSERT_TRUE(server.ok()) << server.status();
  grpc::GenericStub stub((*server)->Channel());
  grpc::CompletionQueue queue;
  const std::vector<std::string> paths = {"/made.up.Service/Method", "/made.up.Service/Other",
                                          "/interco.v1.LedgerService/NoSuchMethod",
                                          "/interco.v1.NoSuchService/PostTransaction", "/x"};
  // A unary call with an empty request message; its status code.
  auto call = [&stub, &queue](const std::string& path) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
    grpc::Slice empty("");  // A message of 0 bytes: every field at its default.
    const grpc::ByteBuffer request(&empty, 1);
    auto rpc = stub.PrepareUnaryCall(&context, path, request, &queue);
    rpc->StartCall();
    grpc::ByteBuffer response;
    grpc::Status status;
    rpc->Finish(&response, &status, rpc.get());
    void* tag = nullptr;
    bool ok = false;
    queue.Next(&tag, &ok);
    return status.error_code();
  };
  for (const std::string& path : paths) EXPECT_EQ(call(path), grpc::UNIMPLEMENTED) << path;
  // An empty HealthCheckRequest is valid: a known method keeps its own labels.
  EXPECT_EQ(call("/grpc.health.v1.Health/Check"), grpc::OK);
  const std::string text = Scrape((*server)->metrics_address());
  ASSERT_FALSE(text.empty());
  int unimplemented_sets = 0, made_up_labels = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (absl::StartsWith(line, "grpc_server_handled_total{") &&
        absl::StrContains(line, R"(grpc_code="UNIMPLEMENTED")")) {
      ++unimplemented_sets;
    }
    made_up_labels += absl::StrContains(line, "made.up") || absl::StrContains(line, "NoSuch");
  }
  EXPECT_EQ(unimplemented_sets, 1);
  EXPECT_EQ(made_up_labels, 0);
  const std::vector<std::string> unknown = {R"(grpc_service="unknown")",
                                            R"(grpc_method="unknown")"};
  EXPECT_EQ(Sample(text, "grpc_server_handled_total", unknown), paths.size());
  EXPECT_EQ(Sample(text, "grpc_server_handling_seconds_count", unknown), paths.size());
  EXPECT_EQ(Sample(text, "grpc_server_handled_total",
                   {R"(grpc_service="grpc.health.v1.Health")", R"(grpc_method="Check")"}),
            1);
  queue.Shutdown();
  void* tag = nullptr;
  bool ok = false;
  while (queue.Next(&tag, &ok)) {
  }
}

// A connection that sends nothing holds one of the endpoint's threads until its request
// times out; with one thread, Prometheus's scrapes then failed for 30 s.
TEST(ObservabilityE2eTest, AnIdleConnectionDoesNotDelayAScrape) {
  auto server = ServerProcess::Start({"--listen=127.0.0.1:0", "--data_dir=" + FreshTempDir("i")});
  ASSERT_TRUE(server.ok()) << server.status();
  const int idle = Connect((*server)->metrics_address(), absl::Seconds(1));
  ASSERT_GE(idle, 0);
  absl::SleepFor(absl::Milliseconds(200));  // Until the endpoint has handed it to a thread.
  const absl::Time start = absl::Now();
  const std::string text = Scrape((*server)->metrics_address(), absl::Seconds(1));
  EXPECT_LT(absl::Now() - start, absl::Seconds(1));
  EXPECT_TRUE(absl::StrContains(text, "interco_ledger_queue_postings")) << text;
  close(idle);
}

TEST(ObservabilityE2eTest, MetricsBeyondLoopbackNeedAnExplicitFlag) {
  const std::string data = "--data_dir=" + FreshTempDir("r");
  const auto exit =
      ServerProcess::RunToExit({"--listen=127.0.0.1:0", data, "--metrics_listen=0.0.0.0:0"});
  EXPECT_EQ(exit.code, 1);
  EXPECT_TRUE(absl::StrContains(exit.stderr_text, "--allow_remote_metrics")) << exit.stderr_text;
  auto allowed = ServerProcess::Start(
      {"--listen=127.0.0.1:0", data, "--metrics_listen=0.0.0.0:0", "--allow_remote_metrics"});
  ASSERT_TRUE(allowed.ok()) << allowed.status();
  EXPECT_FALSE((*allowed)->metrics_address().empty());
}

}  // namespace
}  // namespace interco::testing
