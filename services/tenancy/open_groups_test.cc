#include "services/tenancy/open_groups.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "gtest/gtest.h"

namespace interco::tenancy {
namespace {

// Records what was opened and closed.
struct Journal {
  absl::Mutex mu;
  std::vector<std::string> events ABSL_GUARDED_BY(mu);
  void Add(std::string event) {
    absl::MutexLock lock(&mu);
    events.push_back(std::move(event));
  }
  std::vector<std::string> Take() {
    absl::MutexLock lock(&mu);
    return std::move(events);
  }
};

class FakeTenant final : public Tenant {
 public:
  FakeTenant(std::string id, Journal* journal) : id_(std::move(id)), journal_(journal) {}
  uint64_t ledger_sequence() const override { return 7; }
  absl::Status Close() override {
    journal_->Add("close " + id_);
    return absl::OkStatus();
  }

 private:
  std::string id_;
  Journal* journal_;
};

class OpenGroupsTest : public ::testing::Test {
 protected:
  std::unique_ptr<OpenGroups> Pool(size_t open_max) {
    OpenGroupsOptions options;
    options.open_max = open_max;
    options.idle_close = absl::Minutes(10);
    options.idle_check_every = absl::ZeroDuration();
    options.now = [this] { return now_; };
    return std::make_unique<OpenGroups>(
        [this](const std::string& id) -> absl::StatusOr<std::unique_ptr<Tenant>> {
          if (id == "broken") return absl::DataLossError("broken");
          journal_.Add("open " + id);
          return std::make_unique<FakeTenant>(id, &journal_);
        },
        options);
  }
  absl::Time now_ = absl::FromUnixSeconds(1'800'000'000);
  Journal journal_;
};

TEST_F(OpenGroupsTest, OpensOnFirstUseAndOnlyOnce) {
  auto pool = Pool(4);
  {
    auto a = pool->Acquire("acme");
    ASSERT_TRUE(a.ok());
    auto b = pool->Acquire("acme");
    ASSERT_TRUE(b.ok());
    EXPECT_EQ(a->get(), b->get());
    EXPECT_EQ((*a)->ledger_sequence(), 7u);
  }
  EXPECT_EQ(journal_.Take(), std::vector<std::string>{"open acme"});
  EXPECT_EQ(pool->open_count(), 1u);
}

TEST_F(OpenGroupsTest, ClosesIdleGroupsButNotOnesInUse) {
  auto pool = Pool(4);
  auto held = pool->Acquire("held");
  { auto idle = pool->Acquire("idle"); }
  journal_.Take();
  now_ += absl::Minutes(11);
  EXPECT_EQ(pool->CloseIdle(now_), 1u);
  EXPECT_EQ(journal_.Take(), std::vector<std::string>{"close idle"});
  EXPECT_EQ(pool->open_count(), 1u);
  // Used again: opened again.
  ASSERT_TRUE(pool->Acquire("idle").ok());
  EXPECT_EQ(journal_.Take(), std::vector<std::string>{"open idle"});
}

// The benchmark's 1,000 idle groups never closed: health and metrics lease every open group
// every second, and each such look counted as a use.
TEST_F(OpenGroupsTest, LooksAcrossOpenGroupsAreNoUseAndDoNotKeepThemOpen) {
  auto pool = Pool(4);
  { auto idle = pool->Acquire("idle"); }
  journal_.Take();
  for (int second = 0; second < 11 * 60; ++second) {
    now_ += absl::Seconds(1);
    auto looks = pool->LeaseOpen();  // What the health watch does every second.
    ASSERT_EQ(looks.size(), 1u);
  }
  EXPECT_EQ(pool->CloseIdle(now_), 1u);
  EXPECT_EQ(journal_.Take(), std::vector<std::string>{"close idle"});
}

TEST_F(OpenGroupsTest, AtTheLimitTheLeastRecentlyUsedIdleGroupMakesRoom) {
  auto pool = Pool(2);
  { auto a = pool->Acquire("a"); }
  now_ += absl::Seconds(1);
  { auto b = pool->Acquire("b"); }
  now_ += absl::Seconds(1);
  journal_.Take();
  ASSERT_TRUE(pool->Acquire("c").ok());
  EXPECT_EQ(journal_.Take(), (std::vector<std::string>{"close a", "open c"}));
  EXPECT_EQ(pool->open_count(), 2u);
}

TEST_F(OpenGroupsTest, AtTheLimitWithEveryGroupInUseIsResourceExhausted) {
  auto pool = Pool(2);
  auto a = pool->Acquire("a");
  auto b = pool->Acquire("b");
  auto c = pool->Acquire("c");
  EXPECT_EQ(c.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(pool->open_count(), 2u);
}

TEST_F(OpenGroupsTest, AnOpenErrorIsTheCallersAndTakesNoPlace) {
  auto pool = Pool(1);
  EXPECT_EQ(pool->Acquire("broken").status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(pool->open_count(), 0u);
  EXPECT_TRUE(pool->Acquire("fine").ok());
}

TEST_F(OpenGroupsTest, BarRefusesNewLeasesAndWaitsForTheOnesHeld) {
  auto pool = Pool(4);
  auto held = std::make_unique<OpenGroups::Lease>(*pool->Acquire("doomed"));
  // Held: Bar gives up after its wait and lets calls in again.
  EXPECT_EQ(pool->Bar("doomed", absl::Milliseconds(10)).status().code(),
            absl::StatusCode::kUnavailable);
  ASSERT_TRUE(pool->Acquire("doomed").ok());
  held.reset();
  auto tenant = pool->Bar("doomed", absl::Seconds(5));
  ASSERT_TRUE(tenant.ok());
  EXPECT_EQ((*tenant)->ledger_sequence(), 7u);
  const absl::Status refused = pool->Acquire("doomed").status();
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  journal_.Take();
  EXPECT_TRUE(pool->Drop("doomed").ok());
  EXPECT_EQ(journal_.Take(), std::vector<std::string>{"close doomed"});
  EXPECT_EQ(pool->open_count(), 0u);
}

TEST_F(OpenGroupsTest, CloseAllClosesEveryOpenGroupAndRefusesLater) {
  auto pool = Pool(4);
  { auto a = pool->Acquire("a"); }
  { auto b = pool->Acquire("b"); }
  journal_.Take();
  EXPECT_TRUE(pool->CloseAll().ok());
  std::vector<std::string> closed = journal_.Take();
  std::sort(closed.begin(), closed.end());
  EXPECT_EQ(closed, (std::vector<std::string>{"close a", "close b"}));
  EXPECT_EQ(pool->Acquire("a").status().code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace interco::tenancy
