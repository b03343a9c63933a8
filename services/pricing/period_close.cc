#include "services/pricing/period_close.h"

#include <variant>

namespace interco::pricing {

absl::StatusOr<PricingRegistry::Applied> ApplyPeriodStatus(PricingRegistry& registry,
                                                           ledger::Sequencer& sequencer,
                                                           const PricingChange& change) {
  if (!std::holds_alternative<PeriodStatus>(change.body)) {
    return absl::InternalError("ApplyPeriodStatus was given a change that is not a period's");
  }
  absl::StatusOr<PricingRegistry::Applied> applied = absl::InternalError("not applied");
  // The calendar's readers that write (the sequencer's drain, trial balance imports) hold
  // the same lock from their check to their write.
  sequencer.RunExclusive([&] { applied = registry.Apply(change); });
  return applied;
}

}  // namespace interco::pricing
