// End to end: a request whose bytes do not parse as the method's request message (here a
// string field holding invalid UTF-8, bytes 41 C3 28) is INVALID_ARGUMENT with a message
// saying so, in every service: unary, server-streaming and client-streaming methods, sent
// through grpc::GenericStub as an ERP's generated client never could.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/generic/generic_stub.h"
#include "gtest/gtest.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "interco/v1/trial_balance.grpc.pb.h"
#include "tests/requests.h"
#include "tests/server_process.h"
#include "tests/trading_group.h"
#include "tests/trial_balance_group.h"

namespace interco::testing {
namespace {

// Field 1 (length-delimited) holding 41 C3 28: "A", then a two-byte UTF-8 lead byte
// followed by '(' instead of a continuation byte.
const std::string kInvalidUtf8Field1("\x0a\x03\x41\xc3\x28", 5);

// The body of GET http://address/metrics; "" on any failure.
std::string ScrapeMetrics(const std::string& address) {
  const size_t colon = address.rfind(':');
  int port = 0;
  if (colon == std::string::npos || !absl::SimpleAtoi(address.substr(colon + 1), &port)) return "";
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, address.substr(0, colon).c_str(), &addr.sin_addr);
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

// The ErrorInfo reason in `status`'s details; "" if none.
std::string Reason(const grpc::Status& status) {
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return "";
  for (const auto& any : details.details()) {
    google::rpc::ErrorInfo info;
    if (any.UnpackTo(&info)) return info.reason();
  }
  return "";
}

grpc::ByteBuffer Bytes(const std::string& bytes) {
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

// Calls `method` with `messages` as the request stream (one for a unary call), then closes
// the sending side, reads what comes back and returns the status.
grpc::Status CallRaw(const std::shared_ptr<grpc::Channel>& channel, const std::string& method,
                     const std::vector<std::string>& messages) {
  grpc::GenericStub stub(channel);
  grpc::CompletionQueue queue;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  auto call = stub.PrepareCall(&context, method, &queue);
  void* tag = nullptr;
  bool ok = false;
  auto wait = [&] { return queue.Next(&tag, &ok); };
  call->StartCall(reinterpret_cast<void*>(1));
  wait();
  for (const std::string& message : messages) {
    call->Write(Bytes(message), reinterpret_cast<void*>(2));
    wait();
  }
  call->WritesDone(reinterpret_cast<void*>(3));
  wait();
  grpc::ByteBuffer response;
  do {
    call->Read(&response, reinterpret_cast<void*>(4));
    wait();
  } while (ok);
  grpc::Status status;
  call->Finish(&status, reinterpret_cast<void*>(5));
  wait();
  queue.Shutdown();
  while (queue.Next(&tag, &ok)) {
  }
  return status;
}

class UnparsableRequestE2eTest : public ::testing::Test {
 public:
  void SetUp() override {
    auto server = ServerProcess::Start(
        {"--listen=127.0.0.1:0", "--data_dir=" + FreshTempDir("unparsable_data"),
         "--backup_dir=" + FreshTempDir("unparsable_backups"), "--metrics_listen=127.0.0.1:0"});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
  }

  void ExpectUnparsable(const std::string& method, const std::vector<std::string>& messages,
                        const std::string& message_start) {
    SCOPED_TRACE(method);
    const grpc::Status status = CallRaw(server_->Channel(), method, messages);
    EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT) << status.error_message();
    EXPECT_EQ(status.error_message().rfind(message_start, 0), 0u) << status.error_message();
    EXPECT_NE(status.error_message().find("could not be parsed"), std::string::npos);
    EXPECT_EQ(Reason(status), "UNPARSABLE_REQUEST");
  }

  std::unique_ptr<ServerProcess> server_;
};

TEST_F(UnparsableRequestE2eTest, UnaryMethodsOfEveryServiceAreInvalidArgument) {
  // One method per service; the first field of each request is a string, except
  // Classify's, whose Party holds the string as its entity_id.
  for (const char* method :
       {"/interco.v1.AdminService/CreateCheckpoint",
        "/interco.v1.GroupStructureService/UpsertEntity", "/interco.v1.PolicyService/UpsertFxRate",
        "/interco.v1.LedgerService/PostTransaction",
        "/interco.v1.ConsolidationService/GetMismatches"}) {
    ExpectUnparsable(method, {kInvalidUtf8Field1}, absl::StrCat("the request to ", method));
  }
  const std::string party_with_invalid_id = "\x0a\x05" + kInvalidUtf8Field1;
  ExpectUnparsable("/interco.v1.TransferPricingService/Classify", {party_with_invalid_id},
                   "the request to /interco.v1.TransferPricingService/Classify");
  // Bytes that are not protocol buffers at all.
  ExpectUnparsable("/interco.v1.LedgerService/VerifyLedger", {"\xff\xff\xff"},
                   "the request to /interco.v1.LedgerService/VerifyLedger");
}

TEST_F(UnparsableRequestE2eTest, MetricsCountTheCodeTheCallerGot) {
  ExpectUnparsable("/interco.v1.LedgerService/GetEntry", {"\xff"},
                   "the request to /interco.v1.LedgerService/GetEntry");
  const std::string metrics = ScrapeMetrics(server_->metrics_address());
  EXPECT_TRUE(absl::StrContains(
      metrics, R"(grpc_server_handled_total{grpc_code="INVALID_ARGUMENT",grpc_method="GetEntry",)"))
      << metrics;
  EXPECT_FALSE(absl::StrContains(metrics, R"(grpc_code="UNIMPLEMENTED")")) << metrics;
}

TEST_F(UnparsableRequestE2eTest, TheHealthServiceParsesItsOwnRequestsAndSaysSo) {
  // gRPC's health service is served raw and parses requests itself, so the interceptor
  // never sees a failed parse there; its own answer already meets the bar.
  const grpc::Status status =
      CallRaw(server_->Channel(), "/grpc.health.v1.Health/Check", {kInvalidUtf8Field1});
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "could not parse request");
}

TEST_F(UnparsableRequestE2eTest, ServerStreamingMethodIsInvalidArgument) {
  ExpectUnparsable("/interco.v1.ConsolidationService/RunConsolidation", {kInvalidUtf8Field1},
                   "the request to /interco.v1.ConsolidationService/RunConsolidation");
}

TEST_F(UnparsableRequestE2eTest, ClientStreamEndsAtTheFirstUnparsableMessage) {
  ASSERT_TRUE(SetUpTradingGroup(server_->Channel()).ok());
  const std::string valid = GoodsPosting("stream-1").SerializeAsString();
  const std::string method = "/interco.v1.LedgerService/StreamPostTransactions";
  // Before the fix, the bad message passed for the end of the stream: OK, one result.
  ExpectUnparsable(method, {valid, kInvalidUtf8Field1, valid},
                   absl::StrCat("message 2 of the stream to ", method));
  ExpectUnparsable(method, {kInvalidUtf8Field1},
                   absl::StrCat("message 1 of the stream to ", method));
  // The message before it was posted, once; a stream of valid messages still works.
  const grpc::Status status = CallRaw(server_->Channel(), method, {valid});
  EXPECT_TRUE(status.ok()) << status.error_message();
  auto ledger = v1::LedgerService::NewStub(server_->Channel());
  grpc::ClientContext context;
  v1::VerifyLedgerResponse verified;
  ASSERT_TRUE(ledger->VerifyLedger(&context, v1::VerifyLedgerRequest(), &verified).ok());
  EXPECT_EQ(verified.entries_checked(), 1u);
}

TEST_F(UnparsableRequestE2eTest, ImportStreamEndingOnAnUnparsableMessageWritesNothing) {
  ASSERT_TRUE(SetUpTrialBalanceGroup(server_->Channel()).ok());
  const std::string method = "/interco.v1.TrialBalanceService/StreamImportTrialBalance";
  // A whole, valid trial balance in the first message; the stream then ends on bytes that
  // do not parse (request_id, field 1, holding 41 C3 28). Imported at the end, it would
  // have been written as if the stream had ended cleanly.
  const std::string valid = SubsidiaryOpening().SerializeAsString();
  ExpectUnparsable(method, {valid, kInvalidUtf8Field1},
                   absl::StrCat("message 2 of the stream to ", method));
  auto stub = v1::TrialBalanceService::NewStub(server_->Channel());
  v1::ListTrialBalancesResponse stored;
  ASSERT_TRUE(Call(*stub, &v1::TrialBalanceService::Stub::ListTrialBalances,
                   v1::ListTrialBalancesRequest(), &stored)
                  .ok());
  EXPECT_EQ(stored.trial_balances_size(), 0);
  EXPECT_EQ(stored.import_sequence(), 0u);
  // The same trial balance on a clean stream is imported, as version 1.
  const grpc::Status status = CallRaw(server_->Channel(), method, {valid});
  EXPECT_TRUE(status.ok()) << status.error_message();
  ASSERT_TRUE(Call(*stub, &v1::TrialBalanceService::Stub::ListTrialBalances,
                   v1::ListTrialBalancesRequest(), &stored)
                  .ok());
  ASSERT_EQ(stored.trial_balances_size(), 1);
  EXPECT_EQ(stored.trial_balances(0).version(), 1u);
}

}  // namespace
}  // namespace interco::testing
