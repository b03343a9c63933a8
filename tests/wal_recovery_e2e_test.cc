// End to end: what the server does with its write-ahead log after a crash. A torn tail (the
// one write the crash interrupted, never acknowledged) is recovered; damage before the end
// refuses start-up, names the file and keeps it, rather than silently dropping acknowledged
// postings (docs/RELIABILITY.md, "Faults tried by an independent probe").
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "tests/requests.h"
#include "tests/server_process.h"
#include "tests/trading_group.h"

namespace interco::testing {
namespace {

namespace fs = std::filesystem;

constexpr int kPostings = 200;

class WalRecoveryE2eTest : public ::testing::Test {
 public:
  void SetUp() override { data_dir_ = FreshTempDir("wal_data"); }

  std::vector<std::string> Flags() const {
    return {"--listen=127.0.0.1:0", "--data_dir=" + data_dir_};
  }

  // Posts kPostings one at a time (one WAL record each), then kills the server.
  void PostAndKill() {
    auto server = ServerProcess::Start(Flags());
    ASSERT_TRUE(server.ok()) << server.status();
    ASSERT_TRUE(SetUpTradingGroup((*server)->Channel()).ok());
    auto ledger = v1::LedgerService::NewStub((*server)->Channel());
    for (int i = 0; i < kPostings; ++i) {
      v1::PostTransactionResponse response;
      const grpc::Status status = Call(*ledger, &v1::LedgerService::Stub::PostTransaction,
                                       GoodsPosting(absl::StrCat("w", i)), &response);
      ASSERT_TRUE(status.ok()) << status.error_message();
    }
    ASSERT_TRUE((*server)->SignalAndWait(SIGKILL, absl::Seconds(10)).has_value());
  }

  // The newest WAL file: the one the killed server was appending to.
  std::string NewestWal() const {
    std::string newest;
    for (const fs::directory_entry& file : fs::directory_iterator(fs::path(data_dir_) / "groups" / "default")) {
      const std::string path = file.path().string();
      if (absl::EndsWith(path, ".log") && path > newest) newest = path;
    }
    return newest;
  }

  v1::VerifyLedgerResponse Verify(const ServerProcess& server) {
    auto ledger = v1::LedgerService::NewStub(server.Channel());
    v1::VerifyLedgerResponse response;
    EXPECT_TRUE(
        Call(*ledger, &v1::LedgerService::Stub::VerifyLedger, v1::VerifyLedgerRequest(), &response)
            .ok());
    return response;
  }

  std::string data_dir_;
};

TEST_F(WalRecoveryE2eTest, ATornTailIsRecoveredUpToTheLastWholeWrite) {
  PostAndKill();
  const std::string wal = NewestWal();
  ASSERT_FALSE(wal.empty());
  // The crash cut the last write short: it was never acknowledged.
  fs::resize_file(wal, fs::file_size(wal) - 7);
  auto server = ServerProcess::Start(Flags());
  ASSERT_TRUE(server.ok()) << server.status();
  const v1::VerifyLedgerResponse verified = Verify(**server);
  EXPECT_TRUE(verified.ok()) << verified.problem();
  EXPECT_EQ(verified.entries_checked(), static_cast<uint64_t>(kPostings - 1));
}

TEST_F(WalRecoveryE2eTest, DamageBeforeTheEndRefusesToStartNamesTheFileAndKeepsIt) {
  PostAndKill();
  const std::string wal = NewestWal();
  ASSERT_FALSE(wal.empty());
  const uintmax_t size = fs::file_size(wal);
  {
    std::fstream io(wal, std::ios::in | std::ios::out | std::ios::binary);
    const std::streamoff at = static_cast<std::streamoff>(size * 3 / 10);
    io.seekg(at);
    char byte = 0;
    io.read(&byte, 1);
    byte = static_cast<char>(byte ^ 0x01);
    io.seekp(at);
    io.write(&byte, 1);
  }
  const ServerProcess::Exit exit = ServerProcess::RunToExit(Flags(), absl::Seconds(10));
  EXPECT_FALSE(absl::StrContains(exit.stderr_text, "listening on"))
      << "acknowledged postings after the damage would be lost";
  EXPECT_EQ(exit.code, 1);
  std::cout << "start-up refused with: " << exit.stderr_text;
  const std::string name = fs::path(wal).filename().string();
  EXPECT_TRUE(absl::StrContains(exit.stderr_text, name)) << exit.stderr_text;
  EXPECT_TRUE(absl::StrContains(exit.stderr_text, "OPERATIONS.md")) << exit.stderr_text;
  ASSERT_TRUE(fs::exists(wal)) << "the only copy of the postings is kept";
  EXPECT_EQ(fs::file_size(wal), size);
  // A second attempt refuses again: nothing was repaired behind the operator's back.
  EXPECT_EQ(ServerProcess::RunToExit(Flags(), absl::Seconds(10)).code, 1);
}

}  // namespace
}  // namespace interco::testing
