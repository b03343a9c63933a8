#include "services/cli/report_chart.h"

#include "absl/strings/str_cat.h"

namespace interco::cli {

void ReportChart::AddAccount(const v1::GroupAccount& account) {
  accounts_[account.account_id()] = account;
}

void ReportChart::AddMapping(const std::string& entity, const std::string& valid_from,
                             const std::string& local_account, const std::string& group_account) {
  auto [it, added] =
      mappings_[entity].try_emplace(local_account, std::pair{valid_from, group_account});
  if (!added && it->second.first < valid_from) it->second = {valid_from, group_account};
}

const v1::GroupAccount* ReportChart::Find(const std::string& entity,
                                          const std::string& account) const {
  auto chart = accounts_.find(account);
  if (chart != accounts_.end()) return &chart->second;
  const auto entity_mappings = mappings_.find(entity);
  if (entity_mappings == mappings_.end()) return nullptr;
  const auto mapping = entity_mappings->second.find(account);
  if (mapping == entity_mappings->second.end()) return nullptr;
  chart = accounts_.find(mapping->second.second);
  return chart == accounts_.end() ? nullptr : &chart->second;
}

std::string ReportChart::Caption(const std::string& account) const {
  const auto chart = accounts_.find(account);
  if (chart == accounts_.end() || chart->second.name().empty()) return account;
  return absl::StrCat(account, " ", chart->second.name());
}

std::string EliminationFamilyText(v1::EliminationFamily family) {
  switch (family) {
    case v1::ELIMINATION_FAMILY_RECEIVABLE_PAYABLE:
      return "receivable/payable";
    case v1::ELIMINATION_FAMILY_REVENUE_COST:
      return "income/expense";
    case v1::ELIMINATION_FAMILY_INTEREST:
      return "interest";
    case v1::ELIMINATION_FAMILY_DIVIDEND:
      return "dividends";
    case v1::ELIMINATION_FAMILY_INVESTMENT_EQUITY:
      return "investment/equity";
    default:
      // NONE: the chart eliminates nothing on it (suspense, inventory for unrealised profit).
      return "other";
  }
}

}  // namespace interco::cli
