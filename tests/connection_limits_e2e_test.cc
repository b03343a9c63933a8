// End to end: hostile idle clients against the real server. Raw TCP connections that never
// speak, HTTP/2 connections that open and then say nothing, and calls that send headers and
// nothing more must neither crowd out a legitimate caller nor be held for ever: the
// handshake timeout, max connection idle and max connection age close them (short flag
// values here; the defaults are minutes), and the per-connection stream limit caps what one
// connection can hold open.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "grpcpp/generic/generic_stub.h"
#include "gtest/gtest.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "tests/server_process.h"

namespace interco::testing {
namespace {

constexpr int kIdleTcpConnections = 150;
constexpr int kIdleHttp2Connections = 150;

// A TCP connection to "HOST:PORT" (IPv4); -1 on failure.
int Connect(const std::string& address) {
  const std::vector<std::string> parts = absl::StrSplit(address, ':');
  int port = 0;
  if (parts.size() != 2 || !absl::SimpleAtoi(parts[1], &port)) return -1;
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, parts[0].c_str(), &addr.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

// An HTTP/2 connection that has sent the client preface and an empty SETTINGS frame, as a
// gRPC client does before its first call, and then nothing.
int ConnectHttp2(const std::string& address) {
  const int fd = Connect(address);
  if (fd < 0) return -1;
  static constexpr char kPreface[] = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
  static constexpr unsigned char kEmptySettings[9] = {0, 0, 0, 4, 0, 0, 0, 0, 0};
  std::string hello(kPreface, sizeof(kPreface) - 1);
  hello.append(reinterpret_cast<const char*>(kEmptySettings), sizeof(kEmptySettings));
  if (write(fd, hello.data(), hello.size()) != static_cast<ssize_t>(hello.size())) {
    close(fd);
    return -1;
  }
  return fd;
}

// True once the server has closed `fd` or sent an HTTP/2 GOAWAY on it (the start of a
// graceful close), before `deadline`. Reads the HTTP/2 frames the server sends meanwhile.
bool ServerClosesBefore(int fd, absl::Time deadline) {
  std::string frames;
  while (absl::Now() < deadline) {
    pollfd poll_fd{fd, POLLIN, 0};
    if (poll(&poll_fd, 1, 50) <= 0) continue;
    char chunk[4096];
    const ssize_t n = read(fd, chunk, sizeof(chunk));
    if (n <= 0) return true;  // Closed (or reset).
    frames.append(chunk, n);
    // Frame header: 24-bit length, 8-bit type (7 is GOAWAY), flags, stream id.
    for (size_t at = 0; at + 9 <= frames.size();) {
      const size_t length = (static_cast<uint8_t>(frames[at]) << 16) |
                            (static_cast<uint8_t>(frames[at + 1]) << 8) |
                            static_cast<uint8_t>(frames[at + 2]);
      if (static_cast<uint8_t>(frames[at + 3]) == 7) return true;
      if (at + 9 + length > frames.size()) break;
      at += 9 + length;
      if (at == frames.size()) frames.clear(), at = 0;
    }
  }
  return false;
}

// A legitimate, cheap call: VerifyLedger on the empty ledger.
grpc::Status Verify(const std::shared_ptr<grpc::Channel>& channel) {
  auto ledger = v1::LedgerService::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
  v1::VerifyLedgerResponse response;
  return ledger->VerifyLedger(&context, v1::VerifyLedgerRequest(), &response);
}

// A call that sends its headers and never its request message: VerifyLedger (unary) opened
// as a stream. Finish() completes only when the server ends the call.
class SilentCall {
 public:
  SilentCall(grpc::GenericStub* stub, grpc::CompletionQueue* queue, absl::Duration deadline) {
    context_.set_deadline(absl::ToChronoTime(absl::Now() + deadline));
    call_ = stub->PrepareCall(&context_, "/interco.v1.LedgerService/VerifyLedger", queue);
    call_->StartCall(this);
  }
  void Finish() { call_->Finish(&status_, finish_tag()); }
  void* finish_tag() { return &status_; }
  const grpc::Status& status() const { return status_; }

 private:
  grpc::ClientContext context_;
  std::unique_ptr<grpc::GenericClientAsyncReaderWriter> call_;
  grpc::Status status_;
};

// Waits for the completion queue event tagged `tag`, dropping others, until `deadline`.
bool AwaitTag(grpc::CompletionQueue* queue, void* tag, absl::Time deadline) {
  void* got = nullptr;
  bool ok = false;
  while (queue->AsyncNext(&got, &ok, absl::ToChronoTime(deadline)) ==
         grpc::CompletionQueue::GOT_EVENT) {
    if (got == tag) return true;
  }
  return false;
}

void DrainQueue(grpc::CompletionQueue* queue) {
  void* tag = nullptr;
  bool ok = false;
  while (queue->Next(&tag, &ok)) {
  }
}

TEST(ConnectionLimitsE2eTest, IdleConnectionsAreClosedWhileALegitimateCallGetsThrough) {
  auto server =
      ServerProcess::Start({"--listen=127.0.0.1:0", "--data_dir=" + FreshTempDir("d"),
                            "--handshake_timeout_ms=2000", "--max_connection_idle_ms=2000"});
  ASSERT_TRUE(server.ok()) << server.status();
  std::vector<int> tcp, http2;
  for (int i = 0; i < kIdleTcpConnections; ++i) tcp.push_back(Connect((*server)->address()));
  for (int i = 0; i < kIdleHttp2Connections; ++i) {
    http2.push_back(ConnectHttp2((*server)->address()));
  }
  const grpc::Status legitimate = Verify((*server)->Channel());
  EXPECT_TRUE(legitimate.ok()) << legitimate.error_message();

  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  int tcp_closed = 0, http2_closed = 0;
  for (int fd : tcp) tcp_closed += fd >= 0 && ServerClosesBefore(fd, deadline);
  for (int fd : http2) http2_closed += fd >= 0 && ServerClosesBefore(fd, deadline);
  EXPECT_EQ(tcp_closed, kIdleTcpConnections);
  EXPECT_EQ(http2_closed, kIdleHttp2Connections);
  for (int fd : tcp) close(fd);
  for (int fd : http2) close(fd);
  EXPECT_TRUE(Verify((*server)->Channel()).ok());
}

TEST(ConnectionLimitsE2eTest, ACallThatSendsNothingEndsWithTheConnectionsMaxAge) {
  auto server =
      ServerProcess::Start({"--listen=127.0.0.1:0", "--data_dir=" + FreshTempDir("a"),
                            "--max_connection_age_ms=1000", "--max_connection_age_grace_ms=1000"});
  ASSERT_TRUE(server.ok()) << server.status();
  grpc::GenericStub stub((*server)->Channel());
  grpc::CompletionQueue queue;
  const absl::Time start = absl::Now();
  SilentCall silent(&stub, &queue, absl::Seconds(20));
  ASSERT_TRUE(AwaitTag(&queue, &silent, start + absl::Seconds(5)));
  silent.Finish();
  ASSERT_TRUE(AwaitTag(&queue, silent.finish_tag(), start + absl::Seconds(20)));
  EXPECT_EQ(silent.status().error_code(), grpc::UNAVAILABLE) << silent.status().error_message();
  EXPECT_LT(absl::Now() - start, absl::Seconds(8));  // Age 1 s, grace 1 s, jitter and slack.
  queue.Shutdown();
  DrainQueue(&queue);
}

TEST(ConnectionLimitsE2eTest, OneConnectionHoldsAtMostTheStreamLimit) {
  auto server = ServerProcess::Start({"--listen=127.0.0.1:0", "--data_dir=" + FreshTempDir("s"),
                                      "--max_streams_per_connection=2"});
  ASSERT_TRUE(server.ok()) << server.status();
  const std::shared_ptr<grpc::Channel> channel = (*server)->Channel();
  ASSERT_TRUE(Verify(channel).ok());  // Connected, and the server's SETTINGS are known.
  grpc::GenericStub stub(channel);
  grpc::CompletionQueue queue;
  SilentCall first(&stub, &queue, absl::Seconds(10));
  SilentCall second(&stub, &queue, absl::Seconds(10));
  ASSERT_TRUE(AwaitTag(&queue, &first, absl::Now() + absl::Seconds(5)));
  ASSERT_TRUE(AwaitTag(&queue, &second, absl::Now() + absl::Seconds(5)));
  // A third stream on the same connection waits for a free slot, so its deadline passes.
  EXPECT_EQ(Verify(channel).error_code(), grpc::DEADLINE_EXCEEDED);
  // Another connection is served.
  grpc::ChannelArguments separate;
  separate.SetInt("interco.test.separate_connection", 1);
  EXPECT_TRUE(Verify(grpc::CreateCustomChannel((*server)->address(),
                                               grpc::InsecureChannelCredentials(), separate))
                  .ok());
  queue.Shutdown();  // The silent calls have nothing pending; they are cancelled as they go.
  DrainQueue(&queue);
}

}  // namespace
}  // namespace interco::testing
