#include "services/chart_accounts.h"

#include <memory>

namespace interco {

std::optional<group::ChartAccountFacts> RegistryChartAccounts::Find(absl::string_view id) const {
  const std::shared_ptr<const trial_balance::Chart> chart = chart_->Current();
  const trial_balance::GroupAccount* account = chart->FindAccount(id);
  if (account == nullptr) return std::nullopt;
  group::ChartAccountFacts facts;
  facts.asset_or_liability = account->account_class == trial_balance::AccountClass::kAsset ||
                             account->account_class == trial_balance::AccountClass::kLiability;
  facts.investment_in_held_entity = account->investment_in_held_entity;
  return facts;
}

}  // namespace interco
