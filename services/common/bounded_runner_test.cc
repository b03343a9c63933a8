#include "services/common/bounded_runner.h"

#include <atomic>

#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"

namespace interco {
namespace {

TEST(BoundedRunnerTest, RefusesBeyondItsThreadsAndAcceptsAgainWhenOneIsFree) {
  BoundedRunner runner(2);
  absl::Notification release, first_done;
  std::atomic<int> started{0};
  ASSERT_TRUE(runner.TryRun([&] {
    ++started;
    release.WaitForNotification();
  }));
  ASSERT_TRUE(runner.TryRun([&] {
    ++started;
    release.WaitForNotification();
    first_done.Notify();
  }));
  EXPECT_FALSE(runner.TryRun([] {}));
  release.Notify();
  first_done.WaitForNotification();
  // Both threads come free; a later job is accepted (retried while the other finishes).
  absl::Notification ran;
  while (!runner.TryRun([&] { ran.Notify(); })) absl::SleepFor(absl::Milliseconds(1));
  ran.WaitForNotification();
  EXPECT_EQ(started.load(), 2);
}

TEST(BoundedRunnerTest, DestructionRunsAcceptedJobsThatSeeStopping) {
  std::atomic<bool> saw_stopping{false};
  absl::Notification inside;
  {
    BoundedRunner runner(1);
    ASSERT_TRUE(runner.TryRun([&] {
      inside.Notify();
      while (!runner.stopping()) absl::SleepFor(absl::Milliseconds(1));
      saw_stopping = true;
    }));
    inside.WaitForNotification();
  }
  EXPECT_TRUE(saw_stopping.load());
}

}  // namespace
}  // namespace interco
