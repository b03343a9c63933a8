#include "services/observability/metrics_endpoint.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "services/observability/metrics.h"

namespace interco::observability {
namespace {

// A TCP connection to 127.0.0.1:port whose reads give up after `timeout`; -1 on failure.
int Connect(int port, absl::Duration timeout = absl::Seconds(5)) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  const timeval limit = absl::ToTimeval(timeout);
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof(limit));
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof(limit));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

// Sends `request` on a new connection and returns everything read until the server closes
// it or `timeout` passes ("" when the connection fails).
std::string Exchange(int port, const std::string& request,
                     absl::Duration timeout = absl::Seconds(5)) {
  const int fd = Connect(port, timeout);
  if (fd < 0) return "";
  std::string response;
  if (write(fd, request.data(), request.size()) == static_cast<ssize_t>(request.size())) {
    char chunk[4096];
    for (ssize_t n; (n = read(fd, chunk, sizeof(chunk))) > 0;) response.append(chunk, n);
  }
  close(fd);
  return response;
}

std::string Get(int port, const std::string& target, absl::Duration timeout = absl::Seconds(5)) {
  return Exchange(port, absl::StrCat("GET ", target, " HTTP/1.1\r\nHost: x\r\n\r\n"), timeout);
}

// True when the server closes `fd` (EOF) within `within`.
bool ClosedWithin(int fd, absl::Duration within) {
  pollfd polled{fd, POLLIN, 0};
  if (poll(&polled, 1, static_cast<int>(absl::ToInt64Milliseconds(within))) != 1) return false;
  char byte;
  return read(fd, &byte, 1) <= 0;
}

class MetricsEndpointTest : public ::testing::Test {
 protected:
  void Start(MetricsEndpointLimits limits = {}) {
    auto endpoint = MetricsEndpoint::Start("127.0.0.1:0", metrics_, limits);
    ASSERT_TRUE(endpoint.ok()) << endpoint.status();
    endpoint_ = *std::move(endpoint);
    ASSERT_GT(endpoint_->port(), 0);
  }
  ServerMetrics metrics_;
  std::unique_ptr<MetricsEndpoint> endpoint_;
};

TEST_F(MetricsEndpointTest, GetMetricsAnswersPrometheusTextAndCloses) {
  Start();
  const std::string response = Get(endpoint_->port(), "/metrics?ignored=1");
  ASSERT_TRUE(absl::StartsWith(response, "HTTP/1.1 200 OK\r\n")) << response;
  EXPECT_TRUE(absl::StrContains(response, "Content-Type: text/plain; charset=utf-8\r\n"));
  const size_t body = response.find("\r\n\r\n");
  ASSERT_NE(body, std::string::npos);
  EXPECT_TRUE(absl::StrContains(response,
                                absl::StrCat("Content-Length: ", response.size() - body - 4)));
  EXPECT_TRUE(absl::StrContains(response, "\ninterco_build_info{")) << response;
  EXPECT_TRUE(absl::StrContains(response, "\nprocess_open_fds ")) << response;
}

TEST_F(MetricsEndpointTest, OtherPathsHeadAndOtherMethodsAreRefused) {
  Start();
  const int port = endpoint_->port();
  EXPECT_TRUE(absl::StartsWith(Get(port, "/"), "HTTP/1.1 404 ")) << Get(port, "/");
  const std::string head = Exchange(port, "HEAD /metrics HTTP/1.1\r\n\r\n");
  EXPECT_TRUE(absl::StartsWith(head, "HTTP/1.1 404 ")) << head;
  EXPECT_TRUE(absl::EndsWith(head, "\r\n\r\n")) << "a HEAD answer has no body: " << head;
  EXPECT_TRUE(absl::StartsWith(Exchange(port, "POST /metrics HTTP/1.1\r\n\r\n"), "HTTP/1.1 405 "));
  EXPECT_TRUE(absl::StartsWith(Exchange(port, "garbage\r\n\r\n"), "HTTP/1.1 400 "));
  const std::string huge = absl::StrCat("GET /metrics HTTP/1.1\r\nX-Big: ", std::string(20000, 'a'),
                                        "\r\n\r\n");
  EXPECT_TRUE(absl::StartsWith(Exchange(port, huge), "HTTP/1.1 400 "));
}

// The probe's finding: with a thread per connection, 200 idle connections made a scrape
// wait more than 10 s. A bound of 2 s: a hang, not a measurement.
TEST_F(MetricsEndpointTest, TwoHundredIdleConnectionsDoNotDelayAScrape) {
  Start();
  std::vector<int> idle;
  for (int i = 0; i < 200; ++i) {
    const int fd = Connect(endpoint_->port());
    ASSERT_GE(fd, 0) << i;
    idle.push_back(fd);
  }
  absl::SleepFor(absl::Milliseconds(200));  // Until the endpoint has accepted them.
  const absl::Time start = absl::Now();
  const std::string response = Get(endpoint_->port(), "/metrics", absl::Seconds(2));
  EXPECT_LT(absl::Now() - start, absl::Seconds(2));
  EXPECT_TRUE(absl::StartsWith(response, "HTTP/1.1 200 OK")) << response;
  for (int fd : idle) close(fd);
}

TEST_F(MetricsEndpointTest, BeyondTheCapTheOldestIdleConnectionIsClosed) {
  MetricsEndpointLimits limits;
  limits.connections_max = 4;
  Start(limits);
  std::vector<int> idle;
  for (int i = 0; i < 4; ++i) idle.push_back(Connect(endpoint_->port()));
  absl::SleepFor(absl::Milliseconds(100));
  const std::string response = Get(endpoint_->port(), "/metrics", absl::Seconds(2));
  EXPECT_TRUE(absl::StartsWith(response, "HTTP/1.1 200 OK")) << response;
  EXPECT_TRUE(ClosedWithin(idle[0], absl::Seconds(1)));
  EXPECT_FALSE(ClosedWithin(idle[3], absl::Milliseconds(100)));
  for (int fd : idle) close(fd);
}

TEST_F(MetricsEndpointTest, AConnectionThatSendsNoRequestIsClosedAtTheHeaderDeadline) {
  MetricsEndpointLimits limits;
  limits.header_timeout = absl::Milliseconds(200);
  Start(limits);
  const int fd = Connect(endpoint_->port());
  ASSERT_GE(fd, 0);
  EXPECT_TRUE(ClosedWithin(fd, absl::Seconds(2)));
  close(fd);
}

TEST(MetricsEndpointStartTest, AnAddressInUseIsUnavailable) {
  ServerMetrics metrics;
  auto first = MetricsEndpoint::Start("127.0.0.1:0", metrics);
  ASSERT_TRUE(first.ok()) << first.status();
  auto second =
      MetricsEndpoint::Start(absl::StrCat("127.0.0.1:", (*first)->port()), metrics);
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable) << second.status();
  EXPECT_EQ(MetricsEndpoint::Start("no-port", metrics).status().code(),
            absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace interco::observability
