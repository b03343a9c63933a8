// Issue 23: each group has its own writer, so a slow or failing group does not stall the
// others' postings. The server runs in this process so that a test hook can block one
// group's writer (ServerOptions::before_admission_for_testing) while another group posts.
#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"
#include "interco/v1/admin.grpc.pb.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "services/server.h"
#include "tests/group_channel.h"
#include "tests/requests.h"
#include "tests/server_process.h"
#include "tests/trading_group.h"

namespace interco::testing {
namespace {

TEST(GroupIsolationTest, AGroupWhoseWriterIsBlockedDoesNotStallAnotherGroupsPostings) {
  absl::Notification release;
  std::atomic<bool> blocking{false};
  ServerOptions options;
  options.listen = ListenAddress{"127.0.0.1", 0};
  options.data_dir = FreshTempDir("isolation");
  options.metrics_listen = "";
  options.before_admission_for_testing = [&](const std::string& group) {
    if (group != "slow" || !blocking.load()) return;
    release.WaitForNotification();
  };
  auto server = InterCoServer::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  const std::string address = (*server)->address().ToString();
  v1::CreateGroupRequest create;
  create.set_request_id("create-slow");
  create.set_group_id("slow");
  v1::Group created;
  ASSERT_TRUE(Call(*v1::AdminService::NewStub(GroupChannel(address, "default")),
                   &v1::AdminService::Stub::CreateGroup, create, &created)
                  .ok());
  ASSERT_TRUE(SetUpTradingGroup(GroupChannel(address, "slow")).ok());
  ASSERT_TRUE(SetUpTradingGroup(GroupChannel(address, "default")).ok());

  // The slow group's writer now stops at its next posting, which stays unanswered.
  blocking = true;
  std::atomic<bool> slow_answered{false};
  grpc::Status slow_status;
  std::thread slow([&] {
    auto ledger = v1::LedgerService::NewStub(GroupChannel(address, "slow"));
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    v1::PostTransactionResponse response;
    slow_status = ledger->PostTransaction(&context, GoodsPosting("slow-1"), &response);
    slow_answered = true;
  });
  // Meanwhile the other group posts, and its writer answers every one.
  auto ledger = v1::LedgerService::NewStub(GroupChannel(address, "default"));
  for (int i = 1; i <= 20; ++i) {
    v1::PostTransactionResponse response;
    const grpc::Status status = Call(*ledger, &v1::LedgerService::Stub::PostTransaction,
                                     GoodsPosting("fast-" + std::to_string(i)), &response);
    ASSERT_TRUE(status.ok()) << i << ": " << status.error_message();
    EXPECT_EQ(response.sequence(), static_cast<uint64_t>(i));
  }
  EXPECT_FALSE(slow_answered.load()) << "the slow group's writer was never blocked";
  release.Notify();
  slow.join();
  EXPECT_TRUE(slow_status.ok()) << slow_status.error_message();
  EXPECT_TRUE((*server)->Shutdown().ok());
}

}  // namespace
}  // namespace interco::testing
