#include "storage/balance_merge.h"

#include "rocksdb/slice.h"
#include "storage/codec.h"
#include "storage/rocksdb_status.h"

namespace interco::storage {
namespace {

class BalanceMergeOperator final : public rocksdb::AssociativeMergeOperator {
 public:
  // Returning false marks the key corrupt: RocksDB then fails reads of it with an error
  // instead of serving a wrong balance. Sums of real balances stay far below 2^127.
  bool Merge(const rocksdb::Slice&, const rocksdb::Slice* existing, const rocksdb::Slice& value,
             std::string* new_value, rocksdb::Logger*) const override {
    BalanceValue total, delta;
    if (existing != nullptr && !DecodeBalance(ToView(*existing), &total)) return false;
    if (!DecodeBalance(ToView(value), &delta)) return false;
    total.amount += delta.amount;
    total.functional += delta.functional;
    *new_value = EncodeBalance(total);
    return true;
  }
  const char* Name() const override { return "interco.BalanceAdd.v1"; }
};

}  // namespace

std::string EncodeBalance(const BalanceValue& value) {
  Encoder out;
  out.PutInt128(value.amount);
  out.PutInt128(value.functional);
  return out.Release();
}

bool DecodeBalance(absl::string_view bytes, BalanceValue* value) {
  Decoder in(bytes);
  return in.GetInt128(&value->amount) && in.GetInt128(&value->functional) && in.Done();
}

std::shared_ptr<rocksdb::MergeOperator> NewBalanceMergeOperator() {
  return std::make_shared<BalanceMergeOperator>();
}

}  // namespace interco::storage
