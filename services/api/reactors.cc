#include "services/api/reactors.h"

#include "absl/strings/str_cat.h"
#include "services/common/field_error.h"

namespace interco::api {

grpc::ServerUnaryReactor* FinishUnary(grpc::CallbackServerContext* context,
                                      const absl::Status& status) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

}  // namespace interco::api
