// Unary calls whose work may take long (a filtered ledger listing, a whole-ledger
// verification) run on a BoundedRunner instead of the gRPC thread that received them: the
// gRPC threads stay free for health checks and postings however many such calls arrive,
// and calls beyond the runner's threads and queue are refused at once.
#ifndef INTERCO_SERVICES_API_BOUNDED_CALL_H_
#define INTERCO_SERVICES_API_BOUNDED_CALL_H_

#include <functional>

#include "absl/status/status.h"
#include "grpcpp/grpcpp.h"
#include "services/common/bounded_runner.h"

namespace interco::api {

// Runs `work` for the unary call `context` on `runner` and finishes the call with the status
// it returns (translated by ToGrpcStatus); `work` fills the call's response, which gRPC reads
// only after that. The answer is sent once the work's place in the runner is free again
// (BoundedRunner's `then`). When the runner is full the call finishes at once with
// `refusal` (RESOURCE_EXHAUSTED with a reason, by the caller's choice) and `work` never
// runs. A call cancelled, or whose deadline passes, while it waits in the queue finishes
// CANCELLED or DEADLINE_EXCEEDED without running. With a null `runner`, `work` runs on the
// calling thread (unit tests, which start no server). `runner` must outlive the call.
grpc::ServerUnaryReactor* RunBoundedUnary(BoundedRunner* runner,
                                          grpc::CallbackServerContext* context,
                                          std::function<absl::Status()> work,
                                          absl::Status refusal);

}  // namespace interco::api

#endif  // INTERCO_SERVICES_API_BOUNDED_CALL_H_
