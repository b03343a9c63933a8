// An interceptor on every RPC: records ServerMetrics' per-RPC count and latency and logs
// one JSON event per finished call, carrying the caller's `x-request-id` and W3C
// `traceparent` metadata so that a log line can be joined with the mesh's traces.
#ifndef INTERCO_SERVICES_OBSERVABILITY_RPC_OBSERVER_H_
#define INTERCO_SERVICES_OBSERVABILITY_RPC_OBSERVER_H_

#include <memory>

#include "grpcpp/support/server_interceptor.h"
#include "services/observability/metrics.h"

namespace interco::observability {

// `metrics` must outlive every call of the server the factory is installed on.
std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> NewRpcObserverFactory(
    ServerMetrics* metrics);

}  // namespace interco::observability

#endif  // INTERCO_SERVICES_OBSERVABILITY_RPC_OBSERVER_H_
