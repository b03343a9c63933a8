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

// `text` cut to at most `max_bytes`, never inside a UTF-8 character (a proto3 string must
// stay valid UTF-8).
std::string CutUtf8(absl::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(text.substr(0, end));
}

}  // namespace

google::rpc::Status ToRpcStatus(const absl::Status& status) {
  const grpc::Status wire = ToGrpcStatus(status);
  google::rpc::Status out;
  if (!out.ParseFromString(wire.error_details())) {
    out.set_code(static_cast<int>(wire.error_code()));
    out.set_message(wire.error_message());
  }
  return out;
}

google::rpc::Status ToCompactRpcStatus(const absl::Status& status) {
  google::rpc::Status out;
  if (status.ok()) return out;
  const ErrorDetail detail = GetErrorDetail(status).value_or(ErrorDetail{});
  out.set_code(static_cast<int>(ToGrpcCode(status.code())));
  out.set_message(CutUtf8(status.message(), 120));
  google::rpc::ErrorInfo info;
  info.set_reason(
      CutUtf8(detail.reason.empty() ? absl::StatusCodeToString(status.code()) : detail.reason, 48));
  info.set_domain(kErrorDomain);
  out.add_details()->PackFrom(info);
  if (!detail.field.empty()) {
    google::rpc::BadRequest bad_request;
    bad_request.add_field_violations()->set_field(CutUtf8(detail.field, 96));
    out.add_details()->PackFrom(bad_request);
  }
  return out;
}

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
  if (!detail.limit.empty()) {
    (*info.mutable_metadata())["limit"] = detail.limit;
    (*info.mutable_metadata())["limit_value"] = detail.limit_value;
  }
  rpc_status.add_details()->PackFrom(info);

  if (!detail.limit.empty() && code == grpc::StatusCode::RESOURCE_EXHAUSTED) {
    google::rpc::QuotaFailure quota;
    google::rpc::QuotaFailure::Violation* violation = quota.add_violations();
    violation->set_subject(detail.limit);
    violation->set_description(message);
    rpc_status.add_details()->PackFrom(quota);
  }

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
