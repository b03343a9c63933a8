#include "services/cli/channel.h"

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "interco/v1/admin.grpc.pb.h"
#include "services/cli/call.h"
#include "services/tenancy/group_id.h"

namespace interco::cli {
namespace {

TEST(ChannelTest, AServerWithoutAPortMeans50051) {
  EXPECT_EQ(WithDefaultPort("ledger.internal"), "ledger.internal:50051");
  EXPECT_EQ(WithDefaultPort("ledger.internal:6000"), "ledger.internal:6000");
  EXPECT_EQ(WithDefaultPort("[::1]"), "[::1]:50051");
  EXPECT_EQ(WithDefaultPort("[::1]:6000"), "[::1]:6000");
  EXPECT_EQ(WithDefaultPort("127.0.0.1"), "127.0.0.1:50051");
}

TEST(ChannelTest, InconsistentTlsOptionsAreRefused) {
  EXPECT_EQ(OpenChannel({.tls_cert = "c.pem"}, absl::Now()).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(OpenChannel({.tls_cert = "c.pem", .tls_key = "k.pem"}, absl::Now()).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(OpenChannel({.tls_ca = "/nonexistent/ca.pem"}, absl::Now()).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(OpenChannel({}, absl::Now()).ok());
}

TEST(ChannelTest, AMalformedGroupIsRefusedNamingTheFlag) {
  ChannelOptions options;
  options.group = "Acme";
  const auto channel = OpenChannel(options, absl::Now());
  EXPECT_EQ(channel.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(channel.status().message().rfind("--group: a group id is a DNS label", 0), 0u)
      << channel.status();
}

// An AdminService that records the x-interco-group values of each ListGroups call.
class RecordingAdminService final : public v1::AdminService::Service {
 public:
  grpc::Status ListGroups(grpc::ServerContext* context, const v1::ListGroupsRequest* request,
                          v1::ListGroupsResponse* response) override {
    std::vector<std::string> groups;
    const auto [first, last] = context->client_metadata().equal_range(tenancy::kGroupHeader);
    for (auto it = first; it != last; ++it)
      groups.emplace_back(it->second.data(), it->second.size());
    std::lock_guard<std::mutex> lock(mutex_);
    calls_.push_back(std::move(groups));
    return grpc::Status::OK;
  }

  // Per call, the group values it carried, in call order.
  std::vector<std::vector<std::string>> calls() {
    std::lock_guard<std::mutex> lock(mutex_);
    return calls_;
  }

 private:
  std::mutex mutex_;
  std::vector<std::vector<std::string>> calls_;  // Guarded by mutex_.
};

class GroupMetadataTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    ASSERT_NE(port_, 0);
  }
  void TearDown() override { server_->Shutdown(); }

  // One ListGroups call on a channel opened with `group`, as a command makes it.
  void CallWithGroup(const std::string& group) {
    ChannelOptions options;
    options.server = "127.0.0.1:" + std::to_string(port_);
    options.group = group;
    const auto channel = OpenChannel(options, absl::Now());
    ASSERT_TRUE(channel.ok()) << channel.status();
    v1::ListGroupsResponse response;
    const grpc::Status status = v1::AdminService::NewStub(*channel)->ListGroups(
        CallContext().get(), v1::ListGroupsRequest(), &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  RecordingAdminService service_;
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
};

TEST_F(GroupMetadataTest, EveryCallNamesTheChannelsGroupOnce) {
  CallWithGroup("acme");
  CallWithGroup("acme");
  CallWithGroup("default");
  using Groups = std::vector<std::string>;
  EXPECT_EQ(service_.calls(),
            (std::vector<Groups>{Groups{"acme"}, Groups{"acme"}, Groups{"default"}}));
}

TEST_F(GroupMetadataTest, WithoutAGroupNothingIsSent) {
  CallWithGroup("");
  EXPECT_EQ(service_.calls(), std::vector<std::vector<std::string>>{{}})
      << "the server's group \"default\" is the absence of the header, not a value we send";
}

}  // namespace
}  // namespace interco::cli
