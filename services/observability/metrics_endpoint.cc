#include "services/observability/metrics_endpoint.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iterator>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "prometheus/text_serializer.h"

namespace interco::observability {

namespace {

// After the answer, the connection's unread input is drained for this long before it is
// closed: closing with bytes unread sends a reset, which can destroy the answer in flight.
constexpr absl::Duration kLinger = absl::Seconds(1);

std::string Response(absl::string_view status, absl::string_view body, bool with_body = true) {
  return absl::StrCat("HTTP/1.1 ", status, "\r\nContent-Type: text/plain; charset=utf-8\r\n",
                      "Content-Length: ", body.size(), "\r\nConnection: close\r\n\r\n",
                      with_body ? body : "");
}

// "HOST:PORT" or "[IPV6]:PORT" into its parts; false if it has neither shape.
bool SplitHostPort(const std::string& address, std::string* host, std::string* port) {
  const size_t colon = address.rfind(':');
  if (colon == std::string::npos || colon + 1 == address.size()) return false;
  *host = address.substr(0, colon);
  *port = address.substr(colon + 1);
  if (absl::StartsWith(*host, "[") && absl::EndsWith(*host, "]")) {
    *host = host->substr(1, host->size() - 2);
  }
  return !host->empty();
}

// A listening, non-blocking socket on `address`, or -1 (and `*error`).
int Listen(const std::string& address, std::string* error) {
  std::string host, port;
  if (!SplitHostPort(address, &host, &port)) {
    *error = "not HOST:PORT";
    return -1;
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  if (const int rc = getaddrinfo(host.c_str(), port.c_str(), &hints, &found); rc != 0) {
    *error = gai_strerror(rc);
    return -1;
  }
  int fd = -1;
  for (addrinfo* a = found; a != nullptr && fd < 0; a = a->ai_next) {
    fd = socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    const int on = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    if (bind(fd, a->ai_addr, a->ai_addrlen) != 0 || listen(fd, SOMAXCONN) != 0) {
      *error = strerror(errno);
      close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(found);
  return fd;
}

int BoundPort(int fd) {
  sockaddr_storage bound{};
  socklen_t length = sizeof(bound);
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &length) != 0) return 0;
  if (bound.ss_family == AF_INET) return ntohs(reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  return ntohs(reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port);
}

}  // namespace

// The event loop; only its thread touches the connections.
class MetricsEndpoint::Loop {
 public:
  Loop(int listen_fd, int wake_read, int wake_write, const ServerMetrics& metrics,
       MetricsEndpointLimits limits)
      : listen_fd_(listen_fd),
        wake_read_(wake_read),
        wake_write_(wake_write),
        metrics_(metrics),
        limits_(limits) {}

  ~Loop() {
    for (Connection& c : connections_) close(c.fd);
    close(listen_fd_);
    close(wake_read_);
    close(wake_write_);
  }

  // Returns once Wake() is called.
  void Run();
  void Wake() { (void)!write(wake_write_, "x", 1); }

 private:
  enum class State { kReading, kWriting, kLingering, kDone };
  struct Connection {
    int fd;
    absl::Time deadline;
    State state = State::kReading;
    std::string in, out;
    size_t sent = 0;
  };

  void Accept();
  void Read(Connection& c);
  void Write(Connection& c);
  std::string Answer(absl::string_view head) const;
  std::string Scrape() const;
  int PollTimeoutMs() const;

  const int listen_fd_, wake_read_, wake_write_;
  const ServerMetrics& metrics_;
  const MetricsEndpointLimits limits_;
  std::vector<Connection> connections_;  // Oldest first.
  // After accept4 ran out of descriptors: the listener is not polled before this.
  absl::Time accept_paused_until_ = absl::InfinitePast();
};

void MetricsEndpoint::Loop::Run() {
  std::vector<pollfd> polled;
  while (true) {
    polled.clear();
    polled.push_back({wake_read_, POLLIN, 0});
    // While out of file descriptors, the listener stays readable with nothing it can
    // accept: leave it out for a moment rather than spin.
    const bool accepting = absl::Now() >= accept_paused_until_;
    polled.push_back({accepting ? listen_fd_ : -1, POLLIN, 0});
    for (const Connection& c : connections_) {
      polled.push_back({c.fd, static_cast<short>(c.state == State::kWriting ? POLLOUT : POLLIN), 0});
    }
    int timeout_ms = PollTimeoutMs();
    if (!accepting && (timeout_ms < 0 || timeout_ms > 100)) timeout_ms = 100;
    if (poll(polled.data(), polled.size(), timeout_ms) < 0 && errno != EINTR) return;
    if (polled[0].revents != 0) return;
    for (size_t i = 0; i < connections_.size(); ++i) {
      const short events = polled[i + 2].revents;
      if (events == 0) continue;
      Connection& c = connections_[i];
      if (c.state == State::kWriting) {
        Write(c);
      } else {
        Read(c);
      }
    }
    const absl::Time now = absl::Now();
    for (Connection& c : connections_) {
      if (c.state != State::kDone && now >= c.deadline) c.state = State::kDone;
      if (c.state == State::kDone) close(c.fd);
    }
    connections_.erase(std::remove_if(connections_.begin(), connections_.end(),
                                      [](const Connection& c) { return c.state == State::kDone; }),
                       connections_.end());
    if (polled[1].revents != 0) Accept();
  }
}

int MetricsEndpoint::Loop::PollTimeoutMs() const {
  if (connections_.empty()) return -1;
  absl::Time next = absl::InfiniteFuture();
  for (const Connection& c : connections_) next = std::min(next, c.deadline);
  const int64_t ms = absl::ToInt64Milliseconds(next - absl::Now()) + 1;
  return static_cast<int>(std::clamp<int64_t>(ms, 0, 1000));
}

void MetricsEndpoint::Loop::Accept() {
  while (true) {
    const int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      // EAGAIN: all taken. Out of descriptors: the connection stays queued and the
      // listener readable; pause accepting so that the loop does not spin.
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
        accept_paused_until_ = absl::Now() + absl::Milliseconds(100);
      }
      return;
    }
    if (connections_.size() >= static_cast<size_t>(limits_.connections_max)) {
      // The oldest connection still waiting for its request makes room: a scraper sends
      // its request at once, so the ones that have waited longest are the idle ones.
      auto oldest = std::find_if(connections_.begin(), connections_.end(),
                                 [](const Connection& c) { return c.state == State::kReading; });
      if (oldest == connections_.end()) {
        close(fd);  // Every one is being answered: the newcomer waits for a retry.
        continue;
      }
      close(oldest->fd);
      connections_.erase(oldest);
    }
    connections_.push_back({fd, absl::Now() + limits_.header_timeout});
    // A scraper's request is usually queued with its connection: read it now, so that the
    // newcomers of a flood, accepted later in this pass, cannot evict it unread.
    Read(connections_.back());
  }
}

void MetricsEndpoint::Loop::Read(Connection& c) {
  char chunk[4096];
  while (true) {
    const ssize_t n = read(c.fd, chunk, sizeof(chunk));
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
      c.state = State::kDone;  // Closed by the peer, or broken.
      return;
    }
    if (n < 0) {
      if (errno == EINTR) continue;
      return;  // Nothing more for now.
    }
    if (c.state == State::kLingering) continue;  // Discarded.
    c.in.append(chunk, static_cast<size_t>(n));
    const size_t end = c.in.find("\r\n\r\n");
    if (end == std::string::npos && c.in.size() <= limits_.header_bytes_max) continue;
    c.out = end == std::string::npos || end > limits_.header_bytes_max
                ? Response("400 Bad Request", "Bad Request: headers too large\n")
                : Answer(absl::string_view(c.in).substr(0, end));
    c.in.clear();
    c.state = State::kWriting;
    c.deadline = absl::Now() + limits_.write_timeout;
    Write(c);
    return;
  }
}

void MetricsEndpoint::Loop::Write(Connection& c) {
  while (c.sent < c.out.size()) {
    const ssize_t n = send(c.fd, c.out.data() + c.sent, c.out.size() - c.sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    if (n <= 0) {
      c.state = State::kDone;
      return;
    }
    c.sent += static_cast<size_t>(n);
  }
  shutdown(c.fd, SHUT_WR);  // The answer is complete; the peer closes, or the linger ends.
  c.state = State::kLingering;
  c.deadline = absl::Now() + kLinger;
  c.out.clear();
}

std::string MetricsEndpoint::Loop::Answer(absl::string_view head) const {
  const absl::string_view line = head.substr(0, head.find("\r\n"));
  const std::vector<absl::string_view> parts = absl::StrSplit(line, ' ');
  if (parts.size() != 3 || !absl::StartsWith(parts[2], "HTTP/") || parts[1].empty()) {
    return Response("400 Bad Request", "Bad Request\n");
  }
  const absl::string_view path = parts[1].substr(0, parts[1].find('?'));
  if (parts[0] == "GET") {
    if (path == "/metrics" || path == "/metrics/") return Response("200 OK", Scrape());
    return Response("404 Not Found", "Not Found\n");
  }
  if (parts[0] == "HEAD") return Response("404 Not Found", "Not Found\n", /*with_body=*/false);
  return Response("405 Method Not Allowed", "Method Not Allowed\n");
}

std::string MetricsEndpoint::Loop::Scrape() const {
  std::vector<prometheus::MetricFamily> families;
  for (const std::weak_ptr<prometheus::Collectable>& weak : metrics_.collectables()) {
    const std::shared_ptr<prometheus::Collectable> collectable = weak.lock();
    if (collectable == nullptr) continue;
    std::vector<prometheus::MetricFamily> collected = collectable->Collect();
    std::move(collected.begin(), collected.end(), std::back_inserter(families));
  }
  return prometheus::TextSerializer().Serialize(families);
}

MetricsEndpoint::MetricsEndpoint(std::unique_ptr<Loop> loop, int port)
    : loop_(std::move(loop)), port_(port), thread_([this] { loop_->Run(); }) {}

MetricsEndpoint::~MetricsEndpoint() {
  loop_->Wake();
  thread_.join();
}

absl::StatusOr<std::unique_ptr<MetricsEndpoint>> MetricsEndpoint::Start(
    const std::string& address, const ServerMetrics& metrics, MetricsEndpointLimits limits) {
  std::string error;
  const int listen_fd = Listen(address, &error);
  if (listen_fd < 0) {
    return absl::UnavailableError(absl::StrCat("cannot serve metrics on ", address, ": ", error));
  }
  int wake[2];
  if (pipe2(wake, O_NONBLOCK | O_CLOEXEC) != 0) {
    close(listen_fd);
    return absl::UnavailableError(absl::StrCat("cannot serve metrics: pipe: ", strerror(errno)));
  }
  const int port = BoundPort(listen_fd);
  auto loop = std::make_unique<Loop>(listen_fd, wake[0], wake[1], metrics, limits);
  return std::unique_ptr<MetricsEndpoint>(new MetricsEndpoint(std::move(loop), port));
}

}  // namespace interco::observability
