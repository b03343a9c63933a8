#include "services/observability/rpc_observer.h"

#include <string>

#include "absl/time/clock.h"
#include "grpcpp/grpcpp.h"
#include "services/observability/json_log.h"

namespace interco::observability {
namespace {

using grpc::experimental::InterceptionHookPoints;

// The first value of `key` in the call's metadata, at most 256 bytes; "" if absent.
std::string Metadata(const grpc::ServerContextBase& context, const char* key) {
  constexpr size_t kMaxBytes = 256;
  const auto& metadata = context.client_metadata();
  const auto found = metadata.find(key);
  if (found == metadata.end()) return "";
  return std::string(found->second.data(), std::min(found->second.size(), kMaxBytes));
}

const char* CodeName(grpc::StatusCode code) {
  static constexpr const char* kNames[] = {"OK",
                                           "CANCELLED",
                                           "UNKNOWN",
                                           "INVALID_ARGUMENT",
                                           "DEADLINE_EXCEEDED",
                                           "NOT_FOUND",
                                           "ALREADY_EXISTS",
                                           "PERMISSION_DENIED",
                                           "RESOURCE_EXHAUSTED",
                                           "FAILED_PRECONDITION",
                                           "ABORTED",
                                           "OUT_OF_RANGE",
                                           "UNIMPLEMENTED",
                                           "INTERNAL",
                                           "UNAVAILABLE",
                                           "DATA_LOSS",
                                           "UNAUTHENTICATED"};
  const int index = static_cast<int>(code);
  return index >= 0 && index <= 16 ? kNames[index] : "UNKNOWN";
}

class RpcObserver final : public grpc::experimental::Interceptor {
 public:
  RpcObserver(grpc::experimental::ServerRpcInfo* info, ServerMetrics* metrics)
      : info_(info), metrics_(metrics), start_(absl::Now()) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      const grpc::Status status = methods->GetSendStatus();
      const absl::Duration elapsed = absl::Now() - start_;
      metrics_->RecordRpc(info_->method(), CodeName(status.error_code()), elapsed);
      const grpc::ServerContextBase& context = *info_->server_context();
      nlohmann::json fields = {{"method", info_->method()},
                               {"code", CodeName(status.error_code())},
                               {"duration_ms", absl::ToDoubleMilliseconds(elapsed)},
                               {"peer", context.peer()}};
      for (const char* key : {"x-request-id", "traceparent"}) {
        std::string value = Metadata(context, key);
        if (!value.empty()) fields[key[0] == 'x' ? "request_id" : "traceparent"] = value;
      }
      if (!status.ok()) fields["message"] = status.error_message();
      // Successful calls are routine (debug); refusals are worth seeing (info); our own
      // failures are errors.
      const grpc::StatusCode code = status.error_code();
      const auto level =
          code == grpc::OK ? spdlog::level::debug
          : (code == grpc::INTERNAL || code == grpc::DATA_LOSS || code == grpc::UNKNOWN)
              ? spdlog::level::err
              : spdlog::level::info;
      LogEvent(level, "rpc", std::move(fields));
    }
    methods->Proceed();
  }

 private:
  grpc::experimental::ServerRpcInfo* const info_;
  ServerMetrics* const metrics_;
  const absl::Time start_;
};

class RpcObserverFactory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit RpcObserverFactory(ServerMetrics* metrics) : metrics_(metrics) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new RpcObserver(info, metrics_);
  }

 private:
  ServerMetrics* const metrics_;
};

}  // namespace

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> NewRpcObserverFactory(
    ServerMetrics* metrics) {
  return std::make_unique<RpcObserverFactory>(metrics);
}

}  // namespace interco::observability
