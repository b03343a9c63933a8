// Reversals: a correction appends the original's lines with sides swapped.
#ifndef INTERCO_SERVICES_LEDGER_REVERSAL_H_
#define INTERCO_SERVICES_LEDGER_REVERSAL_H_

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "services/ledger/entry.h"

namespace interco::ledger {

// The posting that reverses `original` on `date`: same lines, amounts and rates, debit and
// credit swapped, in the period of `date`. FAILED_PRECONDITION when `original` is itself a
// reversal; INVALID_ARGUMENT (naming "date") when `date` is before the original's date.
absl::StatusOr<Posting> ReversalOf(const JournalEntry& original, absl::CivilDay date);

}  // namespace interco::ledger

#endif  // INTERCO_SERVICES_LEDGER_REVERSAL_H_
