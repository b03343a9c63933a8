// What an idle replicated deployment costs etcd (issue 25): three pods and one group, no
// calls, for 10 s; the etcd Range calls are counted from the members' own metrics
// (grpc_server_handled_total). Followers learn of new records from one etcd watch per pod
// (storage/etcd/log_watch.h) and read a group's log only when it changed, or on the slow
// fallback, so an idle group costs a few reads a second, not ten a second per follower.
#include <iostream>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "tests/metrics_scrape.h"
#include "tests/replicated_pods.h"

namespace interco::testing {
namespace {

constexpr absl::Duration kIdle = absl::Seconds(10);

// Range calls every etcd member answered since it started; -1 if one did not say.
double RangeCalls(EtcdCluster& etcd) {
  double total = 0;
  for (const std::string& endpoint : etcd.endpoints()) {
    const double calls = Sample(Scrape(endpoint), "grpc_server_handled_total",
                                {"grpc_method=\"Range\"", "grpc_code=\"OK\""});
    if (calls < 0) return -1;
    total += calls;
  }
  return total;
}

class ReplicatedIdleReadsTest : public ReplicatedPodsTest {};

TEST_F(ReplicatedIdleReadsTest, ThreeIdlePodsReadTheLogOnlyWhenTheFallbackIsDue) {
  ReplicatedPodsOptions options;
  options.pods = 3;
  ASSERT_NO_FATAL_FAILURE(StartPods(std::move(options)));
  absl::SleepFor(absl::Seconds(3));  // Past the followers' first looks and registrations.

  const double before = RangeCalls(pods_->etcd());
  ASSERT_GE(before, 0) << "etcd did not report its Range calls";
  absl::SleepFor(kIdle);
  const double after = RangeCalls(pods_->etcd());
  const double per_second = (after - before) / absl::ToDoubleSeconds(kIdle);
  std::cout << "etcd Range calls, 3 idle pods, 1 group, " << kIdle << ": " << after - before << " ("
            << per_second << "/s)\n";
  // Polling read each group 3 times a tick per follower: 60/s for two followers. Now the
  // pods' registry and catalog (1/s each per pod) and the fallback dominate.
  EXPECT_LT(per_second, 20);
}

}  // namespace
}  // namespace interco::testing
