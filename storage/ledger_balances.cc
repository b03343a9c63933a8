// LedgerStore::Balances: running balances at the head or as of a sequence, on one snapshot.
#include <map>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/common/field_error.h"
#include "services/common/status_macros.h"
#include "storage/balance_merge.h"
#include "storage/codec.h"
#include "storage/journal_codec.h"
#include "storage/ledger_store.h"
#include "storage/rocksdb_status.h"

namespace interco::storage {
namespace {

using Key = std::tuple<std::string, std::string, std::string, std::string>;

class ScopedSnapshot {
 public:
  explicit ScopedSnapshot(rocksdb::DB* db) : db_(db), snapshot_(db->GetSnapshot()) {}
  ~ScopedSnapshot() { db_->ReleaseSnapshot(snapshot_); }
  const rocksdb::Snapshot* get() const { return snapshot_; }

 private:
  rocksdb::DB* const db_;
  const rocksdb::Snapshot* const snapshot_;
};

absl::Status Add(std::map<Key, Decimal>& sums, Key key, absl::int128 raw) {
  Decimal& sum = sums[std::move(key)];
  const std::optional<Decimal> total = Decimal::Add(sum, Decimal::FromRaw(raw));
  if (!total.has_value()) return absl::InternalError("a running balance overflowed");
  sum = *total;
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ledger::BalanceSnapshot> LedgerStore::Balances(std::optional<uint64_t> as_of) const {
  ScopedSnapshot snapshot(database_->db());
  rocksdb::ReadOptions read;
  read.snapshot = snapshot.get();
  read.fill_cache = false;
  ledger::BalanceSnapshot out;
  std::string head_value;
  const rocksdb::Status found =
      database_->db()->Get(read, database_->family(Family::kDefault), "chain_head", &head_value);
  if (!found.IsNotFound()) {
    RETURN_IF_ERROR(FromRocksDb(found, "reading the chain head"));
    if (head_value.size() != 40 ||
        !DecodeKey64(absl::string_view(head_value).substr(0, 8), &out.sequence)) {
      return absl::DataLossError("the chain head is malformed");
    }
    std::copy(head_value.begin() + 8, head_value.end(), out.hash.begin());
  }
  std::map<Key, Decimal> sums;
  if (!as_of.has_value() || *as_of == out.sequence) {
    std::unique_ptr<rocksdb::Iterator> it(
        database_->db()->NewIterator(read, database_->family(Family::kBalances)));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      const std::vector<std::string> parts = absl::StrSplit(ToView(it->key()), '\0');
      BalanceValue value;
      if (parts.size() != 5 || !DecodeBalance(ToView(it->value()), &value)) {
        return absl::DataLossError("a running balance is malformed");
      }
      RETURN_IF_ERROR(Add(sums, {parts[0], parts[1], parts[2], parts[3]}, value.functional));
    }
    RETURN_IF_ERROR(FromRocksDb(it->status(), "reading the balances"));
  } else {
    if (*as_of > out.sequence) {
      return FieldError(absl::StatusCode::kInvalidArgument, "as_of_sequence", absl::StrCat(*as_of),
                        "BEYOND_HEAD", absl::StrCat("the ledger head is ", out.sequence));
    }
    const std::string upper = EncodeKey64(*as_of + 1);
    rocksdb::Slice upper_slice(upper);
    read.iterate_upper_bound = &upper_slice;
    std::unique_ptr<rocksdb::Iterator> it(
        database_->db()->NewIterator(read, database_->family(Family::kJournal)));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      uint64_t sequence = 0;
      if (!DecodeKey64(ToView(it->key()), &sequence)) {
        return absl::DataLossError("the journal holds a malformed key");
      }
      ASSIGN_OR_RETURN(const ledger::JournalEntry entry,
                       DecodeJournalValue(sequence, ToView(it->value())));
      for (const ledger::LedgerLine& line : entry.posting.lines) {
        const absl::int128 raw = line.side == ledger::Side::kDebit ? line.functional_amount.raw()
                                                                   : -line.functional_amount.raw();
        RETURN_IF_ERROR(
            Add(sums, {line.entity_id, line.period, line.account, line.counterparty_id}, raw));
      }
      out.sequence = sequence;
      out.hash = entry.hash;
    }
    RETURN_IF_ERROR(FromRocksDb(it->status(), "reading the journal"));
    if (*as_of == 0) out.hash = {};
  }
  out.balances.reserve(sums.size());
  for (auto& [key, functional] : sums) {
    if (functional.is_zero()) continue;
    out.balances.push_back(
        {std::get<0>(key), std::get<1>(key), std::get<2>(key), std::get<3>(key), functional});
  }
  return out;
}

}  // namespace interco::storage
