// Replicated mode (issue 25) with many groups: a group created at any pod exists at every
// pod (the catalog they share in etcd), exactly once by request_id whichever pod is asked,
// is owned by one pod and survives that pod's kill -9 with everything it acknowledged. Real
// etcd, two real servers.
#include <signal.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "interco/v1/admin.grpc.pb.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "tests/group_channel.h"
#include "tests/grpc_errors.h"
#include "tests/metrics_scrape.h"
#include "tests/replicated_pods.h"
#include "tests/requests.h"
#include "tests/server_process.h"
#include "tests/trading_group.h"

namespace interco::testing {
namespace {

using v1::AdminService;
using v1::LedgerService;

grpc::Status CreateGroup(ServerProcess& pod, const std::string& request_id, const std::string& id,
                         v1::Group* group) {
  v1::CreateGroupRequest request;
  request.set_request_id(request_id);
  request.set_group_id(id);
  request.set_display_name("Group " + id);
  return Call(*AdminService::NewStub(pod.Channel()), &AdminService::Stub::CreateGroup, request,
              group);
}

// The pod that serves `group` (answers where a call is not forwarded); -1 after `timeout`.
int OwnerOf(ReplicatedPods& pods, const std::string& group, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (absl::Now() < deadline) {
    for (int i = 0; i < pods.size(); ++i) {
      if (pods.pod(i) == nullptr) continue;
      auto ledger = LedgerService::NewStub(GroupChannel(pods.pod(i)->address(), group));
      grpc::ClientContext context;
      context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
      context.AddMetadata("x-interco-forwarded-by", "test");
      v1::LedgerHead head;
      if (ledger->GetLedgerHead(&context, v1::GetLedgerHeadRequest(), &head).ok()) return i;
    }
    absl::SleepFor(absl::Milliseconds(50));
  }
  return -1;
}

class ReplicatedGroupsTest : public ReplicatedPodsTest {
 protected:
  void SetUp() override {
    ReplicatedPodsOptions options;
    options.pods = 2;
    StartPods(std::move(options));
  }
};

TEST_F(ReplicatedGroupsTest, AGroupCreatedAtOnePodIsEveryPodsExactlyOnce) {
  v1::Group created;
  ASSERT_TRUE(CreateGroup(*pods_->pod(1), "create-acme", "acme", &created).ok());
  EXPECT_EQ(created.group_id(), "acme");

  // pod-0 adopts it from the shared catalog within about a second.
  v1::Group seen;
  grpc::Status got;
  for (int i = 0; i < 100; ++i) {
    v1::GetGroupRequest get;
    get.set_group_id("acme");
    got = Call(*AdminService::NewStub(pods_->pod(0)->Channel()), &AdminService::Stub::GetGroup, get,
               &seen);
    if (got.ok()) break;
    absl::SleepFor(absl::Milliseconds(50));
  }
  ASSERT_TRUE(got.ok()) << got.error_message();
  EXPECT_EQ(seen.create_time(), created.create_time());
  EXPECT_EQ(seen.create_request_id(), "create-acme");

  // The same request at the other pod: the original answer. Another request for the same
  // group, or the same request id for another group: refused.
  v1::Group again;
  ASSERT_TRUE(CreateGroup(*pods_->pod(0), "create-acme", "acme", &again).ok());
  EXPECT_EQ(again.create_time(), created.create_time());
  v1::Group refused;
  const grpc::Status exists = CreateGroup(*pods_->pod(0), "create-acme-2", "acme", &refused);
  EXPECT_EQ(exists.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(ErrorReason(exists), "GROUP_EXISTS");
  const grpc::Status reused = CreateGroup(*pods_->pod(1), "create-acme", "globex", &refused);
  EXPECT_EQ(reused.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(ErrorReason(reused), "REQUEST_ID_REUSED");
  // Deleting is not replicated yet: refused, nothing changed.
  v1::DeleteGroupRequest remove;
  remove.set_request_id("delete-acme");
  remove.set_group_id("acme");
  v1::DeleteGroupResponse removed;
  const grpc::Status deleted = Call(*AdminService::NewStub(pods_->pod(0)->Channel()),
                                    &AdminService::Stub::DeleteGroup, remove, &removed);
  EXPECT_EQ(deleted.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorReason(deleted), "REPLICATED_MODE");
}

TEST_F(ReplicatedGroupsTest, ANewGroupIsOwnedServedAndTakenOverLikeTheDefaultGroup) {
  v1::Group created;
  ASSERT_TRUE(CreateGroup(*pods_->pod(0), "create-globex", "globex", &created).ok());
  const int owner = OwnerOf(*pods_, "globex", absl::Seconds(20));
  ASSERT_GE(owner, 0);
  const int other = 1 - owner;
  // Set up and post through the pod that does not own it: forwarded.
  const auto through_other = GroupChannel(pods_->pod(other)->address(), "globex");
  absl::Status set_up;
  for (int i = 0; i < 100; ++i) {
    set_up = SetUpTradingGroup(through_other);  // Forwarded once pod `other` knows the owner.
    if (set_up.ok()) break;
    absl::SleepFor(absl::Milliseconds(50));
  }
  ASSERT_TRUE(set_up.ok()) << set_up;
  auto ledger = LedgerService::NewStub(through_other);
  std::vector<v1::PostTransactionResponse> acknowledged(5);
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(Call(*ledger, &LedgerService::Stub::PostTransaction,
                     GoodsPosting(absl::StrCat("g", i), "A", "B", 10 + i), &acknowledged[i])
                    .ok());
  }
  // The default group has its own ledger: nothing of globex's is in it.
  auto default_ledger = LedgerService::NewStub(pods_->pod(other)->Channel());
  v1::LedgerHead default_head;
  ASSERT_TRUE(Call(*default_ledger, &LedgerService::Stub::GetLedgerHead,
                   v1::GetLedgerHeadRequest(), &default_head)
                  .ok());
  EXPECT_EQ(default_head.sequence(), 0u);

  ASSERT_TRUE(pods_->StopPod(owner, SIGKILL).has_value());
  ASSERT_EQ(OwnerOf(*pods_, "globex", absl::Seconds(20)), other);
  auto survivor = LedgerService::NewStub(GroupChannel(pods_->pod(other)->address(), "globex"));
  for (const v1::PostTransactionResponse& original : acknowledged) {
    v1::GetEntryRequest get;
    get.set_sequence(original.sequence());
    v1::LedgerEntry entry;
    ASSERT_TRUE(Call(*survivor, &LedgerService::Stub::GetEntry, get, &entry).ok());
    EXPECT_EQ(entry.chain_hash(), original.chain_hash());
  }
  v1::VerifyLedgerResponse verified;
  ASSERT_TRUE(Call(*survivor, &LedgerService::Stub::VerifyLedger, v1::VerifyLedgerRequest(),
                   &verified)
                  .ok());
  EXPECT_TRUE(verified.ok()) << verified.problem();
  EXPECT_EQ(verified.entries_checked(), acknowledged.back().sequence());
}

// Owners are spread over the live pods: pod-0, alone at first, claims every group; when
// pod-1 joins, pod-0 hands groups over until each owns its share; when pod-1 dies, pod-0
// takes them back.
TEST_F(ReplicatedGroupsTest, OwnersAreSpreadOverThePodsAndMoveBack) {
  pods_.reset();
  ReplicatedPodsOptions options;
  options.pods = 2;
  options.start_followers = false;
  ASSERT_NO_FATAL_FAILURE(StartPods(std::move(options)));
  const std::vector<std::string> groups = {"default", "g1", "g2", "g3"};
  for (size_t i = 1; i < groups.size(); ++i) {
    v1::Group created;
    ASSERT_TRUE(CreateGroup(*pods_->pod(0), "create-" + groups[i], groups[i], &created).ok());
  }
  for (const std::string& group : groups) {
    EXPECT_EQ(OwnerOf(*pods_, group, absl::Seconds(20)), 0) << group;
  }
  ASSERT_TRUE(pods_->StartPod(1).ok());
  // Two of four each, one handover every 5 s.
  int on_pod_1 = 0;
  for (int round = 0; round < 300 && on_pod_1 < 2; ++round) {
    on_pod_1 = 0;
    for (const std::string& group : groups) {
      on_pod_1 += OwnerOf(*pods_, group, absl::Seconds(5)) == 1 ? 1 : 0;
    }
    if (on_pod_1 < 2) absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_EQ(on_pod_1, 2);
  // Every group is served, by one pod or the other, and stays so.
  absl::SleepFor(absl::Seconds(6));
  on_pod_1 = 0;
  for (const std::string& group : groups) {
    const int owner = OwnerOf(*pods_, group, absl::Seconds(20));
    ASSERT_GE(owner, 0) << group;
    on_pod_1 += owner == 1 ? 1 : 0;
  }
  EXPECT_EQ(on_pod_1, 2);
  // Handovers, not losses: the churn alert does not fire for them.
  const std::string metrics = Scrape(pods_->pod(0)->metrics_address());
  EXPECT_EQ(Sample(metrics, "interco_replication_ownership_changes_total",
                   {"change=\"handed_over\""}),
            2)
      << metrics;
  EXPECT_EQ(
      Sample(metrics, "interco_replication_ownership_changes_total", {"change=\"lost\""}), 0);
  ASSERT_TRUE(pods_->StopPod(1, SIGKILL).has_value());
  for (const std::string& group : groups) {
    EXPECT_EQ(OwnerOf(*pods_, group, absl::Seconds(20)), 0) << group;
  }
}

}  // namespace
}  // namespace interco::testing
