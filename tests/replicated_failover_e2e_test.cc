// Replicated mode (issue 25) end to end: a real 3-member etcd cluster and two real servers
// on loopback. One pod owns the default group and serves it; the other forwards its calls
// to the owner (replicated_forwarding_e2e_test) and follows its log. `kill -9` of the owner:
// the other takes the group over within the lease's time plus a few ticks, and every
// posting the killed owner acknowledged is there, exactly once, the chain verified; a
// retry of an acknowledged request id gets the original answer; posting goes on.
#include <signal.h>

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "storage/etcd/etcd_log.h"
#include "tests/grpc_errors.h"
#include "tests/metrics_scrape.h"
#include "tests/replicated_pods.h"
#include "tests/requests.h"
#include "tests/server_process.h"
#include "tests/trading_group.h"

namespace interco::testing {
namespace {

using v1::LedgerService;

class ReplicatedFailoverTest : public ReplicatedPodsTest {
 protected:
  // pod-0, owning the default group, and pod-1, started now or (`start_follower` false) when
  // the test says.
  void StartPods(bool start_follower = true, std::vector<std::string> extra_flags = {}) {
    ReplicatedPodsOptions options;
    options.pods = 2;
    options.extra_flags = std::move(extra_flags);
    options.start_followers = start_follower;
    ReplicatedPodsTest::StartPods(std::move(options));
  }
};

TEST_F(ReplicatedFailoverTest, TheOtherPodTakesOverAndNothingAcknowledgedIsLost) {
  ASSERT_NO_FATAL_FAILURE(StartPods());
  ServerProcess* a = pods_->pod(0);
  ServerProcess* b = pods_->pod(1);
  ASSERT_TRUE(SetUpTradingGroup(a->Channel()).ok());

  // pod-1 refuses a call that was forwarded to it already, naming the owner once it has
  // looked (a tick after it started); any other call it forwards to the owner.
  auto follower = LedgerService::NewStub(b->Channel());
  v1::PostTransactionResponse refused;
  grpc::Status not_owner;
  for (int i = 0; i < 100; ++i) {
    grpc::ClientContext context;
    context.AddMetadata("x-interco-forwarded-by", "pod-9");
    not_owner = follower->PostTransaction(&context, GoodsPosting("refused"), &refused);
    if (not_owner.error_message().find("pod-0") != std::string::npos) break;
    absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_EQ(not_owner.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(ErrorReason(not_owner), "NOT_OWNER");
  EXPECT_NE(not_owner.error_message().find("pod-0"), std::string::npos)
      << not_owner.error_message();

  auto owner = LedgerService::NewStub(a->Channel());
  std::vector<v1::PostTransactionResponse> acknowledged;
  for (int i = 0; i < 30; ++i) {
    v1::PostTransactionResponse response;
    ASSERT_TRUE(Call(*owner, &LedgerService::Stub::PostTransaction,
                     GoodsPosting(absl::StrCat("p", i), "A", "B", 100 + i), &response)
                    .ok());
    acknowledged.push_back(response);
  }

  const absl::Time killed = absl::Now();
  ASSERT_TRUE(pods_->StopPod(0, SIGKILL).has_value());
  ASSERT_EQ(pods_->WaitForOwner(absl::Seconds(20)), 1);
  const absl::Duration takeover = absl::Now() - killed;
  EXPECT_LT(takeover, absl::Seconds(10));
  std::cerr << "takeover after kill -9: " << absl::FormatDuration(takeover) << "\n";

  auto next = LedgerService::NewStub(b->Channel());
  for (const v1::PostTransactionResponse& original : acknowledged) {
    v1::GetEntryRequest get;
    get.set_sequence(original.sequence());
    v1::LedgerEntry entry;
    ASSERT_TRUE(Call(*next, &LedgerService::Stub::GetEntry, get, &entry).ok());
    EXPECT_EQ(entry.chain_hash(), original.chain_hash());
  }
  // The new owner says so in its metrics (a pass of its loop after the claim).
  absl::SleepFor(absl::Milliseconds(300));
  const std::string metrics = Scrape(b->metrics_address());
  EXPECT_EQ(Sample(metrics, "interco_replication_groups_owned"), 1) << metrics;
  EXPECT_EQ(Sample(metrics, "interco_replication_groups_behind"), 0);
  EXPECT_EQ(Sample(metrics, "interco_replication_ownership_changes_total", {"change=\"claimed\""}),
            1);
  EXPECT_GT(Sample(metrics, "interco_replication_caught_up_timestamp_seconds"), 1.7e9);
  // A retry of an acknowledged posting at the new owner: the original answer.
  v1::PostTransactionResponse again;
  ASSERT_TRUE(
      Call(*next, &LedgerService::Stub::PostTransaction, GoodsPosting("p7", "A", "B", 107), &again)
          .ok());
  EXPECT_EQ(again.sequence(), acknowledged[7].sequence());
  EXPECT_EQ(again.chain_hash(), acknowledged[7].chain_hash());
  // Posting goes on, after the last acknowledged one, and the whole chain verifies.
  v1::PostTransactionResponse more;
  ASSERT_TRUE(
      Call(*next, &LedgerService::Stub::PostTransaction, GoodsPosting("after", "A", "B", 5), &more)
          .ok());
  EXPECT_EQ(more.sequence(), acknowledged.back().sequence() + 1);
  v1::VerifyLedgerResponse verified;
  ASSERT_TRUE(
      Call(*next, &LedgerService::Stub::VerifyLedger, v1::VerifyLedgerRequest(), &verified).ok());
  EXPECT_TRUE(verified.ok()) << verified.problem();
  EXPECT_EQ(verified.entries_checked(), more.sequence());
}

TEST_F(ReplicatedFailoverTest, ASigtermedOwnerHandsOverAtOnce) {
  ASSERT_NO_FATAL_FAILURE(StartPods());
  ServerProcess* a = pods_->pod(0);
  ServerProcess* b = pods_->pod(1);
  ASSERT_TRUE(SetUpTradingGroup(a->Channel()).ok());
  auto owner = LedgerService::NewStub(a->Channel());
  v1::PostTransactionResponse first;
  ASSERT_TRUE(
      Call(*owner, &LedgerService::Stub::PostTransaction, GoodsPosting("first"), &first).ok());
  const absl::Time stopped = absl::Now();
  ASSERT_EQ(pods_->StopPod(0, SIGTERM), 0);
  ASSERT_EQ(pods_->WaitForOwner(absl::Seconds(20)), 1);
  const absl::Duration takeover = absl::Now() - stopped;
  // The target is 2 s; measured 0.21-0.25 s here, bounded at 3 s for a loaded CI
  // machine. It was 5.1 s while the drain waited for this test's idle client connection to
  // close (server_e2e_test AnIdleClientConnectionDoesNotHoldTheDrain).
  EXPECT_LT(takeover, absl::Seconds(3));
  std::cerr << "takeover after SIGTERM: " << absl::FormatDuration(takeover) << "\n";
  auto next = LedgerService::NewStub(b->Channel());
  v1::PostTransactionResponse second;
  ASSERT_TRUE(
      Call(*next, &LedgerService::Stub::PostTransaction, GoodsPosting("second"), &second).ok());
  EXPECT_EQ(second.sequence(), first.sequence() + 1);
}

// A pod whose data directory is wiped gets the whole group back from the log alone (the
// structure, pricing and every posting), and can then take it over.
TEST_F(ReplicatedFailoverTest, AWipedFollowerCatchesUpFromTheLog) {
  ASSERT_NO_FATAL_FAILURE(StartPods(/*start_follower=*/false));
  ServerProcess* a = pods_->pod(0);
  ASSERT_TRUE(SetUpTradingGroup(a->Channel()).ok());
  auto owner = LedgerService::NewStub(a->Channel());
  std::vector<v1::PostTransactionResponse> acknowledged(10);
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(Call(*owner, &LedgerService::Stub::PostTransaction,
                     GoodsPosting(absl::StrCat("w", i), "A", "B", 10 + i), &acknowledged[i])
                    .ok());
  }
  // pod-1 starts on an empty directory (a new node, or a wiped disk), then the owner dies.
  ASSERT_TRUE(pods_->StartPod(1).ok());
  ServerProcess* b = pods_->pod(1);
  ASSERT_TRUE(pods_->StopPod(0, SIGKILL).has_value());
  ASSERT_EQ(pods_->WaitForOwner(absl::Seconds(20)), 1);
  auto next = LedgerService::NewStub(b->Channel());
  for (const v1::PostTransactionResponse& original : acknowledged) {
    v1::GetEntryRequest get;
    get.set_sequence(original.sequence());
    v1::LedgerEntry entry;
    ASSERT_TRUE(Call(*next, &LedgerService::Stub::GetEntry, get, &entry).ok());
    EXPECT_EQ(entry.chain_hash(), original.chain_hash());
  }
  // The structure and pricing came with the log: a new posting is priced as before.
  v1::PostTransactionResponse more;
  ASSERT_TRUE(Call(*next, &LedgerService::Stub::PostTransaction,
                   GoodsPosting("w-after", "A", "B", 10), &more)
                  .ok());
  EXPECT_EQ(more.sequence(), 11u);
  EXPECT_EQ(more.lines_size(), acknowledged[0].lines_size());
  v1::VerifyLedgerResponse verified;
  ASSERT_TRUE(
      Call(*next, &LedgerService::Stub::VerifyLedger, v1::VerifyLedgerRequest(), &verified).ok());
  EXPECT_TRUE(verified.ok()) << verified.problem();
}

// The owner trims the log below what every pod holds, keeping --log_keep_records; the
// follower, which holds everything, still takes the group over whole.
TEST_F(ReplicatedFailoverTest, TheLogIsTrimmedAndAFollowerStillTakesOver) {
  ASSERT_NO_FATAL_FAILURE(
      StartPods(/*start_follower=*/true, {"--log_keep_records=2", "--log_trim_every_s=1"}));
  ServerProcess* a = pods_->pod(0);
  ServerProcess* b = pods_->pod(1);
  ASSERT_TRUE(SetUpTradingGroup(a->Channel()).ok());
  auto owner = LedgerService::NewStub(a->Channel());
  v1::PostTransactionResponse last;
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(Call(*owner, &LedgerService::Stub::PostTransaction,
                     GoodsPosting(absl::StrCat("t", i), "A", "B", 10 + i), &last)
                    .ok());
  }
  // Both pods report what they hold every 2 s; the owner trims every second.
  auto etcd = storage::EtcdLog::Connect({.endpoints = pods_->etcd().endpoints()});
  ASSERT_TRUE(etcd.ok());
  size_t records = 0;
  for (int i = 0; i < 100; ++i) {
    auto left =
        (*etcd)->Range("/interco/groups/default/log/", "/interco/groups/default/log0", 1000);
    ASSERT_TRUE(left.ok());
    records = left->size();
    if (records <= 2) break;
    absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_EQ(records, 2u);
  ASSERT_TRUE(pods_->StopPod(0, SIGKILL).has_value());
  ASSERT_EQ(pods_->WaitForOwner(absl::Seconds(20)), 1);
  auto next = LedgerService::NewStub(b->Channel());
  v1::VerifyLedgerResponse verified;
  ASSERT_TRUE(
      Call(*next, &LedgerService::Stub::VerifyLedger, v1::VerifyLedgerRequest(), &verified).ok());
  EXPECT_TRUE(verified.ok()) << verified.problem();
  EXPECT_EQ(verified.entries_checked(), last.sequence());
}

}  // namespace
}  // namespace interco::testing
