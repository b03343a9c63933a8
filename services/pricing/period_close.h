// Closing and reopening periods, serialized with everything that checks the calendar
// before it writes.
//
// A posting is admitted (the period rule) on the sequencer thread and written in the same
// drain; a trial balance import checks the calendar and writes under
// ledger::Sequencer::RunExclusive (trial_balance::TrialBalanceImporter). Applying a period
// change under RunExclusive too means no posting or import can be between its check and
// its write when the change is published: one that checked an open period is written
// before the close is accepted, and every later check sees the close.
#ifndef INTERCO_SERVICES_PRICING_PERIOD_CLOSE_H_
#define INTERCO_SERVICES_PRICING_PERIOD_CLOSE_H_

#include "absl/status/statusor.h"
#include "services/ledger/sequencer.h"
#include "services/pricing/pricing_book.h"

namespace interco::pricing {

// Applies `change` (whose body must be a PeriodStatus; INTERNAL otherwise: our bug) to
// `registry` under `sequencer`'s RunExclusive. Errors: those of PricingRegistry::Apply.
// Waits for the drain or import under way to be written.
absl::StatusOr<PricingRegistry::Applied> ApplyPeriodStatus(PricingRegistry& registry,
                                                           ledger::Sequencer& sequencer,
                                                           const PricingChange& change);

}  // namespace interco::pricing

#endif  // INTERCO_SERVICES_PRICING_PERIOD_CLOSE_H_
