#include "services/api/bounded_call.h"

#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/api/grpc_status.h"
#include "services/common/field_error.h"

namespace interco::api {

void RunBounded(BoundedRunner* runner, grpc::CallbackServerContext* context,
                std::function<absl::Status()> work, std::function<void(absl::Status)> answer,
                absl::Status refusal) {
  if (runner == nullptr) {
    answer(work());
    return;
  }
  auto status = std::make_shared<absl::Status>();
  const absl::Time deadline = absl::FromChrono(context->deadline());
  auto shared_answer = std::make_shared<std::function<void(absl::Status)>>(std::move(answer));
  const bool accepted = runner->TryRun(
      [context, deadline, status, work = std::move(work)] {
        // A caller that gave up while its call waited would only waste a reader's thread.
        if (context->IsCancelled()) {
          *status = absl::CancelledError("the call was cancelled while it waited for a reader");
        } else if (absl::Now() > deadline) {
          *status = absl::DeadlineExceededError("the deadline passed while the call waited");
        } else {
          *status = work();
        }
      },
      [shared_answer, status] { (*shared_answer)(*status); });
  if (!accepted) (*shared_answer)(std::move(refusal));
}

grpc::ServerUnaryReactor* RunBoundedUnary(BoundedRunner* runner,
                                          grpc::CallbackServerContext* context,
                                          std::function<absl::Status()> work,
                                          absl::Status refusal) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  RunBounded(
      runner, context, std::move(work),
      [reactor](const absl::Status& status) { reactor->Finish(ToGrpcStatus(status)); },
      std::move(refusal));
  return reactor;
}

absl::Status ReadersBusy(const BoundedRunner* reads) {
  if (reads == nullptr) return absl::OkStatus();
  return WithReason(
      absl::ResourceExhaustedError(absl::StrCat("the server's ", reads->threads(),
                                                " readers are busy and ", reads->queue_max(),
                                                " reads wait for them; retry with backoff")),
      "TOO_MANY_READS");
}

}  // namespace interco::api
