// The fence of the replicated log (issue 25), against a real 3-member etcd cluster: one
// owner per group at a time, exactly one winner among writers holding the same fence, no
// append by a writer whose lease lapsed or whose ownership passed on, and an owner's own
// re-put of its key does not cost it its fence (the compare is on the create revision).
#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "services/common/field_error.h"
#include "storage/etcd/etcd_log.h"
#include "tests/etcd_suite.h"

namespace interco::testing {
namespace {

using storage::EtcdLog;
using storage::Fence;

std::string ReasonOf(const absl::Status& status) {
  const std::optional<ErrorDetail> detail = GetErrorDetail(status);
  return detail.has_value() ? detail->reason : "";
}

class EtcdFenceTest : public EtcdSuiteTest {
 protected:
  std::string Key(const std::string& what) { return absl::StrCat("/interco/groups/", group_, "/", what); }

  absl::StatusOr<Fence> ClaimAs(const std::string& pod, int64_t lease) {
    return etcd_->Claim(Key("owner"), pod, lease, Key("head"));
  }
};

TEST_F(EtcdFenceTest, OneOwnerAppendsAndASecondClaimIsRefusedNamingTheHolder) {
  const absl::StatusOr<int64_t> lease = etcd_->GrantLease(absl::Seconds(10));
  ASSERT_TRUE(lease.ok()) << lease.status();
  absl::StatusOr<Fence> fence = ClaimAs("pod-0", *lease);
  ASSERT_TRUE(fence.ok()) << fence.status();
  for (int commit = 1; commit <= 3; ++commit) {
    const int64_t before = fence->head_revision;
    ASSERT_TRUE(
        etcd_
            ->Append(*fence, {{Key(absl::StrCat("log/", commit)), "entries"}}, absl::StrCat(commit))
            .ok());
    EXPECT_GT(fence->head_revision, before);
  }
  EXPECT_EQ((*etcd_->Get(Key("head")))->value, "3");
  const absl::StatusOr<int64_t> other = etcd_->GrantLease(absl::Seconds(10));
  const absl::Status refused = ClaimAs("pod-1", *other).status();
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(refused), "OWNED_ELSEWHERE");
  EXPECT_NE(refused.message().find("pod-0"), absl::string_view::npos) << refused;
}

TEST_F(EtcdFenceTest, ExactlyOneOfManyWritersHoldingOneFenceAppendsEachRound) {
  const absl::StatusOr<int64_t> lease = etcd_->GrantLease(absl::Seconds(30));
  absl::StatusOr<Fence> fence = ClaimAs("pod-0", *lease);
  ASSERT_TRUE(fence.ok()) << fence.status();
  for (int writers : {2, 8}) {
    for (int round = 0; round < 25; ++round) {
      std::atomic<int> won{0}, lost{0};
      std::vector<Fence> copies(writers, *fence);
      std::vector<std::thread> threads;
      for (int w = 0; w < writers; ++w) {
        threads.emplace_back([&, w] {
          const absl::Status appended = etcd_->Append(
              copies[w], {{Key(absl::StrCat("log/", writers, "-", round)), absl::StrCat(w)}},
              absl::StrCat(writers, "-", round, "-", w));
          if (appended.ok()) ++won;
          if (ReasonOf(appended) == "FENCE_LOST") ++lost;
        });
      }
      for (std::thread& t : threads) t.join();
      ASSERT_EQ(won.load(), 1) << writers << " writers, round " << round;
      ASSERT_EQ(lost.load(), writers - 1);
      const int64_t before = fence->head_revision;
      for (const Fence& copy : copies) {
        if (copy.head_revision != before) *fence = copy;  // The winner's, advanced.
      }
    }
  }
}

TEST_F(EtcdFenceTest, AWriterWhoseLeaseLapsedNeverAppendsAndNorDoesTheOldOwner) {
  const absl::StatusOr<int64_t> short_lease = etcd_->GrantLease(absl::Seconds(2));
  absl::StatusOr<Fence> old_owner = ClaimAs("pod-0", *short_lease);
  ASSERT_TRUE(old_owner.ok()) << old_owner.status();
  ASSERT_TRUE(etcd_->Append(*old_owner, {{Key("log/1"), "a"}}, "1").ok());
  // No keep-alive: the lease lapses and the owner key goes with it.
  const absl::Time deadline = absl::Now() + absl::Seconds(15);
  while (absl::Now() < deadline && (*etcd_->Get(Key("owner"))).has_value()) {
    absl::SleepFor(absl::Milliseconds(100));
  }
  ASSERT_FALSE((*etcd_->Get(Key("owner"))).has_value()) << "the lease did not lapse";
  EXPECT_EQ(etcd_->KeepAlive(*short_lease).status().code(), absl::StatusCode::kNotFound);
  Fence stale = *old_owner;
  EXPECT_EQ(ReasonOf(etcd_->Append(stale, {{Key("log/2"), "late"}}, "2")), "FENCE_LOST");
  // A new owner takes over and appends; the old one still cannot.
  const absl::StatusOr<int64_t> lease = etcd_->GrantLease(absl::Seconds(10));
  absl::StatusOr<Fence> new_owner = ClaimAs("pod-1", *lease);
  ASSERT_TRUE(new_owner.ok()) << new_owner.status();
  EXPECT_GT(new_owner->owner_revision, old_owner->owner_revision);
  ASSERT_TRUE(etcd_->Append(*new_owner, {{Key("log/2"), "b"}}, "2").ok());
  stale = *old_owner;
  stale.head_revision = new_owner->head_revision;  // Even knowing the head.
  EXPECT_EQ(ReasonOf(etcd_->Append(stale, {{Key("log/3"), "late"}}, "3")), "FENCE_LOST");
  EXPECT_EQ((*etcd_->Get(Key("log/2")))->value, "b");
  EXPECT_FALSE((*etcd_->Get(Key("log/3"))).has_value());
}

TEST_F(EtcdFenceTest, TheFenceIsTheOwnerKeysCreateRevisionNotItsLastChange) {
  const absl::StatusOr<int64_t> lease = etcd_->GrantLease(absl::Seconds(10));
  absl::StatusOr<Fence> fence = ClaimAs("pod-0", *lease);
  ASSERT_TRUE(fence.ok());
  // The owner rewrites its own key (say, a new address): its mod revision moves on, its
  // create revision does not, and neither does its right to append. A fence compared on
  // the wrong target (MOD, or VERSION) would refuse here.
  Fence self = *fence;
  self.owner_key = Key("owner");
  ASSERT_TRUE(etcd_->Append(self, {{Key("owner"), "pod-0 at a new address"}}, "0").ok());
  // That put dropped the lease binding; what matters here is the fence's target.
  fence->head_revision = self.head_revision;
  EXPECT_TRUE(etcd_->Append(*fence, {{Key("log/1"), "a"}}, "1").ok());
}

}  // namespace
}  // namespace interco::testing
