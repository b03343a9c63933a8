// Replicated mode under faults (issue 25), on a real 3-member etcd cluster and real servers:
// repeated kill -9 of the group's owner while clients post (and retry as an ERP does), an
// owner paused past its lease (SIGSTOP) that wakes up after another pod took over, and the
// loss of one and then two etcd members. After each, every acknowledged posting is in the
// ledger exactly once, with the hash it was acknowledged with, and the chain verifies.
#include <signal.h>

#include <atomic>
#include <iostream>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "gtest/gtest.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "tests/replicated_pods.h"
#include "tests/requests.h"
#include "tests/trading_group.h"

namespace interco::testing {
namespace {

using v1::LedgerService;

// request_id -> the answer it was acknowledged with.
using Acknowledged = std::map<std::string, v1::PostTransactionResponse>;

class ReplicatedChaosTest : public ReplicatedPodsTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(StartPods(ReplicatedPodsOptions()));
    ASSERT_TRUE(SetUpTradingGroup(pods_->pod(0)->Channel()).ok());
  }

  // Every acknowledged posting is at the owner with the acknowledged sequence and hash, the
  // ledger holds nothing else, and the chain verifies.
  void ExpectLedgerHolds(const Acknowledged& acknowledged) {
    const int owner = pods_->WaitForOwner(absl::Seconds(30));
    ASSERT_GE(owner, 0);
    auto ledger = LedgerService::NewStub(pods_->pod(owner)->Channel());
    for (const auto& [request_id, answer] : acknowledged) {
      v1::GetEntryRequest get;
      get.set_sequence(answer.sequence());
      v1::LedgerEntry entry;
      ASSERT_TRUE(Call(*ledger, &LedgerService::Stub::GetEntry, get, &entry).ok()) << request_id;
      EXPECT_EQ(entry.request_id(), request_id);
      EXPECT_EQ(entry.chain_hash(), answer.chain_hash()) << request_id;
    }
    v1::LedgerHead head;
    ASSERT_TRUE(
        Call(*ledger, &LedgerService::Stub::GetLedgerHead, v1::GetLedgerHeadRequest(), &head).ok());
    EXPECT_EQ(head.sequence(), acknowledged.size());  // Nothing beside them, nothing twice.
    v1::VerifyLedgerResponse verified;
    ASSERT_TRUE(
        Call(*ledger, &LedgerService::Stub::VerifyLedger, v1::VerifyLedgerRequest(), &verified)
            .ok());
    EXPECT_TRUE(verified.ok()) << verified.problem();
  }

  // Posts `count` new postings named `prefix`-N, each until answered.
  void PostAll(const std::string& prefix, int count, Acknowledged* acknowledged, absl::Mutex* mu) {
    for (int i = 0; i < count; ++i) {
      const std::string id = absl::StrCat(prefix, "-", i);
      v1::PostTransactionResponse response;
      const grpc::Status status = pods_->PostUntilAnswered(GoodsPosting(id, "A", "B", 100 + i),
                                                           &response, absl::Seconds(60));
      ASSERT_TRUE(status.ok()) << id << ": " << status.error_message();
      absl::MutexLock lock(mu);
      (*acknowledged)[id] = response;
    }
  }
};

TEST_F(ReplicatedChaosTest, KillingTheOwnerRepeatedlyLosesAndDoublesNothing) {
  const char* cycles_env = std::getenv("INTERCO_FAILOVER_CYCLES");
  const int cycles = cycles_env != nullptr ? std::atoi(cycles_env) : 20;
  Acknowledged acknowledged;
  absl::Mutex mu;
  std::mt19937 random(7);
  std::vector<absl::Duration> takeovers;
  for (int cycle = 0; cycle < cycles; ++cycle) {
    std::vector<std::thread> clients;
    for (int c = 0; c < 2; ++c) {
      clients.emplace_back([&, c] { PostAll(absl::StrCat("c", cycle, "-", c), 4, &acknowledged, &mu); });
    }
    absl::SleepFor(absl::Milliseconds(std::uniform_int_distribution<int>(0, 300)(random)));
    const int owner = pods_->WaitForOwner(absl::Seconds(30));
    ASSERT_GE(owner, 0) << "cycle " << cycle;
    const absl::Time killed = absl::Now();
    pods_->KillPod(owner);
    const int next = pods_->WaitForOwner(absl::Seconds(30));
    ASSERT_GE(next, 0) << "cycle " << cycle;
    takeovers.push_back(absl::Now() - killed);
    ASSERT_TRUE(pods_->StartPod(owner).ok());
    for (std::thread& client : clients) client.join();
    if (HasFatalFailure()) return;
  }
  std::sort(takeovers.begin(), takeovers.end());
  if (!takeovers.empty()) {
    std::cerr << cycles << " kill -9 cycles: takeover median "
              << absl::FormatDuration(takeovers[takeovers.size() / 2]) << ", max "
              << absl::FormatDuration(takeovers.back()) << "; " << acknowledged.size()
              << " postings acknowledged\n";
    EXPECT_LT(takeovers.back(), absl::Seconds(10));
  }
  ExpectLedgerHolds(acknowledged);
}

TEST_F(ReplicatedChaosTest, APausedOwnerNeverWritesAfterAnotherTookOver) {
  Acknowledged acknowledged;
  absl::Mutex mu;
  PostAll("before", 3, &acknowledged, &mu);
  ServerProcess* paused = pods_->pod(0);
  ASSERT_EQ(kill(paused->pid(), SIGSTOP), 0);
  // A call that reaches the paused owner waits in its socket.
  grpc::Status late_status;
  std::thread late([&] {
    auto ledger = LedgerService::NewStub(paused->Channel());
    v1::PostTransactionResponse response;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    late_status = ledger->PostTransaction(&context, GoodsPosting("late"), &response);
  });
  // Another pod takes over once the lease lapses, and posts.
  const absl::Time deadline = absl::Now() + absl::Seconds(20);
  int next = -1;
  while (next <= 0 && absl::Now() < deadline) {
    next = pods_->WaitForOwner(absl::Seconds(1));
    if (next == 0) next = -1;
  }
  ASSERT_GT(next, 0);
  PostAll("after", 3, &acknowledged, &mu);
  ASSERT_EQ(kill(paused->pid(), SIGCONT), 0);
  late.join();
  EXPECT_FALSE(late_status.ok()) << "the paused owner acknowledged a posting after losing the group";
  // Its next call is refused, naming the new owner (or answered by it, were it the owner).
  PostAll("later", 2, &acknowledged, &mu);
  ExpectLedgerHolds(acknowledged);
}

TEST_F(ReplicatedChaosTest, OneEtcdMemberLostPostingGoesOnTwoLostMutationsRefuse) {
  Acknowledged acknowledged;
  absl::Mutex mu;
  pods_->etcd().Kill(2);
  PostAll("one-down", 5, &acknowledged, &mu);
  pods_->etcd().Kill(1);
  const int owner = pods_->WaitForOwner(absl::Seconds(5));
  if (owner >= 0) {
    auto ledger = LedgerService::NewStub(pods_->pod(owner)->Channel());
    v1::PostTransactionResponse response;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    const absl::Time sent = absl::Now();
    const grpc::Status refused =
        ledger->PostTransaction(&context, GoodsPosting("no-quorum"), &response);
    EXPECT_FALSE(refused.ok());
    EXPECT_TRUE(refused.error_code() == grpc::StatusCode::UNAVAILABLE ||
                refused.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED)
        << refused.error_message();
    EXPECT_LT(absl::Now() - sent, absl::Seconds(11));
  }
  ASSERT_TRUE(pods_->etcd().Restart(1).ok());
  ASSERT_TRUE(pods_->etcd().Restart(2).ok());
  // The refused posting may or may not have reached the log; its retry settles it.
  PostAll("no-quorum-retry", 1, &acknowledged, &mu);
  v1::PostTransactionResponse retried;
  ASSERT_TRUE(pods_->PostUntilAnswered(GoodsPosting("no-quorum"), &retried, absl::Seconds(60)).ok());
  acknowledged["no-quorum"] = retried;
  PostAll("back", 3, &acknowledged, &mu);
  ExpectLedgerHolds(acknowledged);
}

}  // namespace
}  // namespace interco::testing
