#include "services/common/bounded_runner.h"

#include <atomic>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
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
  // Both running (a loaded machine may start a thread late: the count was once 1 at the end).
  while (started.load() < 2) absl::SleepFor(absl::Milliseconds(1));
  EXPECT_FALSE(runner.TryRun([] {}));
  release.Notify();
  first_done.WaitForNotification();
  // Both threads come free; a later job is accepted (retried while the other finishes).
  absl::Notification ran;
  while (!runner.TryRun([&] { ran.Notify(); })) absl::SleepFor(absl::Milliseconds(1));
  ran.WaitForNotification();
  EXPECT_EQ(started.load(), 2);
}

// What answers the caller runs once the job's place is free: a caller who asks again on
// hearing the answer is never refused for the job it has just been answered.
TEST(BoundedRunnerTest, ThenRunsWithTheJobsPlaceAlreadyFree) {
  BoundedRunner runner(1);
  absl::Notification answered;
  bool accepted_again = false;
  absl::Notification second_ran;
  ASSERT_TRUE(runner.TryRun([] {},
                            [&] {
                              accepted_again = runner.TryRun([&] { second_ran.Notify(); });
                              answered.Notify();
                            }));
  answered.WaitForNotification();
  EXPECT_TRUE(accepted_again);
  second_ran.WaitForNotification();
}

// The reads runner: two threads busy, two jobs wait, the fifth is refused; the waiting
// ones run in the order they came once a thread is free.
TEST(BoundedRunnerTest, QueuesUpToItsBoundBeyondItsThreadsThenRefuses) {
  BoundedRunner runner(/*threads=*/2, /*queue_max=*/2);
  absl::Notification release;
  absl::Mutex mu;
  std::vector<int> order;
  std::atomic<int> running{0};
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(runner.TryRun([&] {
      ++running;
      release.WaitForNotification();
    }));
  }
  while (running.load() < 2) absl::SleepFor(absl::Milliseconds(1));
  absl::Notification both_queued_ran;
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(runner.TryRun([&, i] {
      absl::MutexLock lock(&mu);
      order.push_back(i);
      if (order.size() == 2) both_queued_ran.Notify();
    })) << i;
  }
  EXPECT_FALSE(runner.TryRun([] { ADD_FAILURE() << "a refused job ran"; }));
  release.Notify();
  both_queued_ran.WaitForNotification();
  absl::MutexLock lock(&mu);
  EXPECT_EQ(order.size(), 2u);
}

TEST(BoundedRunnerTest, WithoutAQueueAJobIsAcceptedOnlyForAFreeThread) {
  BoundedRunner runner(/*threads=*/1, /*queue_max=*/0);
  absl::Notification release, started;
  ASSERT_TRUE(runner.TryRun([&] {
    started.Notify();
    release.WaitForNotification();
  }));
  started.WaitForNotification();
  EXPECT_FALSE(runner.TryRun([] {}));
  release.Notify();
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
