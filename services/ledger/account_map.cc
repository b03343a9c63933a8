#include "services/ledger/account_map.h"

namespace interco::ledger {
namespace {

struct TypeAccounts {
  const char* income;   // Seller's credit.
  const char* expense;  // Buyer's debit.
};

TypeAccounts ForType(pricing::TransactionType type) {
  switch (type) {
    case pricing::TransactionType::kGoods:
      return {"4010 IC revenue goods", "1400 inventory"};
    case pricing::TransactionType::kServices:
      return {"4020 IC revenue services", "6020 IC service expense"};
    case pricing::TransactionType::kRoyalty:
      return {"4030 IC royalty income", "6030 IC royalty expense"};
    case pricing::TransactionType::kLoanInterest:
      return {"4040 IC interest income", "7040 IC interest expense"};
    case pricing::TransactionType::kCostAllocation:
      return {"4050 IC recharge income", "6050 IC recharged costs"};
    case pricing::TransactionType::kEmployeeSale:
      return {"4000 revenue", "5000 purchases"};
  }
  return {"4000 revenue", "5000 purchases"};
}

}  // namespace

AccountMapping DefaultAccounts(pricing::TransactionType type, group::Relation relation) {
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

}  // namespace interco::ledger
