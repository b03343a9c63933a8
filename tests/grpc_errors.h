// Assertions on gRPC errors: the code, the field named by the BadRequest detail and the
// reason of the ErrorInfo detail.
#ifndef INTERCO_TESTS_GRPC_ERRORS_H_
#define INTERCO_TESTS_GRPC_ERRORS_H_

#include <string>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/grpcpp.h"

namespace interco::testing {

// The field of the first BadRequest field violation in `status`'s details; "" if none.
inline std::string ViolatedField(const grpc::Status& status) {
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return "";
  for (const auto& any : details.details()) {
    google::rpc::BadRequest bad_request;
    if (any.UnpackTo(&bad_request) && bad_request.field_violations_size() > 0) {
      return bad_request.field_violations(0).field();
    }
  }
  return "";
}

// The reason of the first ErrorInfo in `status`'s details; "" if none.
inline std::string ErrorReason(const grpc::Status& status) {
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return "";
  for (const auto& any : details.details()) {
    google::rpc::ErrorInfo info;
    if (any.UnpackTo(&info)) return info.reason();
  }
  return "";
}

}  // namespace interco::testing

#endif  // INTERCO_TESTS_GRPC_ERRORS_H_
