// The crash test's checks of the histories beside the journal (issue 24), after a restart
// and before anything writes: each history verifies, no head went back, and every
// acknowledged record (crash_records.h) is there once, as acknowledged. Private to
// crash_test_lib.
#ifndef INTERCO_TESTS_CRASH_RECORD_CHECKS_H_
#define INTERCO_TESTS_CRASH_RECORD_CHECKS_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "absl/status/status.h"
#include "interco/v1/ledger.pb.h"
#include "tests/crash_records.h"

namespace interco::testing {

// What earlier checks established, so each cycle reads back and retries only new records.
struct RecordsChecked {
  std::set<Record> resubmitted;  // Acknowledged records already read back and retried.
  // By group and family: the head version found after the last restart. Kept across
  // cycles, so that a head that goes back across a restart is found.
  std::map<std::string, std::map<std::string, uint64_t>> heads;
};

// OK when VerifyLedger reported every history beside the journal (structure, pricing,
// chart, trial_balances) and each is ok; DataLoss naming the family, the first broken
// version, the key and the problem otherwise, prefixed by `where`.
absl::Status CheckFamiliesVerified(const v1::VerifyLedgerResponse& verified,
                                   const std::string& where);

// For every group of `channels`: no family head is behind the highest acknowledged version
// of its family or the head found after the previous restart; every acknowledged record not
// in checked.resubmitted reads back as acknowledged and a retry of its request answers the
// same reply; each acknowledged import and acquisition is in its history once; and the
// retries moved no head. Nothing else may write meanwhile.
absl::Status CheckRecordsAfterRestart(const GroupChannels& channels, int cycle,
                                      const std::map<Record, RecordReply>& acknowledged,
                                      RecordsChecked& checked);

}  // namespace interco::testing

#endif  // INTERCO_TESTS_CRASH_RECORD_CHECKS_H_
