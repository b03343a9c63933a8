// End to end: an online checkpoint (AdminService.CreateCheckpoint) while the server runs,
// restored by starting a second server on it: the ledger verifies and holds every
// posting up to the reported sequence, byte for byte.
#include <filesystem>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "interco/v1/admin.grpc.pb.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "tests/grpc_errors.h"
#include "tests/requests.h"
#include "tests/server_process.h"
#include "tests/trading_group.h"

namespace interco::testing {
namespace {

grpc::Status Checkpoint(const std::shared_ptr<grpc::Channel>& channel, const std::string& name,
                        v1::CreateCheckpointResponse* response) {
  auto admin = v1::AdminService::NewStub(channel);
  v1::CreateCheckpointRequest request;
  request.set_name(name);
  return Call(*admin, &v1::AdminService::Stub::CreateCheckpoint, request, response);
}

TEST(BackupE2eTest, ACheckpointRestoresToTheSameVerifiedLedger) {
  const std::string backups = FreshTempDir("backups");
  auto server = ServerProcess::Start(
      {"--listen=127.0.0.1:0", "--data_dir=" + FreshTempDir("live"), "--backup_dir=" + backups});
  ASSERT_TRUE(server.ok()) << server.status();
  ASSERT_TRUE(SetUpTradingGroup((*server)->Channel()).ok());
  auto ledger = v1::LedgerService::NewStub((*server)->Channel());
  v1::PostTransactionResponse last;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(Call(*ledger, &v1::LedgerService::Stub::PostTransaction,
                     GoodsPosting("b-" + std::to_string(i)), &last)
                    .ok());
  }
  v1::CreateCheckpointResponse made;
  const grpc::Status status = Checkpoint((*server)->Channel(), "2026-12-01T0200", &made);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(made.path(), backups + "/2026-12-01T0200");
  EXPECT_EQ(made.ledger_sequence(), 3u);
  EXPECT_EQ(made.chain_hash(), last.chain_hash());

  v1::CreateCheckpointResponse refused;
  grpc::Status again = Checkpoint((*server)->Channel(), "2026-12-01T0200", &refused);
  EXPECT_EQ(again.error_code(), grpc::ALREADY_EXISTS);
  EXPECT_EQ(ViolatedField(again), "name");
  for (const std::string& bad :
       std::vector<std::string>{"", "../escape", ".hidden", "a/b", std::string(65, 'x')}) {
    again = Checkpoint((*server)->Channel(), bad, &refused);
    EXPECT_EQ(again.error_code(), grpc::INVALID_ARGUMENT) << bad;
    EXPECT_EQ(ViolatedField(again), "name");
  }
  // Postings continue after the checkpoint; the restored copy stops where it was taken.
  ASSERT_TRUE(
      Call(*ledger, &v1::LedgerService::Stub::PostTransaction, GoodsPosting("after"), &last).ok());

  const std::string restored = FreshTempDir("restored") + "/data";
  std::filesystem::copy(made.path(), restored, std::filesystem::copy_options::recursive);
  auto copy = ServerProcess::Start({"--listen=127.0.0.1:0", "--data_dir=" + restored});
  ASSERT_TRUE(copy.ok()) << copy.status();
  auto restored_ledger = v1::LedgerService::NewStub((*copy)->Channel());
  v1::VerifyLedgerResponse verified;
  ASSERT_TRUE(Call(*restored_ledger, &v1::LedgerService::Stub::VerifyLedger,
                   v1::VerifyLedgerRequest(), &verified)
                  .ok());
  EXPECT_TRUE(verified.ok()) << verified.problem();
  EXPECT_EQ(verified.entries_checked(), 3u);
  v1::GetEntryRequest third;
  third.set_sequence(3);
  v1::LedgerEntry original, copied;
  ASSERT_TRUE(Call(*ledger, &v1::LedgerService::Stub::GetEntry, third, &original).ok());
  ASSERT_TRUE(Call(*restored_ledger, &v1::LedgerService::Stub::GetEntry, third, &copied).ok());
  EXPECT_EQ(copied.SerializeAsString(), original.SerializeAsString());
}

TEST(BackupE2eTest, WithoutABackupDirectoryCheckpointsAreRefused) {
  auto server = ServerProcess::Start({"--listen=127.0.0.1:0", "--data_dir=" + FreshTempDir("n")});
  ASSERT_TRUE(server.ok()) << server.status();
  v1::CreateCheckpointResponse response;
  EXPECT_EQ(Checkpoint((*server)->Channel(), "x", &response).error_code(),
            grpc::FAILED_PRECONDITION);
}

}  // namespace
}  // namespace interco::testing
