// What the groups benchmark (bench/groups_main.cc) measured, and its JSON and markdown
// forms: the posting load over 1, 10 and 100 active groups (median over the rounds, with
// each figure's ratio to the one-group figure), and the memory, threads and open files of
// idle groups, open and closed, with the server's start-up time.
#ifndef INTERCO_BENCH_GROUPS_REPORT_H_
#define INTERCO_BENCH_GROUPS_REPORT_H_

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "bench/group_load.h"
#include "nlohmann/json.hpp"

namespace interco::bench {

// Issue 23's target: 10 active groups at >= 90% of one group's lines/s.
inline constexpr double kTargetTenGroupsRatio = 0.9;

// The load over one number of active groups: one result per round.
struct ThroughputRow {
  int groups = 0;
  std::vector<GroupLoadResult> rounds;

  // Medians over the rounds.
  double postings_per_second() const;
  double lines_per_second() const;
  double cpu_us_per_posting() const;
  double p50_ms() const;
  double p99_ms() const;
  // The least and the most postings/s of one group in a round, median over the rounds.
  double group_min_postings_per_second() const;
  double group_max_postings_per_second() const;
  int64_t errors() const;  // Over every round.
};

// A server process at one moment, from /proc (and its metrics endpoint for the groups).
struct ProcessSnapshot {
  int64_t rss_kb = -1;       // VmRSS.
  int64_t rss_anon_kb = -1;  // RssAnon: the heap and stacks, not the mapped binaries.
  int64_t threads = -1;
  int64_t open_files = -1;
  double open_groups = -1;  // interco_groups_open; -1 unknown.
};

ProcessSnapshot Snapshot(pid_t pid, const std::string& metrics_address);

struct IdleGroupsFigures {
  int idle_groups = 0;
  int idle_close_s = 0;
  ProcessSnapshot fresh;   // A fresh server: only "default", opened by one call.
  ProcessSnapshot open;    // Every group created and opened by one call.
  ProcessSnapshot closed;  // After the groups were closed by idle time.
  // Whether the groups closed by idle time, and how long after the last call the server
  // was seen without their threads (or gave up waiting).
  bool closed_by_idle_time = false;
  double close_wait_s = 0;
  double closed_measured_after_s = 0;              // From the last call until `closed` was read.
  double create_median_ms = 0, create_p99_ms = 0;  // CreateGroup, one at a time.
  double open_median_ms = 0, open_p99_ms = 0;      // A closed group's first GetLedgerHead.
  double touch_median_ms = 0;                      // GetLedgerHead of an open group.
  int restart_runs = 0;
  double startup_fresh_ms = 0;   // Exec to SERVING, only "default" (median).
  double startup_groups_ms = 0;  // The same with every group in the catalog.
};

struct GroupsRun {
  bool short_mode = false;
  GroupLoadOptions load;  // groups and request_prefix unused.
  int rounds = 0;
  std::string server_flags;
  std::vector<ThroughputRow> rows;  // rows[0] is the reference (one group); empty: not run.
  bool idle_measured = false;
  IdleGroupsFigures idle;
  std::string profile;  // Where the profiles are, or why there are none.
};

nlohmann::json ToJson(const GroupsRun& run);

// The load's table (figures and their ratio to one group, the target), then the idle
// groups' memory and times, each when measured. `date` heads the first.
std::string ToMarkdown(const GroupsRun& run, const std::string& date);

}  // namespace interco::bench

#endif  // INTERCO_BENCH_GROUPS_REPORT_H_
