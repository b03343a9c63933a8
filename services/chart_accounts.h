// The group chart of accounts as acquisition upserts read it (group::ChartAccounts, the port
// of services/group/acquisition_upsert.h), over the trial balance chart registry: the
// adapter that keeps services/group independent of services/trial_balance.
#ifndef INTERCO_SERVICES_CHART_ACCOUNTS_H_
#define INTERCO_SERVICES_CHART_ACCOUNTS_H_

#include <optional>

#include "absl/strings/string_view.h"
#include "services/group/acquisition_upsert.h"
#include "services/trial_balance/chart.h"

namespace interco {

// Reads the registry's current chart on each Find. Thread-safe; `chart` must outlive it.
class RegistryChartAccounts final : public group::ChartAccounts {
 public:
  explicit RegistryChartAccounts(const trial_balance::ChartRegistry* chart) : chart_(chart) {}

  std::optional<group::ChartAccountFacts> Find(absl::string_view id) const override;

 private:
  const trial_balance::ChartRegistry* const chart_;
};

}  // namespace interco

#endif  // INTERCO_SERVICES_CHART_ACCOUNTS_H_
