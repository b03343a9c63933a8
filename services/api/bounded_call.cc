#include "services/api/bounded_call.h"

#include <memory>
#include <utility>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/api/grpc_status.h"
#include "services/api/reactors.h"

namespace interco::api {

grpc::ServerUnaryReactor* RunBoundedUnary(BoundedRunner* runner,
                                          grpc::CallbackServerContext* context,
                                          std::function<absl::Status()> work,
                                          absl::Status refusal) {
  if (runner == nullptr) return FinishUnary(context, work());
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  auto status = std::make_shared<grpc::Status>();
  const absl::Time deadline = absl::FromChrono(context->deadline());
  const bool accepted = runner->TryRun(
      [context, deadline, status, work = std::move(work)] {
        // A caller that gave up while its call waited would only waste a reader's thread.
        absl::Status result;
        if (context->IsCancelled()) {
          result = absl::CancelledError("the call was cancelled while it waited for a reader");
        } else if (absl::Now() > deadline) {
          result = absl::DeadlineExceededError("the deadline passed while the call waited");
        } else {
          result = work();
        }
        *status = ToGrpcStatus(result);
      },
      [reactor, status] { reactor->Finish(*status); });
  if (!accepted) reactor->Finish(ToGrpcStatus(refusal));
  return reactor;
}

}  // namespace interco::api
