// The one place where absl::Status becomes grpc::Status.
#ifndef INTERCO_SERVICES_API_GRPC_STATUS_H_
#define INTERCO_SERVICES_API_GRPC_STATUS_H_

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace interco::api {

// The error domain named in every google.rpc.ErrorInfo we send.
inline constexpr char kErrorDomain[] = "interco.dev";

// Maps `status` to the gRPC status with the same code and message. A non-OK result carries
// a serialized google.rpc.Status in its details (sent as the grpc-status-details-bin
// trailer) holding an ErrorInfo (reason: the attached reason, else the code's name;
// metadata: field and value when known) and, when a field is named, a BadRequest with one
// field violation.
grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace interco::api

#endif  // INTERCO_SERVICES_API_GRPC_STATUS_H_
