#include "services/api/grpc_status.h"

#include <string>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "services/common/field_error.h"

namespace interco::api {
namespace {

// absl's codes are gRPC's codes, value for value (absl/status/status.h says so); the
// static_asserts keep us honest should either ever change.
static_assert(static_cast<int>(absl::StatusCode::kInvalidArgument) ==
              static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
static_assert(static_cast<int>(absl::StatusCode::kUnauthenticated) ==
              static_cast<int>(grpc::StatusCode::UNAUTHENTICATED));
static_assert(static_cast<int>(absl::StatusCode::kDataLoss) ==
              static_cast<int>(grpc::StatusCode::DATA_LOSS));

grpc::StatusCode ToGrpcCode(absl::StatusCode code) {
  const int value = static_cast<int>(code);
  if (value < 0 || value > static_cast<int>(grpc::StatusCode::UNAUTHENTICATED)) {
    return grpc::StatusCode::UNKNOWN;
  }
  return static_cast<grpc::StatusCode>(value);
}

}  // namespace

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const grpc::StatusCode code = ToGrpcCode(status.code());
  const std::string message(status.message());
  const ErrorDetail detail = GetErrorDetail(status).value_or(ErrorDetail{});

  google::rpc::Status rpc_status;
  rpc_status.set_code(static_cast<int>(code));
  rpc_status.set_message(message);

  google::rpc::ErrorInfo info;
  info.set_reason(detail.reason.empty() ? absl::StatusCodeToString(status.code()) : detail.reason);
  info.set_domain(kErrorDomain);
  if (!detail.field.empty()) {
    (*info.mutable_metadata())["field"] = detail.field;
    (*info.mutable_metadata())["value"] = detail.value;
  }
  rpc_status.add_details()->PackFrom(info);

  if (!detail.field.empty()) {
    google::rpc::BadRequest bad_request;
    google::rpc::BadRequest::FieldViolation* violation = bad_request.add_field_violations();
    violation->set_field(detail.field);
    violation->set_description(message);
    rpc_status.add_details()->PackFrom(bad_request);
  }
  return grpc::Status(code, message, rpc_status.SerializeAsString());
}

}  // namespace interco::api
