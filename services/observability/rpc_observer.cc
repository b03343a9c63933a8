#include "services/observability/rpc_observer.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/status/status.h"
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

// gRPC's status codes are numbered as absl's, whose names are the canonical ones.
std::string CodeName(grpc::StatusCode code) {
  std::string name = absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
  return name.empty() ? "UNKNOWN" : name;
}

class RpcObserver final : public grpc::experimental::Interceptor {
 public:
  RpcObserver(grpc::experimental::ServerRpcInfo* info, ServerMetrics* metrics)
      : info_(info), metrics_(metrics), start_(absl::Now()) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      Finished(methods->GetSendStatus());
    }
    methods->Proceed();
  }

 private:
  void Finished(const grpc::Status& status) {
    const absl::Duration elapsed = absl::Now() - start_;
    const grpc::StatusCode code = status.error_code();
    const std::string code_name = CodeName(code);
    metrics_->RecordRpc(info_->method(), code_name, elapsed);
    // Successful calls are routine (debug); refusals are worth seeing (info); our own
    // failures are errors. The event is built only when it will be written: most calls
    // succeed, and this runs on every one.
    const auto level =
        code == grpc::OK ? spdlog::level::debug
        : (code == grpc::INTERNAL || code == grpc::DATA_LOSS || code == grpc::UNKNOWN)
            ? spdlog::level::err
            : spdlog::level::info;
    if (!spdlog::default_logger_raw()->should_log(level)) return;
    const grpc::ServerContextBase& context = *info_->server_context();
    nlohmann::json fields = {{"method", info_->method()},
                             {"code", code_name},
                             {"duration_ms", absl::ToDoubleMilliseconds(elapsed)},
                             {"peer", context.peer()}};
    for (const auto& [header, field] :
         {std::pair{"x-request-id", "request_id"}, std::pair{"traceparent", "traceparent"}}) {
      std::string value = Metadata(context, header);
      if (!value.empty()) fields[field] = std::move(value);
    }
    if (!status.ok()) fields["message"] = status.error_message();
    LogEvent(level, "rpc", std::move(fields));
  }

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
