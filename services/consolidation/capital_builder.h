// The builder behind ConsolidateCapital (capital.h): one run's state and its steps.
// Internal to the capital library; capital.cc has the capital, dividend and equity-method
// steps, capital_attribution.cc the balances, inventory, NCI and roll-forwards.
#ifndef INTERCO_SERVICES_CONSOLIDATION_CAPITAL_BUILDER_H_
#define INTERCO_SERVICES_CONSOLIDATION_CAPITAL_BUILDER_H_

#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/consolidation/capital.h"
#include "services/consolidation/capital_parts.h"

namespace interco::consolidation::capital_internal {

// One entity in scope with what the steps learn about it.
struct Holding {
  const CapitalEntity* entity = nullptr;
  const CapitalAcquisition* acquisition = nullptr;  // Null for the parent.
  Decimal nci_share;                                // 1 - group share; FULL only.
  AcquiredPosition position;                        // Acquired entities only.
  Books translated;                                 // FULL entities only.
  // What eliminations change in the entity's own profit, reserves and CTA (natural signs),
  // so that its NCI takes its share of the group's view: dividends received from the
  // group, unrealised profit on its sales, its share of associates.
  Decimal profit_adjust, reserves_adjust, cta_adjust;

  bool full() const { return entity->method == group::ConsolidationMethod::kFull; }
  bool parent() const { return acquisition == nullptr; }
};

class Builder {
 public:
  Builder(const CapitalInput& input, const CapitalConsolidation* opening)
      : input_(input),
        chart_(*input.chart),
        arith_(input.presentation_currency),
        opening_(opening) {}

  absl::StatusOr<CapitalConsolidation> Run();

 private:
  absl::Status Prepare();
  absl::Status PrepareAcquired(Holding& holding);
  absl::StatusOr<Holding*> HolderOf(const Holding& held);
  absl::StatusOr<std::string> DividendIncomeAccount(const Holding& holder) const;
  absl::Status Capital(Holding& held);
  // `begin`: the first of this acquisition's capital entries in out_.eliminations.
  void Goodwill(Holding& held, const Holding& holder, Decimal nci_functional, size_t begin);
  absl::Status Dividends(Holding& held);
  absl::Status EquityMethod(Holding& associate);
  void Balances();
  absl::Status Inventory();
  void Nci(Holding& holding);
  void RollForwards();
  void Post(EliminationType type, const std::string& entity, const std::string& counterparty,
            const std::string& account, Decimal amount, std::string reason);
  bool AcquiredThisYear(const Holding& holding) const {
    return holding.acquisition->acquisition.acquisition_date.year() == input_.period.year();
  }

  const CapitalInput& input_;
  const trial_balance::Chart& chart_;
  Arith arith_;
  const CapitalConsolidation* const opening_;
  std::map<std::string, Holding> holdings_;
  std::map<std::string, NciRollForward> nci_;  // Buckets: acquisition, profit, dividends, cta.
  std::map<std::string, Decimal> nci_reserves_;
  std::map<std::string, CtaRollForward> cta_;  // closing and nci.
  CapitalConsolidation out_;
};

}  // namespace interco::consolidation::capital_internal

#endif  // INTERCO_SERVICES_CONSOLIDATION_CAPITAL_BUILDER_H_
