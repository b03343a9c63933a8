#include "services/observability/metrics_endpoint.h"

#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "prometheus/exposer.h"

namespace interco::observability {

namespace {

// A scrape takes milliseconds, but CivetWeb gives each connection a worker thread until its
// request arrives or times out: with one thread and CivetWeb's 30 s default, one idle TCP
// connection stalled every scrape for 30 s. Several workers keep one stuck connection
// from blocking the scraper; the short timeout frees the stuck ones.
constexpr int kWorkerThreads = 4;
constexpr int kRequestTimeoutMs = 2000;

}  // namespace

MetricsEndpoint::MetricsEndpoint(std::unique_ptr<prometheus::Exposer> exposer, int port)
    : exposer_(std::move(exposer)), port_(port) {}

MetricsEndpoint::~MetricsEndpoint() = default;

absl::StatusOr<std::unique_ptr<MetricsEndpoint>> MetricsEndpoint::Start(
    const std::string& address, const ServerMetrics& metrics) {
  std::unique_ptr<prometheus::Exposer> exposer;
  // prometheus-cpp (through CivetWeb) reports a failed bind only by throwing. This is the
  // one place the server catches an exception: it becomes a status at once.
  try {
    exposer = std::make_unique<prometheus::Exposer>(std::vector<std::string>{
        "listening_ports", address, "num_threads", std::to_string(kWorkerThreads),
        "request_timeout_ms", std::to_string(kRequestTimeoutMs)});
  } catch (const std::exception& e) {
    return absl::UnavailableError(
        absl::StrCat("cannot serve metrics on ", address, ": ", e.what()));
  }
  const std::vector<int> ports = exposer->GetListeningPorts();
  if (ports.empty()) {
    return absl::UnavailableError(absl::StrCat("cannot serve metrics on ", address));
  }
  for (const auto& collectable : metrics.collectables()) exposer->RegisterCollectable(collectable);
  return std::unique_ptr<MetricsEndpoint>(new MetricsEndpoint(std::move(exposer), ports.front()));
}

}  // namespace interco::observability
