#include "services/health_service.h"

#include <optional>
#include <utility>

namespace interco {

using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

// One Watch call: the current status at once, then each change; a change that arrives while
// a write is in flight is sent when it completes (only the latest: the protocol promises the
// current status, not every step). After Shutdown() the stream ends, UNAVAILABLE, once
// NOT_SERVING is written, so that open watches do not hold the drain to its deadline. Holding
// mu_ while starting a write or finishing is safe: the callback API never runs a reaction
// inline from StartWrite or Finish.
class HealthService::WatchReactor final
    : public grpc::ServerWriteReactor<HealthCheckResponse> {
 public:
  WatchReactor(HealthService* health, std::string name) : health_(health), name_(std::move(name)) {
    absl::MutexLock lock(&health_->mu_);
    health_->watches_.insert(this);
    Update(health_->StatusOf(name_), health_->shut_down_);
  }

  const std::string& name() const { return name_; }

  // Called with health_->mu_ held, so updates arrive in order.
  void Update(Status status, bool closing) {
    absl::MutexLock lock(&mu_);
    latest_ = status;
    if (closing) ending_ = grpc::Status(grpc::StatusCode::UNAVAILABLE, "the server is shutting down");
    Advance();
  }

  void OnWriteDone(bool ok) override {
    absl::MutexLock lock(&mu_);
    writing_ = false;
    if (!ok) ending_ = grpc::Status(grpc::StatusCode::CANCELLED, "the client went away");
    Advance();
  }

  void OnCancel() override {
    absl::MutexLock lock(&mu_);
    ending_ = grpc::Status(grpc::StatusCode::CANCELLED, "the call was cancelled");
    Advance();
  }

  void OnDone() override {
    {
      absl::MutexLock lock(&health_->mu_);
      health_->watches_.erase(this);
    }
    delete this;
  }

 private:
  // Writes the latest status if it was not sent yet, else finishes if the stream must end.
  void Advance() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (writing_ || finished_) return;
    const bool cancelled = ending_.has_value() && ending_->error_code() == grpc::CANCELLED;
    if (!cancelled && (!sent_.has_value() || *sent_ != latest_)) {
      sent_ = latest_;
      response_.set_status(latest_);
      writing_ = true;
      StartWrite(&response_);
      return;
    }
    if (ending_.has_value()) {
      finished_ = true;
      Finish(*ending_);
    }
  }

  HealthService* const health_;
  const std::string name_;
  absl::Mutex mu_;
  Status latest_ ABSL_GUARDED_BY(mu_) = HealthCheckResponse::UNKNOWN;
  std::optional<Status> sent_ ABSL_GUARDED_BY(mu_);
  std::optional<grpc::Status> ending_ ABSL_GUARDED_BY(mu_);
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  HealthCheckResponse response_ ABSL_GUARDED_BY(mu_);
};

class HealthService::CallbackWatch final : public HealthService::Service {
 public:
  explicit CallbackWatch(HealthService* health) : health_(health) {}
  grpc::ServerWriteReactor<HealthCheckResponse>* Watch(grpc::CallbackServerContext*,
                                                       const HealthCheckRequest* request) override {
    return new WatchReactor(health_, request->service());
  }

 private:
  HealthService* const health_;
};

namespace {

// One Check call on the health queue; its address is its tag.
struct CheckCall {
  grpc::ServerContext context;
  grpc::ByteBuffer request;
  grpc::ByteBuffer response;
  grpc::ServerAsyncResponseWriter<grpc::ByteBuffer> responder{&context};
  bool answered = false;
};

}  // namespace

HealthService::HealthService() : service_(std::make_unique<CallbackWatch>(this)) {}

HealthService::~HealthService() { Stop(); }

void HealthService::Register(grpc::ServerBuilder* builder) {
  builder->RegisterService(service_.get());
  queue_ = builder->AddCompletionQueue();
}

void HealthService::Start() {
  thread_ = std::thread([this] { AnswerChecks(); });
}

void HealthService::CloseQueue() {
  absl::MutexLock lock(&queue_mu_);
  queue_closed_ = true;
}

bool HealthService::OnQueue(const std::function<void()>& start) {
  absl::MutexLock lock(&queue_mu_);
  if (queue_closed_) return false;
  start();
  return true;
}

void HealthService::Stop() {
  if (queue_ == nullptr || stopped_) return;
  stopped_ = true;
  CloseQueue();
  queue_->Shutdown();  // The thread drains it (and frees every call), then ends.
  if (thread_.joinable()) {
    thread_.join();
    return;
  }
  void* tag = nullptr;  // Never started (the server did not start): nothing to delete.
  bool ok = false;
  while (queue_->Next(&tag, &ok)) {
  }
}

void HealthService::AnswerChecks() {
  auto request_next = [this] {
    auto* call = new CheckCall;
    if (!OnQueue([&] {
          service_->RequestCheck(&call->context, &call->request, &call->responder,
                                 queue_.get(), queue_.get(), call);
        })) {
      delete call;
    }
  };
  // An answer, unless the queue is closed: then the call is dropped (its client sees it
  // cancelled), as the server is going away.
  auto finish = [this](CheckCall* call, const std::function<void()>& answer) {
    if (!OnQueue(answer)) delete call;
  };
  request_next();
  void* tag = nullptr;
  bool ok = false;
  while (queue_->Next(&tag, &ok)) {
    auto* call = static_cast<CheckCall*>(tag);
    if (call->answered || !ok) {  // Sent, or the server is shutting down.
      delete call;
      continue;
    }
    request_next();  // At once: the next probe must not wait for this answer.
    call->answered = true;
    HealthCheckRequest request;
    if (!grpc::SerializationTraits<HealthCheckRequest>::Deserialize(&call->request, &request)
             .ok()) {
      finish(call, [call] {
        call->responder.FinishWithError(
            grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "could not parse request"), call);
      });
      continue;
    }
    Status status;
    {
      absl::MutexLock lock(&mu_);
      status = StatusOf(request.service());
    }
    if (status == HealthCheckResponse::SERVICE_UNKNOWN) {
      finish(call, [call] {
        call->responder.FinishWithError(
            grpc::Status(grpc::StatusCode::NOT_FOUND, "unknown service"), call);
      });
      continue;
    }
    HealthCheckResponse response;
    response.set_status(status);
    bool own_buffer = false;
    grpc::SerializationTraits<HealthCheckResponse>::Serialize(response, &call->response,
                                                               &own_buffer);
    finish(call, [call] { call->responder.Finish(call->response, grpc::Status::OK, call); });
  }
}

HealthService::Status HealthService::StatusOf(const std::string& name) const {
  const auto found = statuses_.find(name);
  return found == statuses_.end() ? HealthCheckResponse::SERVICE_UNKNOWN : found->second;
}

void HealthService::Set(const std::string& name, Status status) {
  statuses_[name] = status;
  for (WatchReactor* watch : watches_) {
    if (watch->name() == name) watch->Update(status, /*closing=*/false);
  }
}

void HealthService::SetServingStatus(const std::string& service_name, bool serving) {
  absl::MutexLock lock(&mu_);
  if (shut_down_) return;
  Set(service_name, serving ? HealthCheckResponse::SERVING : HealthCheckResponse::NOT_SERVING);
}

void HealthService::SetServingStatus(bool serving) {
  absl::MutexLock lock(&mu_);
  if (shut_down_) return;
  for (auto& [name, status] : statuses_) {
    Set(name, serving ? HealthCheckResponse::SERVING : HealthCheckResponse::NOT_SERVING);
  }
}

void HealthService::Shutdown() {
  absl::MutexLock lock(&mu_);
  if (shut_down_) return;
  shut_down_ = true;
  for (auto& [name, status] : statuses_) status = HealthCheckResponse::NOT_SERVING;
  for (WatchReactor* watch : watches_) watch->Update(StatusOf(watch->name()), /*closing=*/true);
}

}  // namespace interco
