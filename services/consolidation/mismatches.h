// The intercompany mismatch report: for each pair of group entities and account family, both
// sides in the presentation currency, the difference, and why they differ.
//
// Families: receivable/payable (balance-sheet accounts, cumulative to the period end) and
// income/expense (the period's income against the counterparty's cost or inventory). Sides
// should offset. Types, first that applies:
//   TIMING               income/expense that offsets over all periods to date but not in this
//                        one (booked in different periods, e.g. one side's period rolled
//                        forward or a reversal in another month);
//   MISSING_COUNTERPART  one side booked nothing;
//   FX                   the sides offset in every transaction currency: only translation
//                        (different functional currencies or rates) makes them differ;
//   BEYOND_TOLERANCE     anything else.
// Differences within the tolerance are not reported.
#ifndef INTERCO_SERVICES_CONSOLIDATION_MISMATCHES_H_
#define INTERCO_SERVICES_CONSOLIDATION_MISMATCHES_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/consolidation/translation.h"
#include "services/ledger/journal.h"

namespace interco::consolidation {

enum class MismatchType { kMissingCounterpart, kFx, kTiming, kBeyondTolerance };

const char* MismatchTypeName(MismatchType type);

struct Mismatch {
  std::string entity_id;        // The lower id of the pair.
  std::string counterparty_id;  // The higher id.
  std::string family;           // "receivable/payable" or "income/expense".
  Decimal entity_amount;        // Presentation currency, debit positive.
  Decimal counterparty_amount;
  Decimal difference;  // entity_amount + counterparty_amount: zero when they offset.
  MismatchType type = MismatchType::kBeyondTolerance;
};

// `group` is the set of entities whose pairs are compared; `rates` must cover them.
// Sorted by (entity, counterparty, family).
absl::StatusOr<std::vector<Mismatch>> FindMismatches(
    const std::vector<ledger::PeriodBalance>& balances, ledger::Period period,
    const std::set<std::string>& group, const std::map<std::string, TranslationRates>& rates,
    absl::string_view presentation_currency, Decimal tolerance);

}  // namespace interco::consolidation

#endif  // INTERCO_SERVICES_CONSOLIDATION_MISMATCHES_H_
