// HealthService: grpc.health.v1.Health (the overall name "", each service's name, and the
// interco.v1.Liveness and interco.v1.Writes names), answered on a thread of its own.
//
// Why not gRPC's default health service: it is a callback-API service, so its Check runs on
// the same few gRPC threads as every other handler; reads that held those threads (16
// concurrent filtered ListEntries) made 10 of 15 one-second probes fail, and the kubelet
// would have restarted a busy but healthy server. Here Check is an async-API method served
// from a completion queue that only this class's thread drains: that thread also polls the
// connections while it waits, so a probe is answered whatever the handlers do. Watch is a
// callback-API stream that never blocks (it writes from a status change, never waits for
// one). A separate port was not chosen: the probes, the mesh policy and clients already ask
// the gRPC port.
//
// Contract: construct and Register() before the server is built, Start() once it is built;
// after the server's Shutdown() and Wait() returned, CloseQueue() before the server is
// destroyed (no request or answer is started on it after that) and Stop() after (gRPC wants
// the server gone before its queue is shut down, and aborts on an operation started on a
// queue already shut down: the health thread starts them only while the queue is open).
// SetServingStatus and Shutdown are thread-safe. Names never set answer NOT_FOUND (the
// health protocol); after Shutdown() every name is NOT_SERVING and further changes are
// ignored.
#ifndef INTERCO_SERVICES_HEALTH_SERVICE_H_
#define INTERCO_SERVICES_HEALTH_SERVICE_H_

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/health_check_service_interface.h"

namespace interco {

class HealthService final : public grpc::HealthCheckServiceInterface {
 public:
  HealthService();
  ~HealthService() override;  // Stop()s if needed.

  HealthService(const HealthService&) = delete;
  HealthService& operator=(const HealthService&) = delete;

  // Registers the service and its completion queue on `builder`.
  void Register(grpc::ServerBuilder* builder);
  // Starts answering Check on the health thread; the server must have been built.
  void Start();
  // No request or answer is started on the queue from now on; Stop() calls it too.
  void CloseQueue();
  // Shuts the queue down and waits for the thread to drain it and end.
  void Stop();

  void SetServingStatus(const std::string& service_name, bool serving) override;
  void SetServingStatus(bool serving) override;
  void Shutdown() override;

  class WatchReactor;  // In health_service.cc.

 private:
  using Status = grpc::health::v1::HealthCheckResponse::ServingStatus;
  // Check is raw: the request is parsed here, so that bytes that do not parse are
  // INVALID_ARGUMENT as in every other method (unparsable_request.h), not the async API's
  // INTERNAL.
  using Service = grpc::health::v1::Health::WithRawMethod_Check<
      grpc::health::v1::Health::WithCallbackMethod_Watch<grpc::health::v1::Health::Service>>;
  class CallbackWatch;  // The Service whose Watch opens a WatchReactor.

  // The status of `name`: SERVICE_UNKNOWN when it was never set.
  Status StatusOf(const std::string& name) const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Set(const std::string& name, Status status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void AnswerChecks();
  // Runs `start` (an operation on the queue) unless the queue is closed; whether it ran.
  bool OnQueue(const std::function<void()>& start);
  friend class WatchReactor;

  mutable absl::Mutex mu_;
  std::map<std::string, Status> statuses_ ABSL_GUARDED_BY(mu_);
  std::set<WatchReactor*> watches_ ABSL_GUARDED_BY(mu_);
  bool shut_down_ ABSL_GUARDED_BY(mu_) = false;
  std::unique_ptr<Service> service_;
  std::unique_ptr<grpc::ServerCompletionQueue> queue_;
  std::thread thread_;
  absl::Mutex queue_mu_;
  bool queue_closed_ ABSL_GUARDED_BY(queue_mu_) = false;
  bool stopped_ = false;  // Stop() is called from one thread (the server's shutdown).
};

}  // namespace interco

#endif  // INTERCO_SERVICES_HEALTH_SERVICE_H_
