// The crash test (after RocksDB's crash test and Jepsen): drive concurrent postings at the
// real server, SIGKILL it at a random moment, restart it, and check that every acknowledged
// posting is there exactly once, unchanged, and that the ledger verifies.
//
// With more than one group (issue 23) the writers post into "default" (naming no group, as
// a client of the release before groups does) and into created groups, all with the same
// entities and the same request ids; each posting's invoice number names its group. After
// every restart each group's ledger verifies, its head is its last entry and extends the
// chain read before the crash, and every acknowledged posting is in its own group exactly
// once and in no other.
//
// Beside the postings (issue 24), a records writer in each of the first `record_groups`
// groups imports trial balances, changes the chart and records acquisitions until the kill.
// After every restart each history beside the journal (structure, pricing, chart, trial
// balances) verifies, no family head is behind an acknowledged version or the head found
// after the previous restart, and every acknowledged record reads back as acknowledged,
// once: a retry of its request_id answers the same version and moves no head.
#ifndef INTERCO_TESTS_CRASH_TEST_LIB_H_
#define INTERCO_TESTS_CRASH_TEST_LIB_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace interco::testing {

// More groups than this would make a cycle's checks, not its crash, the test.
inline constexpr int kCrashTestGroupsMax = 16;

struct CrashTestOptions {
  int cycles = 10;
  uint64_t seed = 1;
  int writers = 4;
  // 1 to kCrashTestGroupsMax: "default" and groups - 1 created ones (CrashTestGroups).
  int groups = 1;
  // 0 to cycles: the cycle whose start creates the other groups, from which on they are
  // written too. Before it default is the only group, as on a deployment of the release
  // before groups that later takes more on.
  int groups_created_at_cycle = 0;
  // 0 to groups: how many groups, from "default" on, also get a records writer.
  int record_groups = 1;
  std::string data_dir;  // Kept across cycles.
};

struct CrashTestReport {
  int cycles = 0;
  int64_t acknowledged = 0;  // Distinct (group, request_id) pairs the server acknowledged.
  int64_t duplicates_sent = 0;
  uint64_t ledger_entries = 0;  // In all groups together.
  // By group id, after the final restart.
  std::map<std::string, int64_t> acknowledged_by_group;
  std::map<std::string, uint64_t> ledger_entries_by_group;
  // Distinct acknowledged records, by kind ("trial balance", "group account", "chart
  // mapping", "acquisition"), in all groups together.
  std::map<std::string, int64_t> records_acknowledged_by_kind;
  int64_t record_duplicates_sent = 0;
};

// The groups a run of `groups` groups posts to: "default" first, then "group-1", ...
std::vector<std::string> CrashTestGroups(int groups);

// Runs the cycles; the first failed check is the error (naming cycle, group and
// request_id, or the history, version and key). InvalidArgument for options out of range.
absl::Status RunCrashTest(const CrashTestOptions& options, CrashTestReport* report);

}  // namespace interco::testing

#endif  // INTERCO_TESTS_CRASH_TEST_LIB_H_
