// Small reactors for the callback API: finish a call with a status at once.
#ifndef INTERCO_SERVICES_API_REACTORS_H_
#define INTERCO_SERVICES_API_REACTORS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "grpcpp/grpcpp.h"
#include "services/api/grpc_status.h"

namespace interco::api {

// Finishes a unary call with `status` (translated once, by ToGrpcStatus).
grpc::ServerUnaryReactor* FinishUnary(grpc::CallbackServerContext* context,
                                      const absl::Status& status);

// A client-streaming call finished with a status before reading anything.
template <typename Request>
class FinishedReader final : public grpc::ServerReadReactor<Request> {
 public:
  explicit FinishedReader(const absl::Status& status) { this->Finish(ToGrpcStatus(status)); }
  void OnDone() override { delete this; }
};

// A server-streaming call finished with a status before writing anything.
template <typename Response>
class FinishedWriter final : public grpc::ServerWriteReactor<Response> {
 public:
  explicit FinishedWriter(const absl::Status& status) { this->Finish(ToGrpcStatus(status)); }
  void OnDone() override { delete this; }
};

}  // namespace interco::api

#endif  // INTERCO_SERVICES_API_REACTORS_H_
