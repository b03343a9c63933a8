// IAS 21.35-37 in consolidation: an entity whose functional currency changed.
//
// The ledger states each line in the entity's functional currency in force for the line's
// period (services/ledger/functional_currency.h keeps that true), so an entity that changed
// from EUR to USD in 2024-07 has EUR balances up to 2024-06 and USD balances from 2024-07.
// A consolidation of a period in which USD is in force first restates the EUR balances into
// USD at the rate at the date of change (IAS 21.37: the translated amounts become the
// historical cost), then translates the entity from USD like any other (translation.h). A
// consolidation of a period before the change sees only EUR balances and EUR rates, exactly
// as before the change.
//
// The rate at the date of change is the CLOSING rate of the old currency into the new one
// on the day before the change's first period (the last closing rate in the old currency,
// which is also the opening rate the translation uses for equity), found as every
// consolidation rate is (direct, inverse, or through the presentation currency).
#ifndef INTERCO_SERVICES_CONSOLIDATION_CURRENCY_RESTATEMENT_H_
#define INTERCO_SERVICES_CONSOLIDATION_CURRENCY_RESTATEMENT_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/group/structure.h"
#include "services/ledger/journal.h"
#include "services/pricing/fx.h"

namespace interco::consolidation {

// Where rounding the restated balances to the new currency's minor unit leaves a
// difference (an equity account, so it translates at the historical rate); present only
// when the difference is not zero.
inline constexpr char kRestatementRoundingAccount[] = "3910 functional currency change rounding";

// `balances` (sorted, as the journal gives them) prepared for a consolidation of `period`:
// for each entity of `structure` whose functional currency changed in or before `period`,
// the functional amounts of its balances of earlier periods restated, change by change,
// into the currency in force in `period`, each rounded half-even to that currency's minor
// unit, with the rounding difference, if any, in kRestatementRoundingAccount in the month
// before the change. Other balances are returned unchanged; the result stays sorted.
// FAILED_PRECONDITION (reason FX_RATE_MISSING, naming the pair, type and date) when the
// rate at a date of change is missing; OUT_OF_RANGE for a restated amount too large.
absl::StatusOr<std::vector<ledger::PeriodBalance>> RestateForPeriod(
    std::vector<ledger::PeriodBalance> balances, const group::GroupStructure& structure,
    const pricing::FxTable& fx, ledger::Period period, absl::string_view pivot);

// For a consolidation at `named`, an earlier structure version than `latest`: the ledger's
// balances up to `period` are stated in `latest`'s currencies, so a balance of a period in
// which `named` gives its entity another functional currency (booked after a change that
// `named` does not know) cannot be translated by `named`. FAILED_PRECONDITION naming
// structure_version, reason STRUCTURE_VERSION_BEFORE_CURRENCY_CHANGE, naming the entity and
// period; OK when no such balance exists (e.g. with an as_of point before those postings:
// a rerun of an earlier consolidation reproduces it exactly).
absl::Status CheckStatedCurrencies(const group::GroupStructure& named,
                                   const group::GroupStructure& latest,
                                   const std::vector<ledger::PeriodBalance>& balances,
                                   ledger::Period period);

}  // namespace interco::consolidation

#endif  // INTERCO_SERVICES_CONSOLIDATION_CURRENCY_RESTATEMENT_H_
