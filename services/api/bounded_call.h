// Calls whose work may take long (a filtered ledger listing, mismatches, a consolidation, a
// whole-ledger verification) run on a BoundedRunner instead of the gRPC thread that
// received them: the gRPC threads stay free for postings however many such calls arrive,
// and calls beyond the runner's threads and queue are refused at once.
#ifndef INTERCO_SERVICES_API_BOUNDED_CALL_H_
#define INTERCO_SERVICES_API_BOUNDED_CALL_H_

#include <functional>

#include "absl/status/status.h"
#include "grpcpp/grpcpp.h"
#include "services/common/bounded_runner.h"

namespace interco::api {

// Runs `work` for the call `context` on `runner`, then `answer(status)` with the status it
// returned, once the work's place in the runner is free again (BoundedRunner's `then`: a
// caller who asks again on hearing the answer is not refused for the call just answered).
// When the runner is full, `answer(refusal)` runs at once on the calling thread and `work`
// never runs. A call cancelled, or whose deadline passes, while it waits in the queue is
// answered CANCELLED or DEADLINE_EXCEEDED without running. With a null `runner`, `work` and
// `answer` run on the calling thread (unit tests, which start no server). `runner` and
// `context` must outlive the call (they do until the call is finished).
void RunBounded(BoundedRunner* runner, grpc::CallbackServerContext* context,
                std::function<absl::Status()> work, std::function<void(absl::Status)> answer,
                absl::Status refusal);

// RunBounded for a unary call: `work` fills the call's response (gRPC reads it only once
// the call is finished) and the call finishes with its status, translated by ToGrpcStatus.
grpc::ServerUnaryReactor* RunBoundedUnary(BoundedRunner* runner,
                                          grpc::CallbackServerContext* context,
                                          std::function<absl::Status()> work,
                                          absl::Status refusal);

// The refusal of a read when the server's readers and their queue are full:
// RESOURCE_EXHAUSTED, reason TOO_MANY_READS. OK for a null `reads`.
absl::Status ReadersBusy(const BoundedRunner* reads);

}  // namespace interco::api

#endif  // INTERCO_SERVICES_API_BOUNDED_CALL_H_
