#include "bench/groups_report.h"

#include "gtest/gtest.h"

namespace interco::bench {
namespace {

GroupLoadResult Round(int64_t lines, double cpu_seconds, std::vector<int64_t> by_group) {
  GroupLoadResult r;
  r.figures.seconds = 10;
  r.figures.lines = lines;
  r.figures.postings = lines / 4;
  r.figures.server_cpu_seconds = cpu_seconds;
  r.groups = static_cast<int>(by_group.size());
  r.postings_by_group = std::move(by_group);
  return r;
}

TEST(ThroughputRowTest, FiguresAreMediansOverTheRounds) {
  ThroughputRow row{2,
                    {Round(400000, 2.0, {6000, 4000}), Round(100000, 1.0, {1000, 1500}),
                     Round(800000, 4.0, {8000, 12000})}};
  EXPECT_DOUBLE_EQ(row.lines_per_second(), 40000);
  EXPECT_DOUBLE_EQ(row.postings_per_second(), 10000);
  EXPECT_DOUBLE_EQ(row.cpu_us_per_posting(), 20);              // 2 s / 100,000; 4 s / 200,000.
  EXPECT_DOUBLE_EQ(row.group_min_postings_per_second(), 400);  // 400, 100, 800.
  EXPECT_DOUBLE_EQ(row.group_max_postings_per_second(), 600);  // 600, 150, 1200.
}

TEST(GroupsReportTest, TenGroupsBelowNinetyPercentOfOneIsMissed) {
  GroupsRun run;
  run.rounds = 1;
  run.rows = {{1, {Round(1000000, 5, {250000})}},
              {10, {Round(890000, 5, std::vector<int64_t>(10, 22250))}}};
  run.idle.idle_groups = 10;
  const std::string table = ToMarkdown(run, "today");
  EXPECT_NE(table.find("| 10 active groups | 22250 | 89000 | 0.89 |"), std::string::npos) << table;
  EXPECT_NE(table.find(": 89%, **missed**."), std::string::npos) << table;
}

TEST(GroupsReportTest, TenGroupsAtNinetyPercentIsMet) {
  GroupsRun run;
  run.rounds = 1;
  run.rows = {{1, {Round(1000000, 5, {250000})}},
              {10, {Round(900000, 5, std::vector<int64_t>(10, 22500))}}};
  run.idle.idle_groups = 10;
  EXPECT_NE(ToMarkdown(run, "today").find(": 90%, met."), std::string::npos);
}

}  // namespace
}  // namespace interco::bench
