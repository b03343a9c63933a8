// The short crash test the test command runs: 10 SIGKILL cycles.
#include "gtest/gtest.h"
#include "tests/crash_test_lib.h"
#include "tests/server_process.h"

namespace interco::testing {
namespace {

TEST(CrashTest, AcknowledgedPostingsSurviveSigkillExactlyOnce) {
  CrashTestOptions options;
  options.cycles = 10;
  options.seed = 20261122;
  options.data_dir = FreshTempDir("crash");
  CrashTestReport report;
  const absl::Status status = RunCrashTest(options, &report);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_GT(report.acknowledged, 0);
  EXPECT_GT(report.duplicates_sent, 0);
  EXPECT_GE(report.ledger_entries, static_cast<uint64_t>(report.acknowledged));
}

}  // namespace
}  // namespace interco::testing
