#include "services/consolidation/capital_statements.h"

#include <map>

#include "absl/strings/str_cat.h"

namespace interco::consolidation::capital_internal {
namespace {

using trial_balance::AccountClass;

struct Synthetic {
  const char* account;
  const char* line;
  AccountClass account_class;
};

constexpr Synthetic kSynthetic[] = {
    {kGoodwillAccount, "BS.ASSETS.GOODWILL", AccountClass::kAsset},
    {kUnrealisedInventoryAccount, "BS.ASSETS.INVENTORY", AccountClass::kAsset},
    {kSuspenseAccount, "BS.ASSETS.IC_SUSPENSE", AccountClass::kAsset},
    {kIntercompanyDifferences, "IS.INTERCOMPANY_DIFFERENCES", AccountClass::kIncome},
    {kGroupCtaAccount, "BS.EQUITY.CTA", AccountClass::kEquity},
    {kNciAccount, kNciLine, AccountClass::kEquity},
    {kPostAcquisitionReserves, "BS.EQUITY.RETAINED_EARNINGS", AccountClass::kEquity},
    {kPreAcquisitionEquity, "BS.EQUITY.RETAINED_EARNINGS", AccountClass::kEquity},
    {kNciProfitAccount, kProfitForTheYearLine, AccountClass::kEquity},
    {kBargainPurchaseGain, "IS.BARGAIN_PURCHASE_GAIN", AccountClass::kIncome},
    {kAssociatesProfit, "IS.SHARE_OF_PROFIT_OF_ASSOCIATES", AccountClass::kIncome},
    {kUnrealisedProfitAccount, "IS.COST_OF_SALES", AccountClass::kExpense},
};

std::vector<StatementLine> Lines(const std::map<std::string, Decimal>& sums) {
  std::vector<StatementLine> lines;
  for (const auto& [line, amount] : sums) {
    if (!amount.is_zero()) lines.push_back({line, amount});
  }
  return lines;
}

}  // namespace

std::optional<AccountInfo> InfoOf(const trial_balance::Chart& chart, absl::string_view account) {
  if (const trial_balance::GroupAccount* found = chart.FindAccount(account)) {
    return AccountInfo{found->statement_line, found->account_class};
  }
  for (const Synthetic& synthetic : kSynthetic) {
    if (account == synthetic.account) return AccountInfo{synthetic.line, synthetic.account_class};
  }
  return std::nullopt;
}

absl::Status BuildStatements(const trial_balance::Chart& chart, Arith& arith,
                             CapitalConsolidation* out) {
  std::map<std::string, Decimal> position, income;
  for (const auto& [account, amount] : out->trial_balance) {
    const std::optional<AccountInfo> info = InfoOf(chart, account);
    if (!info.has_value()) {
      return absl::InternalError(absl::StrCat("account ", account, " has no statement line"));
    }
    out->trial_balance_sum = arith.Add(out->trial_balance_sum, amount);
    switch (info->account_class) {
      case AccountClass::kIncome:
      case AccountClass::kExpense:
        income[info->statement_line] = arith.Add(income[info->statement_line], amount);
        out->profit = arith.Add(out->profit, amount);
        continue;
      case AccountClass::kAsset:
        out->assets = arith.Add(out->assets, amount);
        break;
      case AccountClass::kLiability:
        out->liabilities = arith.Add(out->liabilities, amount);
        break;
      case AccountClass::kEquity:
        if (account == kNciAccount) {
          out->nci_total = arith.Add(out->nci_total, amount);
        } else {
          out->equity_owners = arith.Add(out->equity_owners, amount);
        }
        break;
    }
    position[info->statement_line] = arith.Add(position[info->statement_line], amount);
  }
  position[kProfitForTheYearLine] = arith.Add(position[kProfitForTheYearLine], out->profit);
  out->equity_owners = arith.Add(out->equity_owners, out->profit);
  const auto nci_profit = out->trial_balance.find(kNciProfitAccount);
  if (nci_profit != out->trial_balance.end()) out->profit_nci = arith.Neg(nci_profit->second);
  out->profit_owners = arith.Sub(out->profit, out->profit_nci);
  out->financial_position = Lines(position);
  out->income_statement = Lines(income);
  return arith.status();
}

}  // namespace interco::consolidation::capital_internal
