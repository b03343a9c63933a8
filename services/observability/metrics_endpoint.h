// MetricsEndpoint: serves ServerMetrics as Prometheus text on http://ADDRESS/metrics, on a
// port of its own (so the mesh and the scraper never share the gRPC port).
//
// One thread runs a poll() loop over non-blocking sockets, so a connection costs a few
// hundred bytes, never a thread: idle connections (200 of them made scrapes wait more than
// 10 s when each took a worker thread of CivetWeb's) cannot hold off the scraper. Each
// connection must send its request headers within `header_timeout` and read the answer
// within `write_timeout`, or it is closed; beyond `connections_max`, a new connection
// closes the oldest one that has not sent its request yet.
//
// HTTP: GET /metrics (any query string) answers 200, `text/plain; charset=utf-8`, with a
// Content-Length, then closes the connection (no keep-alive, as before). GET of another
// path and HEAD of any path are 404, other methods 405, a request line that does not parse
// or headers beyond `header_bytes_max` 400. Thread-safe: the loop only reads `metrics`
// through its collectables.
#ifndef INTERCO_SERVICES_OBSERVABILITY_METRICS_ENDPOINT_H_
#define INTERCO_SERVICES_OBSERVABILITY_METRICS_ENDPOINT_H_

#include <cstddef>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/observability/metrics.h"

namespace interco::observability {

struct MetricsEndpointLimits {
  int connections_max = 64;
  absl::Duration header_timeout = absl::Seconds(2);
  absl::Duration write_timeout = absl::Seconds(10);
  size_t header_bytes_max = 16 * 1024;
};

class MetricsEndpoint {
 public:
  // Binds "HOST:PORT" (HOST may be a bracketed IPv6 address; port 0 picks one) and serves
  // `metrics`, which must outlive the endpoint. UNAVAILABLE if the address is not HOST:PORT
  // or cannot be bound.
  static absl::StatusOr<std::unique_ptr<MetricsEndpoint>> Start(
      const std::string& address, const ServerMetrics& metrics, MetricsEndpointLimits limits = {});
  // Stops the loop and closes every connection.
  ~MetricsEndpoint();

  MetricsEndpoint(const MetricsEndpoint&) = delete;
  MetricsEndpoint& operator=(const MetricsEndpoint&) = delete;

  // The bound port.
  int port() const { return port_; }

 private:
  class Loop;  // In metrics_endpoint.cc.
  MetricsEndpoint(std::unique_ptr<Loop> loop, int port);

  std::unique_ptr<Loop> loop_;
  const int port_;
  std::thread thread_;
};

}  // namespace interco::observability

#endif  // INTERCO_SERVICES_OBSERVABILITY_METRICS_ENDPOINT_H_
