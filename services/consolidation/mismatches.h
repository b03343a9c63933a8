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
// And, apart from the pairs, for one entity with a trial balance:
//   LEDGER_VS_GL         an intercompany-flagged group account on which the general
//                        ledger's figure (the trial balance) differs from the ledger's
//                        postings by counterparty (entity_books.h).
// Differences within the tolerance are not reported.
#ifndef INTERCO_SERVICES_CONSOLIDATION_MISMATCHES_H_
#define INTERCO_SERVICES_CONSOLIDATION_MISMATCHES_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/consolidation/entity_books.h"
#include "services/consolidation/translation.h"
#include "services/ledger/journal.h"

namespace interco::consolidation {

enum class MismatchType { kMissingCounterpart, kFx, kTiming, kBeyondTolerance, kLedgerVsGl };

const char* MismatchTypeName(MismatchType type);

// Amounts in the presentation currency, debit positive.
struct Mismatch {
  std::string entity_id;        // The lower id of the pair; the entity for LEDGER_VS_GL.
  std::string counterparty_id;  // The higher id; empty for LEDGER_VS_GL.
  std::string family;           // "receivable/payable" or "income/expense".
  Decimal entity_amount;        // Pairs only.
  Decimal counterparty_amount;  // Pairs only.
  // Pairs: entity_amount + counterparty_amount (zero when they offset). LEDGER_VS_GL:
  // general_ledger_amount - ledger_amount (zero when they agree).
  Decimal difference;
  MismatchType type = MismatchType::kBeyondTolerance;
  // LEDGER_VS_GL only: the group account, the trial balance's figure and the ledger's.
  std::string group_account;
  Decimal general_ledger_amount;
  Decimal ledger_amount;
};

// `group` is the set of entities whose pairs are compared; `rates` must cover them.
// Sorted by (entity, counterparty, family).
absl::StatusOr<std::vector<Mismatch>> FindMismatches(
    const std::vector<ledger::PeriodBalance>& balances, ledger::Period period,
    const std::set<std::string>& group, const std::map<std::string, TranslationRates>& rates,
    absl::string_view presentation_currency, Decimal tolerance);

// LEDGER_VS_GL mismatches from `differences` (EntityBooks::differences): each side translated
// as the pairs' are (balance-sheet accounts at the closing rate, income and expenses at the
// average) and rounded to the presentation currency's minor unit, the difference taken
// after rounding; reported when it exceeds `tolerance`. Family by the account's class
// (asset and liability: receivable/payable; income and expense: income/expense). `rates`
// must cover every entity. Sorted by (entity, group account).
absl::StatusOr<std::vector<Mismatch>> FindLedgerVsGl(
    const std::vector<LedgerGlDifference>& differences,
    const std::map<std::string, TranslationRates>& rates, absl::string_view presentation_currency,
    Decimal tolerance);

}  // namespace interco::consolidation

#endif  // INTERCO_SERVICES_CONSOLIDATION_MISMATCHES_H_
