#include "services/common/transaction_type.h"

namespace interco {

const char* TransactionTypeName(TransactionType type) {
  switch (type) {
    case TransactionType::kGoods:
      return "GOODS";
    case TransactionType::kServices:
      return "SERVICES";
    case TransactionType::kRoyalty:
      return "ROYALTY";
    case TransactionType::kLoanInterest:
      return "LOAN_INTEREST";
    case TransactionType::kCostAllocation:
      return "COST_ALLOCATION";
    case TransactionType::kEmployeeSale:
      return "EMPLOYEE_SALE";
  }
  return "UNKNOWN";
}

}  // namespace interco
