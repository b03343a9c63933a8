#include "services/api/unparsable_request.h"

#include "absl/strings/str_cat.h"
#include "services/api/grpc_status.h"
#include "services/common/field_error.h"

namespace interco::api {
namespace {

using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::ServerRpcInfo;

constexpr char kWhy[] =
    "its bytes are not the method's request message in protocol buffers wire format (for "
    "example, a string field that is not valid UTF-8)";

class UnparsableRequestInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit UnparsableRequestInterceptor(ServerRpcInfo* info) : info_(info) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    // Only where the library parses the one request before the handler runs: a missing
    // message there is a failed parse (or no message at all), never the end of a stream.
    const bool single_request = info_->type() == ServerRpcInfo::Type::UNARY ||
                                info_->type() == ServerRpcInfo::Type::SERVER_STREAMING;
    if (single_request &&
        methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE) &&
        methods->GetRecvMessage() == nullptr) {
      unparsed_ = true;
    }
    if (unparsed_ && methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS) &&
        !methods->GetSendStatus().ok()) {
      methods->ModifySendStatus(ToGrpcStatus(UnparsableRequestError(info_->method())));
    }
    methods->Proceed();
  }

 private:
  ServerRpcInfo* const info_;
  // Hook points of one call run one at a time, in order.
  bool unparsed_ = false;
};

class UnparsableRequestInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(ServerRpcInfo* info) override {
    return new UnparsableRequestInterceptor(info);
  }
};

}  // namespace

absl::Status UnparsableRequestError(absl::string_view method) {
  return WithReason(absl::InvalidArgumentError(
                        absl::StrCat("the request to ", method, " could not be parsed: ", kWhy)),
                    "UNPARSABLE_REQUEST");
}

absl::Status UnparsableStreamMessageError(absl::string_view method, int message_number) {
  return WithReason(absl::InvalidArgumentError(
                        absl::StrCat("message ", message_number, " of the stream to ", method,
                                     " could not be parsed: ", kWhy, "; the call ended there")),
                    "UNPARSABLE_REQUEST");
}

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
NewUnparsableRequestInterceptorFactory() {
  return std::make_unique<UnparsableRequestInterceptorFactory>();
}

}  // namespace interco::api
