// The kinds of intercompany transaction. Shared vocabulary: the ledger books by it (account
// maps, postings) and transfer pricing prices by it, so it lives below both.
#ifndef INTERCO_SERVICES_COMMON_TRANSACTION_TYPE_H_
#define INTERCO_SERVICES_COMMON_TRANSACTION_TYPE_H_

namespace interco {

enum class TransactionType {
  kGoods,
  kServices,
  kRoyalty,
  kLoanInterest,
  kCostAllocation,
  kEmployeeSale,
};

// "GOODS", "SERVICES", ...
const char* TransactionTypeName(TransactionType type);

}  // namespace interco

#endif  // INTERCO_SERVICES_COMMON_TRANSACTION_TYPE_H_
