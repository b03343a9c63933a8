// The merge operator of the "balances" column family: a balance value is two signed
// 128-bit integers (transaction-currency and functional amounts, in Decimal raw units,
// debit positive), 32 bytes big-endian; merging adds them. Postings now write whole values
// (LedgerStore keeps them in memory); the operator stays so that ledgers written by earlier
// releases, which hold merge operands, still read correctly.
#ifndef INTERCO_STORAGE_BALANCE_MERGE_H_
#define INTERCO_STORAGE_BALANCE_MERGE_H_

#include <memory>
#include <string>

#include "absl/numeric/int128.h"
#include "absl/strings/string_view.h"
#include "rocksdb/merge_operator.h"

namespace interco::storage {

struct BalanceValue {
  absl::int128 amount = 0;
  absl::int128 functional = 0;
};

std::string EncodeBalance(const BalanceValue& value);
// False unless `bytes` is exactly 32 bytes.
bool DecodeBalance(absl::string_view bytes, BalanceValue* value);

std::shared_ptr<rocksdb::MergeOperator> NewBalanceMergeOperator();

}  // namespace interco::storage

#endif  // INTERCO_STORAGE_BALANCE_MERGE_H_
