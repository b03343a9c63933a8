// crash_test: the crash test for long runs.
//   bazel build -c opt //tests:crash_test_main //services:interco_server
//   INTERCO_SERVER_BINARY=bazel-bin/services/interco_server TEST_TMPDIR=$(mktemp -d)
//     bazel-bin/tests/crash_test_main --cycles=1000 --seed=7 \
//       [--groups=3 --groups_created_at_cycle=500 --record_groups=3]
#include <cstdio>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "tests/crash_test_lib.h"
#include "tests/server_process.h"

ABSL_FLAG(int, cycles, 10, "kill-restart cycles");
ABSL_FLAG(uint64_t, seed, 1, "random seed (kill moments, duplicates)");
ABSL_FLAG(int, writers, 4, "concurrent posting threads");
ABSL_FLAG(int, groups, 1, "groups posted to: default and groups - 1 created ones");
ABSL_FLAG(int, groups_created_at_cycle, 0,
          "the cycle that creates the other groups (before it, default alone)");
ABSL_FLAG(int, record_groups, 1,
          "groups, from default on, that also import trial balances, change the chart and "
          "record acquisitions");

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  interco::testing::CrashTestOptions options;
  options.cycles = absl::GetFlag(FLAGS_cycles);
  options.seed = absl::GetFlag(FLAGS_seed);
  options.writers = absl::GetFlag(FLAGS_writers);
  options.groups = absl::GetFlag(FLAGS_groups);
  options.groups_created_at_cycle = absl::GetFlag(FLAGS_groups_created_at_cycle);
  options.record_groups = absl::GetFlag(FLAGS_record_groups);
  options.data_dir = interco::testing::FreshTempDir("crash_long");
  interco::testing::CrashTestReport report;
  const absl::Status status = interco::testing::RunCrashTest(options, &report);
  std::printf(
      "%d cycles, %d groups, %lld acknowledged postings, %lld duplicates sent, %llu ledger "
      "entries: %s\n",
      report.cycles, options.groups, static_cast<long long>(report.acknowledged),
      static_cast<long long>(report.duplicates_sent),
      static_cast<unsigned long long>(report.ledger_entries),
      status.ok() ? "every acknowledged posting intact, once"
                  : std::string(status.message()).c_str());
  for (const auto& [group, entries] : report.ledger_entries_by_group) {
    std::printf("  group %s: %lld acknowledged postings, %llu ledger entries\n", group.c_str(),
                static_cast<long long>(report.acknowledged_by_group[group]),
                static_cast<unsigned long long>(entries));
  }
  std::printf("  other records acknowledged (%lld duplicates sent):",
              static_cast<long long>(report.record_duplicates_sent));
  for (const auto& [kind, count] : report.records_acknowledged_by_kind) {
    std::printf(" %lld %s,", static_cast<long long>(count), kind.c_str());
  }
  std::printf("\n");
  return status.ok() ? 0 : 1;
}
