// End to end: the Prometheus endpoint scraped over HTTP, and the JSON log lines with the
// caller's x-request-id and traceparent, from the real server.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "nlohmann/json.hpp"
#include "tests/requests.h"
#include "tests/server_process.h"
#include "tests/trading_group.h"

namespace interco::testing {
namespace {

// GET http://address/metrics; the body, or "" on any failure.
std::string Scrape(const std::string& address) {
  const std::vector<std::string> parts = absl::StrSplit(address, ':');
  int port = 0;
  if (parts.size() != 2 || !absl::SimpleAtoi(parts[1], &port)) return "";
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, parts[0].c_str(), &addr.sin_addr);
  std::string response;
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0) {
    const std::string request =
        absl::StrCat("GET /metrics HTTP/1.1\r\nHost: ", address, "\r\nConnection: close\r\n\r\n");
    if (write(fd, request.data(), request.size()) == static_cast<ssize_t>(request.size())) {
      char chunk[4096];
      for (ssize_t n; (n = read(fd, chunk, sizeof(chunk))) > 0;) response.append(chunk, n);
    }
  }
  close(fd);
  const size_t body = response.find("\r\n\r\n");
  return body == std::string::npos ? "" : response.substr(body + 4);
}

// The value of the sample whose line starts with `name` and holds every label in `labels`.
double Sample(const std::string& text, const std::string& name,
              const std::vector<std::string>& labels = {}) {
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (!absl::StartsWith(line, name + "{") && !absl::StartsWith(line, name + " ")) continue;
    bool all = true;
    for (const std::string& label : labels) all = all && absl::StrContains(line, label);
    double value = 0;
    if (all && absl::SimpleAtod(line.substr(line.rfind(' ') + 1), &value)) return value;
  }
  return -1;
}

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
  EXPECT_GT(Sample(text, "interco_rocksdb_property", {R"(property="estimate-num-keys")"}), 0);
  EXPECT_EQ(Sample(text, "interco_rocksdb_property", {R"(property="background-errors")"}), 0);
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

  std::ifstream log(std::string(std::getenv("TEST_TMPDIR")) + "/stderr/server.err");
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

}  // namespace
}  // namespace interco::testing
