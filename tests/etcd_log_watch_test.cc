// The groups' log watch (storage/etcd/log_watch.h) against a real 3-member etcd cluster: a
// change to a group's head, log or owner is reported and its other keys are not; a watch
// that resumes from a compacted revision reports every group and goes on; a backlog of
// large records larger than a message the client takes arrives in fragments; a stream
// that breaks resumes on another member without losing a change; Stop returns promptly.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "etcd/etcdserver/etcdserverpb/rpc.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "storage/etcd/etcd_log.h"
#include "storage/etcd/log_watch.h"
#include "tests/etcd_suite.h"

namespace interco::testing {
namespace {

using storage::GroupLogWatch;
using storage::GroupLogWatchOptions;
using storage::WatchedChanges;

constexpr absl::Duration kWait = absl::Seconds(15);

class EtcdLogWatchTest : public EtcdSuiteTest {
 protected:
  // Records of 1 MiB, as in tests/replicated_pods: etcd takes requests up to 2 MiB.
  static void SetUpTestSuite() { StartCluster({"--max-request-bytes=2097152"}); }

  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(EtcdSuiteTest::SetUp());
    // Keys of each test's own, not the groups': the tests share the cluster.
    prefix_ = absl::StrCat("/test/", group_, "/groups/");
  }

  std::string Key(const std::string& group, const std::string& name) {
    return absl::StrCat(prefix_, group, "/", name);
  }

  std::unique_ptr<GroupLogWatch> Watch(int64_t from = 0, GroupLogWatchOptions options = {}) {
    if (options.endpoints.empty()) options.endpoints = cluster_->endpoints();
    options.prefix = prefix_;
    auto watch = GroupLogWatch::Start(options, from);
    EXPECT_TRUE(watch.ok()) << watch.status();
    return watch.ok() ? *std::move(watch) : nullptr;
  }

  // The revision etcd is at, after a put of its own.
  int64_t Revision() {
    const std::string key = prefix_ + "marker";
    EXPECT_TRUE(etcd_->Put(key, "x").ok());
    absl::StatusOr<std::optional<storage::StoredValue>> stored = etcd_->Get(key);
    return stored.ok() && stored->has_value() ? (*stored)->mod_revision : -1;
  }

  // Every change reported until `done` holds of them (or kWait passes).
  template <typename Done>
  static WatchedChanges Collect(GroupLogWatch& watch, const Done& done) {
    WatchedChanges all;
    const absl::Time deadline = absl::Now() + kWait;
    while (!done(all) && absl::Now() < deadline) {
      WatchedChanges more = watch.TakeChanges(absl::Milliseconds(100));
      all.all |= more.all;
      all.groups.insert(more.groups.begin(), more.groups.end());
    }
    return all;
  }

  // Waits for the fresh stream's "every group" and then nothing else.
  static void WaitUntilLive(GroupLogWatch& watch) {
    const WatchedChanges first = Collect(watch, [](const WatchedChanges& c) { return c.all; });
    ASSERT_TRUE(first.all);
    ASSERT_TRUE(watch.live());
  }

  std::string prefix_;
};

TEST_F(EtcdLogWatchTest, ReportsHeadLogAndOwnerChangesButNotPartsOrReports) {
  std::unique_ptr<GroupLogWatch> watch = Watch();
  ASSERT_NO_FATAL_FAILURE(WaitUntilLive(*watch));
  ASSERT_TRUE(etcd_->Put(Key("quiet", "applied/pod-1"), "7").ok());
  ASSERT_TRUE(etcd_->Put(Key("quiet", "parts/00000000000000000001/000000"), "p").ok());
  ASSERT_TRUE(etcd_->Put(Key("quiet", "trimmed"), "1").ok());
  ASSERT_TRUE(etcd_->Put(Key("by-head", "head"), "1 00").ok());
  ASSERT_TRUE(etcd_->Put(Key("by-log", "log/00000000000000000001"), "record").ok());
  const absl::StatusOr<int64_t> lease = etcd_->GrantLease(absl::Seconds(30));
  ASSERT_TRUE(lease.ok()) << lease.status();
  ASSERT_TRUE(etcd_->Put(Key("by-owner", "owner"), "pod-0", *lease).ok());
  const WatchedChanges changes =
      Collect(*watch, [](const WatchedChanges& c) { return c.groups.contains("by-owner"); });
  EXPECT_FALSE(changes.all);
  EXPECT_EQ(changes.groups, (absl::flat_hash_set<std::string>{"by-head", "by-log", "by-owner"}));

  // The owner's lease ends: its key is deleted, which is a change a follower must see.
  ASSERT_TRUE(etcd_->RevokeLease(*lease).ok());
  const WatchedChanges released =
      Collect(*watch, [](const WatchedChanges& c) { return c.groups.contains("by-owner"); });
  EXPECT_EQ(released.groups, (absl::flat_hash_set<std::string>{"by-owner"}));
}

// Compacts etcd's history up to `revision` (what etcd's auto-compaction does in production).
void Compact(const std::vector<std::string>& endpoints, int64_t revision) {
  auto kv = etcdserverpb::KV::NewStub(
      grpc::CreateChannel(endpoints[0], grpc::InsecureChannelCredentials()));
  etcdserverpb::CompactionRequest request;
  request.set_revision(revision);
  request.set_physical(true);
  etcdserverpb::CompactionResponse response;
  grpc::ClientContext context;
  const grpc::Status status = kv->Compact(&context, request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
}

TEST_F(EtcdLogWatchTest, ResumingFromACompactedRevisionReportsEveryGroupAndGoesOn) {
  const int64_t old = Revision();
  ASSERT_TRUE(etcd_->Put(Key("gone", "head"), "1 00").ok());
  ASSERT_NO_FATAL_FAILURE(Compact(cluster_->endpoints(), Revision()));

  std::unique_ptr<GroupLogWatch> watch = Watch(/*from=*/old);
  const WatchedChanges first = Collect(*watch, [](const WatchedChanges& c) { return c.all; });
  EXPECT_TRUE(first.all) << "a watch past a compaction must say it may have missed anything";
  ASSERT_TRUE(etcd_->Put(Key("after", "head"), "2 00").ok());
  const WatchedChanges then =
      Collect(*watch, [](const WatchedChanges& c) { return c.groups.contains("after"); });
  EXPECT_TRUE(then.groups.contains("after"));
  EXPECT_TRUE(watch->live());
  EXPECT_GT(watch->next_revision(), old);
}

TEST_F(EtcdLogWatchTest, ABacklogOfLargeRecordsArrivesInFragmentsAndTheStreamGoesOn) {
  const int64_t from = Revision() + 1;
  // 8 records of 1 MiB: one response of 8 MiB without fragments, twice what this client
  // takes in one message (etcd sends at most its --max-request-bytes, 2 MiB, per fragment).
  const std::string record(1 << 20, 'r');
  constexpr int kGroups = 8;
  for (int g = 0; g < kGroups; ++g) {
    ASSERT_TRUE(
        etcd_->Put(Key(absl::StrCat("large-", g), "log/00000000000000000001"), record).ok());
  }
  GroupLogWatchOptions options;
  options.message_bytes_max = 4 << 20;
  std::unique_ptr<GroupLogWatch> watch = Watch(from, options);
  const WatchedChanges changes =
      Collect(*watch, [](const WatchedChanges& c) { return c.groups.size() == kGroups; });
  EXPECT_EQ(changes.groups.size(), kGroups) << watch->last_error();
  EXPECT_FALSE(changes.all);
  ASSERT_TRUE(etcd_->Put(Key("small", "head"), "1 00").ok());
  const WatchedChanges then =
      Collect(*watch, [](const WatchedChanges& c) { return c.groups.contains("small"); });
  EXPECT_TRUE(then.groups.contains("small")) << watch->last_error();
  EXPECT_TRUE(watch->live());
}

TEST_F(EtcdLogWatchTest, AStreamBrokenByAMemberDyingResumesOnAnotherWithoutLosingAChange) {
  std::unique_ptr<GroupLogWatch> watch = Watch();  // On member 0 first.
  ASSERT_NO_FATAL_FAILURE(WaitUntilLive(*watch));
  cluster_->Kill(0);
  // Through the election, when member 0 led.
  absl::Status put = absl::UnavailableError("not yet");
  for (const absl::Time deadline = absl::Now() + kWait; !put.ok() && absl::Now() < deadline;) {
    put = etcd_->Put(Key("while-down", "head"), "1 00");
  }
  ASSERT_TRUE(put.ok()) << put;
  const WatchedChanges changes =
      Collect(*watch, [](const WatchedChanges& c) { return c.groups.contains("while-down"); });
  EXPECT_TRUE(changes.groups.contains("while-down")) << watch->last_error();
  EXPECT_FALSE(changes.all) << "resumed from its revision, it needs no look at every group";
  ASSERT_TRUE(cluster_->Restart(0).ok());
}

TEST_F(EtcdLogWatchTest, StopReturnsPromptlyWithTheStreamOpen) {
  std::unique_ptr<GroupLogWatch> watch = Watch();
  ASSERT_NO_FATAL_FAILURE(WaitUntilLive(*watch));
  const absl::Time start = absl::Now();
  watch->Stop();
  EXPECT_LT(absl::Now() - start, absl::Milliseconds(500));
  EXPECT_FALSE(watch->live());
  EXPECT_TRUE(watch->TakeChanges(absl::Seconds(5)).empty());  // Stopped: does not wait.
  watch->Stop();                                              // Idempotent.
}

TEST_F(EtcdLogWatchTest, StopReturnsPromptlyWhileNoMemberAnswers) {
  GroupLogWatchOptions options;
  options.endpoints = {"127.0.0.1:1"};  // Nothing listens there.
  options.backoff_max = absl::Seconds(30);
  std::unique_ptr<GroupLogWatch> watch = Watch(0, options);
  absl::SleepFor(absl::Milliseconds(500));  // Through a few attempts, into a back-off.
  EXPECT_FALSE(watch->live());
  const absl::Time start = absl::Now();
  watch.reset();
  EXPECT_LT(absl::Now() - start, absl::Milliseconds(500));
}

}  // namespace
}  // namespace interco::testing
