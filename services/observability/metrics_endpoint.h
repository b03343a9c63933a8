// MetricsEndpoint: serves ServerMetrics as Prometheus text on http://ADDRESS/metrics, on a
// port of its own (so the mesh and the scraper never share the gRPC port), with a few
// worker threads and a short request timeout, so that idle connections cannot hold off
// the scraper for long.
#ifndef INTERCO_SERVICES_OBSERVABILITY_METRICS_ENDPOINT_H_
#define INTERCO_SERVICES_OBSERVABILITY_METRICS_ENDPOINT_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "services/observability/metrics.h"

namespace prometheus {
class Exposer;
}  // namespace prometheus

namespace interco::observability {

class MetricsEndpoint {
 public:
  // Binds "HOST:PORT" (port 0 picks one) and serves `metrics`, which must outlive the
  // endpoint. UNAVAILABLE if the address cannot be bound.
  static absl::StatusOr<std::unique_ptr<MetricsEndpoint>> Start(const std::string& address,
                                                                const ServerMetrics& metrics);
  ~MetricsEndpoint();

  // The bound port.
  int port() const { return port_; }

 private:
  MetricsEndpoint(std::unique_ptr<prometheus::Exposer> exposer, int port);
  std::unique_ptr<prometheus::Exposer> exposer_;
  int port_;
};

}  // namespace interco::observability

#endif  // INTERCO_SERVICES_OBSERVABILITY_METRICS_ENDPOINT_H_
