#include "services/ledger/account_map.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "services/common/field_error.h"
#include "services/common/status_macros.h"
#include "services/common/text.h"

namespace interco::ledger {
namespace {

struct TypeAccounts {
  const char* income;   // Seller's credit.
  const char* expense;  // Buyer's debit.
};

TypeAccounts ForType(TransactionType type) {
  switch (type) {
    case TransactionType::kGoods:
      return {"4010 IC revenue goods", "1400 inventory"};
    case TransactionType::kServices:
      return {"4020 IC revenue services", "6020 IC service expense"};
    case TransactionType::kRoyalty:
      return {"4030 IC royalty income", "6030 IC royalty expense"};
    case TransactionType::kLoanInterest:
      return {"4040 IC interest income", "7040 IC interest expense"};
    case TransactionType::kCostAllocation:
      return {"4050 IC recharge income", "6050 IC recharged costs"};
    case TransactionType::kEmployeeSale:
      return {"4000 revenue", "5000 purchases"};
  }
  return {"4000 revenue", "5000 purchases"};
}

}  // namespace

absl::Status ValidateAccountMap(const EntityAccountMap& map) {
  size_t i = 0;
  for (const auto& [type, mapping] : map.mappings) {
    const struct {
      const char* field;
      const std::string* account;
    } kAccounts[] = {{"seller_debit", &mapping.seller.debit},
                     {"seller_credit", &mapping.seller.credit},
                     {"buyer_debit", &mapping.buyer.debit},
                     {"buyer_credit", &mapping.buyer.credit}};
    for (const auto& a : kAccounts) {
      const std::string field = absl::StrCat("mappings[", i, "].", a.field);
      if (a.account->empty() || a.account->size() > kMaxAccountBytes) {
        return InvalidField(field, *a.account, "INVALID_ACCOUNT",
                            absl::StrCat("must be 1 to ", kMaxAccountBytes, " bytes"));
      }
      RETURN_IF_ERROR(CheckPrintableText(field, *a.account, "INVALID_ACCOUNT"));
    }
    ++i;
  }
  return absl::OkStatus();
}

AccountMapping DefaultAccounts(TransactionType type, group::Relation relation) {
  const TypeAccounts accounts = ForType(type);
  switch (relation) {
    case group::Relation::kIntercompany:
    case group::Relation::kAffiliate:
      return {{"1310 IC receivable", accounts.income}, {accounts.expense, "2310 IC payable"}};
    case group::Relation::kSameEntity:
      return {{"6990 internal allocations", "6991 internal allocation relief"},
              {"6990 internal allocations", "6991 internal allocation relief"}};
    case group::Relation::kEmployee:
      return {{"1250 receivable from employees", "4000 revenue"},
              {"5000 purchases", "2000 trade payable"}};
    case group::Relation::kExternal:
      return {{"1200 trade receivable", "4000 revenue"}, {"5000 purchases", "2000 trade payable"}};
  }
  return {{"1200 trade receivable", "4000 revenue"}, {"5000 purchases", "2000 trade payable"}};
}

const std::vector<std::string>& DefaultChart() {
  // Built once from DefaultAccounts itself, so the chart cannot drift from what postings use.
  static const std::vector<std::string>* const kChart = [] {
    std::set<std::string> accounts = {"1000 cash", "3000 share capital", "3100 retained earnings"};
    for (int type = 0; type <= static_cast<int>(TransactionType::kEmployeeSale); ++type) {
      for (int relation = 0; relation <= static_cast<int>(group::Relation::kExternal); ++relation) {
        const AccountMapping mapping = DefaultAccounts(static_cast<TransactionType>(type),
                                                       static_cast<group::Relation>(relation));
        accounts.insert({mapping.seller.debit, mapping.seller.credit, mapping.buyer.debit,
                         mapping.buyer.credit});
      }
    }
    return new std::vector<std::string>(accounts.begin(), accounts.end());
  }();
  return *kChart;
}

bool InDefaultChart(absl::string_view account) {
  const std::vector<std::string>& chart = DefaultChart();
  return std::binary_search(chart.begin(), chart.end(), account);
}

}  // namespace interco::ledger
