#include "services/api/reactors.h"

#include "absl/strings/str_cat.h"
#include "services/common/field_error.h"

namespace interco::api {

absl::Status NotBuiltYet(absl::string_view rpc, absl::string_view area) {
  return WithReason(absl::UnimplementedError(absl::StrCat(
                        rpc, " is declared but not built yet (work area: ", area, ")")),
                    "NOT_BUILT_YET");
}

grpc::ServerUnaryReactor* FinishUnary(grpc::CallbackServerContext* context,
                                      const absl::Status& status) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

}  // namespace interco::api
