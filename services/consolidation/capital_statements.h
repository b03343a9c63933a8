// The statements of a capital consolidation (capital.h) from its consolidated trial
// balance: statement of financial position and income statement by statement line, the
// profit attributable to owners and NCI, and the proofs. Internal to the capital library.
#ifndef INTERCO_SERVICES_CONSOLIDATION_CAPITAL_STATEMENTS_H_
#define INTERCO_SERVICES_CONSOLIDATION_CAPITAL_STATEMENTS_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "services/consolidation/capital.h"
#include "services/consolidation/capital_parts.h"
#include "services/trial_balance/chart.h"

namespace interco::consolidation::capital_internal {

struct AccountInfo {
  std::string statement_line;
  trial_balance::AccountClass account_class = trial_balance::AccountClass::kAsset;
};

// The statement line and class of a chart account or of one of the synthetic accounts
// capital.h names; nullopt for any other.
std::optional<AccountInfo> InfoOf(const trial_balance::Chart& chart, absl::string_view account);

// The line the year's result takes in the statement of financial position (owners' part).
inline constexpr char kProfitForTheYearLine[] = "BS.EQUITY.PROFIT_FOR_THE_YEAR";
inline constexpr char kNciLine[] = "BS.EQUITY.NCI";

// Fills `out`'s statements, profit split and proofs from out->trial_balance. INTERNAL when
// an account has no statement line (a broken invariant: every account was checked).
absl::Status BuildStatements(const trial_balance::Chart& chart, Arith& arith,
                             CapitalConsolidation* out);

}  // namespace interco::consolidation::capital_internal

#endif  // INTERCO_SERVICES_CONSOLIDATION_CAPITAL_STATEMENTS_H_
