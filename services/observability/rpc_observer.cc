#include "services/observability/rpc_observer.h"

#include <string>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "grpcpp/grpcpp.h"
#include "services/observability/json_log.h"

namespace interco::observability {
namespace {

using grpc::experimental::InterceptionHookPoints;

// Client-chosen text written to the log is cut to this.
constexpr size_t kMaxLoggedBytes = 256;

std::string Bounded(absl::string_view text) { return std::string(text.substr(0, kMaxLoggedBytes)); }

// The first value of `key` in the call's metadata, at most kMaxLoggedBytes; "" if absent.
std::string Metadata(const grpc::ServerContextBase& context, const char* key) {
  const auto& metadata = context.client_metadata();
  const auto found = metadata.find(key);
  if (found == metadata.end()) return "";
  return Bounded(absl::string_view(found->second.data(), found->second.size()));
}

// gRPC's status codes are numbered as absl's, whose names are the canonical ones.
std::string CodeName(grpc::StatusCode code) {
  std::string name = absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
  return name.empty() ? "UNKNOWN" : name;
}

using MethodSet = absl::flat_hash_set<std::string>;

class RpcObserver final : public grpc::experimental::Interceptor {
 public:
  RpcObserver(grpc::experimental::ServerRpcInfo* info, ServerMetrics* metrics,
              const MethodSet* known_methods)
      : info_(info),
        metrics_(metrics),
        known_(known_methods->contains(absl::NullSafeStringView(info->method()))),
        start_(absl::Now()) {}

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
    metrics_->RecordRpc(known_ ? absl::NullSafeStringView(info_->method()) : kUnknownMethod,
                        code_name, elapsed);
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
    // An unknown path is logged as sent (it helps find the misconfigured client), cut to
    // a bound like the other client-chosen fields.
    nlohmann::json fields = {
        {"method", known_ ? std::string(info_->method())
                          : Bounded(absl::NullSafeStringView(info_->method()))},
        {"code", code_name},
        {"duration_ms", absl::ToDoubleMilliseconds(elapsed)},
        {"peer", context.peer()}};
    // The group as the call named it (bounded; none: "default"), so that every line about a
    // call says whose books it touched.
    std::string group = Metadata(context, "x-interco-group");
    fields["group"] = group.empty() ? "default" : std::move(group);
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
  const bool known_;  // info_->method() is one the server serves.
  const absl::Time start_;
};

class RpcObserverFactory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  RpcObserverFactory(ServerMetrics* metrics, const std::vector<std::string>& known_methods)
      : metrics_(metrics), known_methods_(known_methods.begin(), known_methods.end()) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new RpcObserver(info, metrics_, &known_methods_);
  }

 private:
  ServerMetrics* const metrics_;
  const MethodSet known_methods_;
};

}  // namespace

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> NewRpcObserverFactory(
    ServerMetrics* metrics, const std::vector<std::string>& known_methods) {
  return std::make_unique<RpcObserverFactory>(metrics, known_methods);
}

}  // namespace interco::observability
