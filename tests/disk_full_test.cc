// Resource faults: the data directory fills up, and the data directory is read-only.
// The disk-full case mounts a small tmpfs, so it needs root; elsewhere it is skipped.
#include <sys/mount.h>
#include <unistd.h>

#include <filesystem>
#include <map>

#include "gtest/gtest.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "tests/requests.h"
#include "tests/server_process.h"
#include "tests/trading_group.h"

namespace interco::testing {
namespace {

class DiskFullTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root to mount a size-limited tmpfs";
    mount_point_ = FreshTempDir("small_disk");
    if (mount("tmpfs", mount_point_.c_str(), "tmpfs", 0, "size=24m") != 0) {
      GTEST_SKIP() << "cannot mount tmpfs here (no CAP_SYS_ADMIN in this sandbox)";
    }
    mounted_ = true;
  }
  void TearDown() override {
    server_.reset();
    if (mounted_) umount2(mount_point_.c_str(), MNT_DETACH);
  }
  std::string mount_point_;
  bool mounted_ = false;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(DiskFullTest, PostingsFailCleanlyAndEveryAcknowledgedOneSurvivesOnceSpaceIsBack) {
  const std::string data = mount_point_ + "/data";
  auto server = ServerProcess::Start({"--listen=127.0.0.1:0", "--data_dir=" + data});
  ASSERT_TRUE(server.ok()) << server.status();
  server_ = *std::move(server);
  ASSERT_TRUE(SetUpTradingGroup(server_->Channel()).ok());
  auto stub = v1::LedgerService::NewStub(server_->Channel());
  std::map<std::string, std::string> acknowledged;
  grpc::StatusCode failure = grpc::OK;
  // Fill the disk: batches of long transaction ids until the server refuses.
  for (int b = 0; b < 2000 && failure == grpc::OK; ++b) {
    v1::BatchPostTransactionsRequest batch;
    batch.set_request_id("fill-" + std::to_string(b));
    batch.set_atomic(true);
    for (int i = 0; i < 100; ++i) {
      v1::PostTransactionRequest request =
          GoodsPosting("f" + std::to_string(b) + "-" + std::to_string(i));
      // Each invoice once: the ledger keeps one posting per seller and transaction_id.
      request.mutable_transaction()->set_transaction_id(std::string(56, 'x') + std::to_string(b) +
                                                        "-" + std::to_string(i));
      *batch.add_transactions() = request;
    }
    v1::BatchPostTransactionsResponse response;
    const grpc::Status status =
        Call(*stub, &v1::LedgerService::Stub::BatchPostTransactions, batch, &response);
    if (!status.ok()) {
      failure = status.error_code();
      break;
    }
    for (const auto& result : response.results()) {
      acknowledged[std::to_string(result.response().sequence())] =
          result.response().SerializeAsString();
    }
  }
  ASSERT_TRUE(failure == grpc::RESOURCE_EXHAUSTED || failure == grpc::UNAVAILABLE)
      << "the disk never filled, or the error was " << failure;
  ASSERT_FALSE(acknowledged.empty());
  // Give the filesystem room, restart, and find every acknowledged posting intact.
  server_.reset();
  ASSERT_EQ(mount("tmpfs", mount_point_.c_str(), "tmpfs", MS_REMOUNT, "size=256m"), 0);
  server = ServerProcess::Start({"--listen=127.0.0.1:0", "--data_dir=" + data});
  ASSERT_TRUE(server.ok()) << server.status();
  server_ = *std::move(server);
  stub = v1::LedgerService::NewStub(server_->Channel());
  v1::VerifyLedgerResponse verified;
  ASSERT_TRUE(
      Call(*stub, &v1::LedgerService::Stub::VerifyLedger, v1::VerifyLedgerRequest(), &verified)
          .ok());
  EXPECT_TRUE(verified.ok()) << verified.problem();
  EXPECT_GE(verified.entries_checked(), acknowledged.size());
  for (const auto& [sequence, reply] : acknowledged) {
    v1::GetEntryRequest get;
    get.set_sequence(std::stoull(sequence));
    v1::LedgerEntry entry;
    ASSERT_TRUE(Call(*stub, &v1::LedgerService::Stub::GetEntry, get, &entry).ok()) << sequence;
  }
  v1::PostTransactionResponse after;
  EXPECT_TRUE(
      Call(*stub, &v1::LedgerService::Stub::PostTransaction, GoodsPosting("after-space"), &after)
          .ok())
      << "the server posts again once there is room";
}

TEST(ReadOnlyDataDirectoryTest, StartUpFailsWithAClearMessage) {
  if (geteuid() == 0) GTEST_SKIP() << "root ignores directory permissions";
  const std::string dir = FreshTempDir("read_only");
  std::filesystem::permissions(
      dir, std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
  const ServerProcess::Exit exit =
      ServerProcess::RunToExit({"--listen=127.0.0.1:0", "--data_dir=" + dir + "/data"});
  EXPECT_EQ(exit.code, 1);
  EXPECT_NE(exit.stderr_text.find("cannot create data directory"), std::string::npos)
      << exit.stderr_text;
}

}  // namespace
}  // namespace interco::testing
