// The crash test (after RocksDB's crash test and Jepsen): drive concurrent postings at the
// real server, SIGKILL it at a random moment, restart it, and check that every acknowledged
// posting is there exactly once, unchanged, and that the ledger verifies.
#ifndef INTERCO_TESTS_CRASH_TEST_LIB_H_
#define INTERCO_TESTS_CRASH_TEST_LIB_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"

namespace interco::testing {

struct CrashTestOptions {
  int cycles = 10;
  uint64_t seed = 1;
  int writers = 4;
  std::string data_dir;  // Kept across cycles.
};

struct CrashTestReport {
  int cycles = 0;
  int64_t acknowledged = 0;  // Distinct request_ids the server acknowledged.
  int64_t duplicates_sent = 0;
  uint64_t ledger_entries = 0;
};

// Runs the cycles; the first failed check is the error (naming cycle and request_id).
absl::Status RunCrashTest(const CrashTestOptions& options, CrashTestReport* report);

}  // namespace interco::testing

#endif  // INTERCO_TESTS_CRASH_TEST_LIB_H_
