#include "services/health_service.h"

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/generic/async_generic_service.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"

namespace interco {
namespace {

using grpc::health::v1::Health;
using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

// Every call to it holds the gRPC thread that runs its handler until released: what 16
// concurrent filtered ListEntries calls did to the server's callback threads.
class BlockingService final : public grpc::CallbackGenericService {
 public:
  grpc::ServerGenericBidiReactor* CreateReactor(grpc::GenericCallbackServerContext*) override {
    release_.WaitForNotificationWithTimeout(absl::Seconds(20));
    class Done final : public grpc::ServerGenericBidiReactor {
     public:
      Done() { Finish(grpc::Status::OK); }
      void OnDone() override { delete this; }
    };
    return new Done;
  }
  absl::Notification release_;
};

// A server with `health` on 127.0.0.1 (its port in *port), and `extra` when not null.
std::unique_ptr<grpc::Server> StartServer(HealthService& health, int* port,
                                          grpc::CallbackGenericService* extra = nullptr) {
  grpc::EnableDefaultHealthCheckService(false);
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), port);
  if (extra != nullptr) builder.RegisterCallbackGenericService(extra);
  health.Register(&builder);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server != nullptr) health.Start();
  return server;
}

// What InterCoServer::Shutdown does, in its order.
void StopServer(HealthService& health, std::unique_ptr<grpc::Server> server,
                absl::Duration drain) {
  health.Shutdown();
  server->Shutdown(absl::ToChronoTime(absl::Now() + drain));
  server->Wait();
  health.CloseQueue();
  server.reset();
  health.Stop();
}

class HealthServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    health_.SetServingStatus("", true);
    health_.SetServingStatus("interco.v1.Liveness", true);
    server_ = StartServer(health_, &port_, &blocking_);
    ASSERT_NE(server_, nullptr);
  }
  void TearDown() override {
    if (!blocking_.release_.HasBeenNotified()) blocking_.release_.Notify();
    StopServer(health_, std::move(server_), absl::Seconds(5));
  }
  std::shared_ptr<grpc::Channel> NewChannel() const {
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);  // A connection of its own.
    return grpc::CreateCustomChannel("127.0.0.1:" + std::to_string(port_),
                                     grpc::InsecureChannelCredentials(), args);
  }
  // Check(name) with the kubelet's one-second timeout.
  grpc::Status Check(const std::string& name, HealthCheckResponse* response) {
    auto stub = Health::NewStub(channel_);
    HealthCheckRequest request;
    request.set_service(name);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(1));
    return stub->Check(&context, request, response);
  }

  int port_ = 0;
  BlockingService blocking_;
  HealthService health_;
  std::unique_ptr<grpc::Server> server_;
  std::shared_ptr<grpc::Channel> channel_ = nullptr;
};

TEST_F(HealthServiceTest, ChecksAnswerTheStatusSetAndNotFoundForUnknownNames) {
  channel_ = NewChannel();
  HealthCheckResponse response;
  ASSERT_TRUE(Check("", &response).ok());
  EXPECT_EQ(response.status(), HealthCheckResponse::SERVING);
  health_.SetServingStatus("interco.v1.Liveness", false);
  ASSERT_TRUE(Check("interco.v1.Liveness", &response).ok());
  EXPECT_EQ(response.status(), HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(Check("no.such.Service", &response).error_code(), grpc::NOT_FOUND);
  health_.Shutdown();
  ASSERT_TRUE(Check("", &response).ok());
  EXPECT_EQ(response.status(), HealthCheckResponse::NOT_SERVING);
  health_.SetServingStatus("", true);  // Ignored after Shutdown().
  ASSERT_TRUE(Check("", &response).ok());
  EXPECT_EQ(response.status(), HealthCheckResponse::NOT_SERVING);
}

// The finding, in miniature: handlers that hold every gRPC callback thread must not
// hold off the probes.
TEST_F(HealthServiceTest, ChecksAnswerWhileHandlersHoldTheGrpcThreads) {
  std::shared_ptr<grpc::Channel> busy = NewChannel();
  grpc::GenericStub stub(busy);
  grpc::CompletionQueue queue;
  constexpr int kCalls = 32;
  std::vector<std::unique_ptr<grpc::ClientContext>> contexts;
  std::vector<std::unique_ptr<grpc::GenericClientAsyncResponseReader>> calls;
  std::vector<grpc::ByteBuffer> replies(kCalls);
  std::vector<grpc::Status> statuses(kCalls);
  for (int i = 0; i < kCalls; ++i) {
    contexts.push_back(std::make_unique<grpc::ClientContext>());
    contexts.back()->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    calls.push_back(
        stub.PrepareUnaryCall(contexts.back().get(), "/test.Blocking/Hold", grpc::ByteBuffer(),
                              &queue));
    calls.back()->StartCall();
    calls.back()->Finish(&replies[i], &statuses[i], reinterpret_cast<void*>(i + 1));
  }
  absl::SleepFor(absl::Milliseconds(500));  // Until the handlers hold the threads.
  channel_ = NewChannel();
  for (int i = 0; i < 5; ++i) {
    HealthCheckResponse response;
    const grpc::Status status = Check("interco.v1.Liveness", &response);
    ASSERT_TRUE(status.ok()) << i << ": " << status.error_message();
    EXPECT_EQ(response.status(), HealthCheckResponse::SERVING);
  }
  blocking_.release_.Notify();
  for (int i = 0; i < kCalls; ++i) {
    void* tag = nullptr;
    bool ok = false;
    ASSERT_TRUE(queue.Next(&tag, &ok));
  }
  queue.Shutdown();
  void* tag = nullptr;
  bool ok = false;
  while (queue.Next(&tag, &ok)) {
  }
}

TEST_F(HealthServiceTest, WatchSendsTheStatusThenEachChange) {
  channel_ = NewChannel();
  auto stub = Health::NewStub(channel_);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  HealthCheckRequest request;
  request.set_service("interco.v1.Liveness");
  auto reader = stub->Watch(&context, request);
  HealthCheckResponse response;
  ASSERT_TRUE(reader->Read(&response));
  EXPECT_EQ(response.status(), HealthCheckResponse::SERVING);
  health_.SetServingStatus("interco.v1.Liveness", false);
  ASSERT_TRUE(reader->Read(&response));
  EXPECT_EQ(response.status(), HealthCheckResponse::NOT_SERVING);
  health_.SetServingStatus("interco.v1.Liveness", true);
  ASSERT_TRUE(reader->Read(&response));
  EXPECT_EQ(response.status(), HealthCheckResponse::SERVING);
  health_.Shutdown();  // NOT_SERVING, then the stream ends so the drain need not wait.
  ASSERT_TRUE(reader->Read(&response));
  EXPECT_EQ(response.status(), HealthCheckResponse::NOT_SERVING);
  EXPECT_FALSE(reader->Read(&response));
  EXPECT_EQ(reader->Finish().error_code(), grpc::UNAVAILABLE);
}

// A SIGTERM that arrives at once after start-up: the server is shut down before the health
// thread has run. Its first request must not meet a completion queue already shut down (gRPC
// aborts the process then: the CI run where the server died of SIGABRT on SIGTERM).
TEST(HealthServiceStopTest, AServerShutDownBeforeTheHealthThreadRunsStopsCleanly) {
  for (int i = 0; i < 200; ++i) {
    HealthService health;
    int port = 0;
    std::unique_ptr<grpc::Server> server = StartServer(health, &port);
    ASSERT_NE(server, nullptr);
    StopServer(health, std::move(server), absl::ZeroDuration());
  }
}

// Probes keep coming while the server shuts down (the kubelet does not stop asking on
// SIGTERM): a Check being answered at that moment must neither abort nor hang the stop.
TEST(HealthServiceStopTest, ChecksInFlightDuringShutdownNeitherAbortNorHang) {
  for (int i = 0; i < 5; ++i) {
    HealthService health;
    health.SetServingStatus("", true);
    int port = 0;
    std::unique_ptr<grpc::Server> server = StartServer(health, &port);
    ASSERT_NE(server, nullptr);
    std::atomic<bool> stop{false};
    std::vector<std::thread> probes;
    for (int p = 0; p < 4; ++p) {
      probes.emplace_back([&stop, port] {
        auto stub = Health::NewStub(grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                                                        grpc::InsecureChannelCredentials()));
        while (!stop.load()) {
          grpc::ClientContext context;
          context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(1));
          HealthCheckResponse response;
          stub->Check(&context, HealthCheckRequest(), &response).ok();
        }
      });
    }
    absl::SleepFor(absl::Milliseconds(20));
    StopServer(health, std::move(server), absl::Milliseconds(100));
    stop = true;
    for (std::thread& probe : probes) probe.join();
  }
}

}  // namespace
}  // namespace interco
