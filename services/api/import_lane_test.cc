#include "services/api/import_lane.h"

#include <atomic>
#include <vector>

#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"
#include "services/common/field_error.h"

namespace interco::api {
namespace {

TEST(ImportRestTest, RestsOnlyWhilePostingsAreBusy) {
  ImportLaneOptions options;
  options.share_percent = 25;
  EXPECT_EQ(ImportRest(options, absl::Milliseconds(40), /*postings_busy=*/false),
            absl::ZeroDuration());
  // 25%: 40 ms of import, 120 ms of rest.
  EXPECT_EQ(ImportRest(options, absl::Milliseconds(40), true), absl::Milliseconds(120));
  options.share_percent = 100;
  EXPECT_EQ(ImportRest(options, absl::Milliseconds(40), true), absl::ZeroDuration());
}

TEST(ImportRestTest, RestIsCappedAndExact) {
  ImportLaneOptions options;
  options.share_percent = 1;
  options.rest_max = absl::Seconds(2);
  EXPECT_EQ(ImportRest(options, absl::Seconds(10), true), absl::Seconds(2));
  EXPECT_EQ(ImportRest(options, absl::Hours(1000000), true), absl::Seconds(2));
  options.share_percent = 75;  // 3 ns x 25 / 75, and 4 ns rounded down.
  EXPECT_EQ(ImportRest(options, absl::Nanoseconds(3), true), absl::Nanoseconds(1));
  EXPECT_EQ(ImportRest(options, absl::Nanoseconds(4), true), absl::Nanoseconds(1));
  EXPECT_EQ(ImportRest(options, -absl::Seconds(1), true), absl::ZeroDuration());
}

TEST(ImportLaneOptionsTest, NamesTheFlagOutOfRange) {
  ImportLaneOptions options;
  EXPECT_TRUE(ValidateImportLaneOptions(options).ok());
  for (int64_t share : {0, -1, 101}) {
    options.share_percent = share;
    absl::Status status = ValidateImportLaneOptions(options);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(status.message().find("import_share_percent"), absl::string_view::npos);
  }
  options.share_percent = 25;
  options.queue_max = 0;
  EXPECT_EQ(ValidateImportLaneOptions(options).code(), absl::StatusCode::kInvalidArgument);
}

TEST(ImportLaneTest, RunsInArrivalOrderOffTheCallersThread) {
  ImportLane lane(ImportLaneOptions{});
  const std::thread::id caller = std::this_thread::get_id();
  std::vector<int> order;
  absl::Mutex mu;
  absl::Notification done;
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(lane.Submit([&, i] {
                      EXPECT_NE(std::this_thread::get_id(), caller);
                      absl::MutexLock lock(&mu);
                      order.push_back(i);
                      if (i == 9) done.Notify();
                    })
                    .ok());
  }
  done.WaitForNotification();
  absl::MutexLock lock(&mu);
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
}

TEST(ImportLaneTest, FullQueueIsRefusedAndTheWorkNotRun) {
  ImportLaneOptions options;
  options.queue_max = 2;
  ImportLane lane(options);
  absl::Notification release;
  absl::Notification started;
  ASSERT_TRUE(lane.Submit([&] {
                    started.Notify();
                    release.WaitForNotification();
                  })
                  .ok());
  started.WaitForNotification();
  std::atomic<int> ran{0};
  ASSERT_TRUE(lane.Submit([&] { ++ran; }).ok());
  ASSERT_TRUE(lane.Submit([&] { ++ran; }).ok());
  absl::Status full = lane.Submit([&] { ran += 100; });
  EXPECT_EQ(full.code(), absl::StatusCode::kResourceExhausted);
  ASSERT_TRUE(GetErrorDetail(full).has_value());
  EXPECT_EQ(GetErrorDetail(full)->reason, "IMPORT_QUEUE_FULL");
  EXPECT_EQ(lane.queued(), 2u);
  release.Notify();
  lane.Shutdown();  // Runs what is queued.
  EXPECT_EQ(ran.load(), 2);
  EXPECT_EQ(lane.Submit([] {}).code(), absl::StatusCode::kUnavailable);
  lane.Shutdown();  // Idempotent.
}

// Each import "takes" 40 ms of the injected clock; postings committed during it make the
// lane rest 3 x 40 ms at 25% (a rest that Shutdown cuts short).
TEST(ImportLaneTest, RestsAfterAnImportThatCompetedWithPostings) {
  std::atomic<int64_t> clock_ms{0};
  ImportLaneOptions options;
  options.share_percent = 25;
  options.now = [&] { return absl::FromUnixMillis(clock_ms.load()); };
  ImportLane lane(options);
  absl::Notification first_done;
  ASSERT_TRUE(lane.Submit([&] {
                    clock_ms += 40;  // Alone: no rest.
                  })
                  .ok());
  ASSERT_TRUE(lane.Submit([&] {
                    clock_ms += 40;
                    lane.PostingsCommitted(1);
                    first_done.Notify();
                  })
                  .ok());
  first_done.WaitForNotification();
  absl::Notification rested;
  ASSERT_TRUE(lane.Submit([&] { rested.Notify(); }).ok());
  // The third waits out (part of) a rest of 120 ms.
  EXPECT_FALSE(rested.WaitForNotificationWithTimeout(absl::Milliseconds(60)));
  EXPECT_TRUE(rested.WaitForNotificationWithTimeout(absl::Seconds(10)));
  EXPECT_EQ(lane.rested(), absl::Milliseconds(120));
}

}  // namespace
}  // namespace interco::api
