// The inputs of one period's consolidation, taken from the ledger and the FX table.
#ifndef INTERCO_SERVICES_CONSOLIDATION_PERIOD_BALANCES_H_
#define INTERCO_SERVICES_CONSOLIDATION_PERIOD_BALANCES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "services/consolidation/consolidator.h"
#include "services/ledger/journal.h"
#include "services/pricing/fx.h"

namespace interco::consolidation {

inline constexpr char kRetainedEarnings[] = "3100 retained earnings";

// Balance-sheet accounts (asset, liability, equity) summed over every period up to `period`;
// income and expenses of `period`; those of earlier periods folded into each entity's
// retained earnings; later periods left out. Each entity's result still balances.
// INVALID_ARGUMENT (reason OVERFLOW, field "balances") when a sum leaves Decimal's range, as
// every other consolidation sum does.
absl::StatusOr<std::vector<EntityBalance>> BalancesForPeriod(
    const std::vector<ledger::PeriodBalance>& balances, ledger::Period period);

// The basis trial balances carry (trial_balance.h): balance-sheet accounts summed over every
// period up to `period`; income and expenses of January of `period`'s year through
// `period`; those of earlier years folded into each entity's retained earnings; later
// periods left out. So the December figures of one year are that year's, and January's
// start again. Each entity's result still balances; zero sums are left out; sorted by
// (entity, account, counterparty). Classes as BalancesForPeriod reads them (ClassOf).
// INVALID_ARGUMENT (reason OVERFLOW, field "balances") when a sum leaves Decimal's range.
absl::StatusOr<std::vector<EntityBalance>> BalancesYearToDate(
    const std::vector<ledger::PeriodBalance>& balances, ledger::Period period);

// Rates from `functional` to `presentation` for `period`: CLOSING and AVERAGE on the
// period's last day, historical_equity unset (0). 1s for the same currency.
// FAILED_PRECONDITION naming the missing pair, type and date.
absl::StatusOr<TranslationRates> PeriodRatesFor(const pricing::FxTable& fx,
                                                absl::string_view functional,
                                                absl::string_view presentation,
                                                ledger::Period period);

// Rates from `functional` to `presentation` for `period`: CLOSING on the period's last day,
// AVERAGE on it, and CLOSING on the day before the period began as the historical equity
// rate (the opening rate). 1s for the same currency. FAILED_PRECONDITION naming the missing
// pair, type and date.
absl::StatusOr<TranslationRates> RatesFor(const pricing::FxTable& fx, absl::string_view functional,
                                          absl::string_view presentation, ledger::Period period);

}  // namespace interco::consolidation

#endif  // INTERCO_SERVICES_CONSOLIDATION_PERIOD_BALANCES_H_
