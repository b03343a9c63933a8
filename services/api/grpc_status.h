// The one place where absl::Status becomes grpc::Status.
#ifndef INTERCO_SERVICES_API_GRPC_STATUS_H_
#define INTERCO_SERVICES_API_GRPC_STATUS_H_

#include "absl/status/status.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/support/status.h"

namespace interco::api {

// The error domain named in every google.rpc.ErrorInfo we send.
inline constexpr char kErrorDomain[] = "interco.dev";

// Maps `status` to the gRPC status with the same code and message. A non-OK result carries
// a serialized google.rpc.Status in its details (sent as the grpc-status-details-bin
// trailer) holding an ErrorInfo (reason: the attached reason, else the code's name;
// metadata: field and value when known) and, when a field is named, a BadRequest with one
// field violation; when a server limit is named (QuotaError, LimitError), the ErrorInfo's
// metadata holds limit and limit_value, and a RESOURCE_EXHAUSTED carries a QuotaFailure
// whose one violation's subject is the limit.
grpc::Status ToGrpcStatus(const absl::Status& status);

// The same as a google.rpc.Status, for per-item results inside a reply (batches).
google::rpc::Status ToRpcStatus(const absl::Status& status);

// A per-item result that must fit a bounded share of a message (the 10,000 results of a
// stream): code, message cut to 120 bytes, ErrorInfo with reason and domain only, and the
// BadRequest field (cut to 96 bytes) without its description. Serialized, never more than
// kMaxCompactStatusBytes, whatever `status` holds. Cuts fall on UTF-8 character boundaries.
inline constexpr size_t kMaxCompactStatusBytes = 390;
google::rpc::Status ToCompactRpcStatus(const absl::Status& status);

}  // namespace interco::api

#endif  // INTERCO_SERVICES_API_GRPC_STATUS_H_
