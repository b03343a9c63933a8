// End to end (issue 23): a data directory of a release before groups (one group, its RocksDB
// database at the top of --data_dir) opens as the group "default" with no manual step, and
// stays so. Two such directories, each copied to a fresh temp dir first:
// - storage/testdata/v2_single_group, written by the last release before groups (commit
//   1f4f264) with the README tour's history; its WRITTEN_BY.md says how, and records the
//   figures below as that release's server gave them;
// - storage/testdata/v1_ledger, from the release before version-2 fingerprints (four sales
//   and a reversal; tests/fingerprint_compat_e2e_test.cc retries its requests).
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <set>
#include <string>

#include "gtest/gtest.h"
#include "interco/v1/admin.grpc.pb.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "interco/v1/policy.grpc.pb.h"
#include "interco/v1/trial_balance.grpc.pb.h"
#include "tests/group_channel.h"
#include "tests/ledger_reads.h"
#include "tests/requests.h"
#include "tests/server_process.h"
#include "tests/trading_group.h"

namespace interco::testing {
namespace {

namespace fs = std::filesystem;

// What the release before gave for storage/testdata/v2_single_group while it ran.
constexpr uint64_t kHeadSequence = 11;
constexpr char kHeadChainHash[] =
    "899aeb036cd8da564def840d1172794f2bed8b7c31a0c05f49759a4eee746a5c";
constexpr uint64_t kStructureVersion = 16;
constexpr uint64_t kPricingVersion = 33;
// P's trial balance of 2024-06: imported with the others, then corrected (version 2).
constexpr uint64_t kTrialBalanceVersion = 2;
constexpr uint64_t kTrialBalanceImportSequence = 25;
constexpr uint64_t kTrialBalanceChartVersion = 19;
constexpr uint64_t kTrialBalanceLines = 8;
constexpr char kTrialBalanceDebitTotal[] = "7250500.00";
constexpr char kFirstTrialBalanceDebitTotal[] = "7250000.00";

// storage/testdata/v1_ledger: four sales and a reversal.
constexpr uint64_t kV1Entries = 5;

// A copy of the test data directory `source` in a fresh data directory.
std::string CopyOfTestData(const std::string& source, const std::string& name) {
  const std::string data_dir = FreshTempDir(name);
  EXPECT_TRUE(fs::exists(source)) << fs::current_path();
  for (const fs::directory_entry& file : fs::directory_iterator(source)) {
    fs::copy_file(file.path(), fs::path(data_dir) / file.path().filename());
  }
  return data_dir;
}

std::set<std::string> NamesIn(const fs::path& dir) {
  std::set<std::string> names;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    names.insert(entry.path().filename().string());
  }
  return names;
}

std::string Contents(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

v1::TrialBalanceVersion TrialBalance(const std::shared_ptr<grpc::Channel>& channel,
                                     uint64_t version) {
  v1::GetTrialBalanceRequest request;
  request.set_entity_id("P");
  request.set_period("2024-06");
  request.set_version(version);
  v1::TrialBalanceVersion found;
  const grpc::Status status =
      Call(*v1::TrialBalanceService::NewStub(channel),
           &v1::TrialBalanceService::Stub::GetTrialBalance, request, &found);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return found;
}

// Every figure the release before recorded, read through `channel`.
void ExpectTheRecordedFigures(const std::shared_ptr<grpc::Channel>& channel) {
  const v1::LedgerHead head = Head(channel);
  EXPECT_EQ(head.sequence(), kHeadSequence);
  EXPECT_EQ(head.chain_hash(), kHeadChainHash);
  EXPECT_EQ(head.structure_version(), kStructureVersion);
  EXPECT_EQ(head.pricing_version(), kPricingVersion);
  const v1::VerifyLedgerResponse verified = Verify(channel);
  EXPECT_TRUE(verified.ok()) << verified.problem();
  EXPECT_EQ(verified.entries_checked(), kHeadSequence);
  const v1::TrialBalanceVersion latest = TrialBalance(channel, 0);
  EXPECT_EQ(latest.version(), kTrialBalanceVersion);
  EXPECT_EQ(latest.import_sequence(), kTrialBalanceImportSequence);
  EXPECT_EQ(latest.chart_version(), kTrialBalanceChartVersion);
  EXPECT_EQ(latest.line_count(), kTrialBalanceLines);
  EXPECT_EQ(latest.debit_total().value(), kTrialBalanceDebitTotal);
  EXPECT_EQ(TrialBalance(channel, 1).debit_total().value(), kFirstTrialBalanceDebitTotal);
  // The period close is there too, at the pricing version that made it.
  v1::GetClosedPeriodRequest close;
  close.set_entity_id("A");
  close.set_period("2024-06");
  v1::ClosedPeriod closed;
  EXPECT_TRUE(Call(*v1::PolicyService::NewStub(channel), &v1::PolicyService::Stub::GetClosedPeriod,
                   close, &closed)
                  .ok());
  EXPECT_TRUE(closed.roll_forward());
  EXPECT_EQ(closed.pricing_version(), kPricingVersion);
}

class PreviousReleaseE2eTest : public ::testing::Test {
 protected:
  void Start() {
    server_.reset();
    auto server = ServerProcess::Start({"--listen=127.0.0.1:0", "--data_dir=" + data_dir_});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
  }
  void Restart() {
    ASSERT_EQ(server_->SignalAndWait(SIGTERM, absl::Seconds(20)), 0);
    Start();
  }
  void TearDown() override {
    if (HasFailure() && server_ != nullptr) {
      std::ifstream err(server_->stderr_path());
      std::cerr << "server stderr:\n" << err.rdbuf() << std::endl;
    }
  }
  // The data are the group default's now: nothing is left at the top but the catalog and
  // the groups, and the catalog knows default alone.
  void ExpectAdoptedAsTheDefaultGroup() {
    EXPECT_EQ(NamesIn(data_dir_), (std::set<std::string>{"catalog", "groups"}));
    EXPECT_EQ(NamesIn(fs::path(data_dir_) / "groups"), (std::set<std::string>{"default"}));
    v1::ListGroupsResponse groups;
    ASSERT_TRUE(Call(*v1::AdminService::NewStub(server_->Channel()),
                     &v1::AdminService::Stub::ListGroups, v1::ListGroupsRequest(), &groups)
                    .ok());
    ASSERT_EQ(groups.groups_size(), 1);
    EXPECT_EQ(groups.groups(0).group_id(), "default");
  }
  std::shared_ptr<grpc::Channel> Default() { return GroupChannel(server_->address(), "default"); }

  std::string data_dir_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(PreviousReleaseE2eTest, TheLastSingleGroupReleasesDataOpenAsTheDefaultGroup) {
  data_dir_ = CopyOfTestData("storage/testdata/v2_single_group", "v2_single_group");
  const std::string identity = Contents(fs::path(data_dir_) / "IDENTITY");
  ASSERT_FALSE(identity.empty());
  Start();
  // A client of the release before names no group; a client of today's may name default.
  ExpectTheRecordedFigures(server_->Channel());
  ExpectTheRecordedFigures(Default());
  ExpectAdoptedAsTheDefaultGroup();
  // The same database, moved: not a new one beside it.
  EXPECT_EQ(Contents(fs::path(data_dir_) / "groups" / "default" / "IDENTITY"), identity);
}

TEST_F(PreviousReleaseE2eTest, TheAdoptedDirectoryOpensAgainAfterARestart) {
  data_dir_ = CopyOfTestData("storage/testdata/v2_single_group", "v2_restart");
  Start();
  ASSERT_EQ(Head(server_->Channel()).sequence(), kHeadSequence);
  Restart();
  ExpectTheRecordedFigures(server_->Channel());
  ExpectAdoptedAsTheDefaultGroup();
}

TEST_F(PreviousReleaseE2eTest, ANewPostingContinuesTheOldChain) {
  data_dir_ = CopyOfTestData("storage/testdata/v2_single_group", "v2_posting");
  Start();
  // A's goods sale to B under the tour's goods policy; A's June is closed with roll-forward.
  v1::PostTransactionResponse posted;
  const grpc::Status status =
      Call(*v1::LedgerService::NewStub(server_->Channel()),
           &v1::LedgerService::Stub::PostTransaction, GoodsPosting("after-groups"), &posted);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(posted.sequence(), kHeadSequence + 1);
  v1::GetEntryRequest get;
  get.set_sequence(kHeadSequence + 1);
  v1::LedgerEntry entry;
  ASSERT_TRUE(Call(*v1::LedgerService::NewStub(server_->Channel()),
                   &v1::LedgerService::Stub::GetEntry, get, &entry)
                  .ok());
  EXPECT_EQ(entry.previous_hash(), kHeadChainHash);
  EXPECT_EQ(entry.chain_hash(), posted.chain_hash());
  ASSERT_FALSE(entry.lines().empty());
  EXPECT_EQ(entry.lines(0).period(), "2024-07");  // Rolled forward out of the closed June.
  Restart();
  const v1::LedgerHead head = Head(server_->Channel());
  EXPECT_EQ(head.sequence(), kHeadSequence + 1);
  EXPECT_EQ(head.chain_hash(), posted.chain_hash());
  const v1::VerifyLedgerResponse verified = Verify(Default());
  EXPECT_TRUE(verified.ok()) << verified.problem();
  EXPECT_EQ(verified.entries_checked(), kHeadSequence + 1);
}

TEST_F(PreviousReleaseE2eTest, TheV1LedgerOpensAsTheDefaultGroupToo) {
  data_dir_ = CopyOfTestData("storage/testdata/v1_ledger", "v1_ledger");
  Start();
  const v1::LedgerHead before = Head(server_->Channel());
  EXPECT_EQ(before.sequence(), kV1Entries);
  EXPECT_TRUE(Verify(server_->Channel()).ok());
  ExpectAdoptedAsTheDefaultGroup();
  Restart();
  const v1::LedgerHead after = Head(Default());
  EXPECT_EQ(after.sequence(), kV1Entries);
  EXPECT_EQ(after.chain_hash(), before.chain_hash());
  const v1::VerifyLedgerResponse verified = Verify(server_->Channel());
  EXPECT_TRUE(verified.ok()) << verified.problem();
  EXPECT_EQ(verified.entries_checked(), kV1Entries);
  ExpectAdoptedAsTheDefaultGroup();
}

}  // namespace
}  // namespace interco::testing
