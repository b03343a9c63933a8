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

// (entity, period, account, counterparty, currency).
using Key = std::tuple<std::string, std::string, std::string, std::string, std::string>;

struct Sums {
  Decimal functional;
  Decimal amount;
};

class ScopedSnapshot {
 public:
  explicit ScopedSnapshot(rocksdb::DB* db) : db_(db), snapshot_(db->GetSnapshot()) {}
  ~ScopedSnapshot() { db_->ReleaseSnapshot(snapshot_); }
  const rocksdb::Snapshot* get() const { return snapshot_; }

 private:
  rocksdb::DB* const db_;
  const rocksdb::Snapshot* const snapshot_;
};

absl::Status Add(std::map<Key, Sums>& sums, Key key, absl::int128 functional, absl::int128 amount) {
  Sums& sum = sums[std::move(key)];
  const std::optional<Decimal> f = Decimal::Add(sum.functional, Decimal::FromRaw(functional));
  const std::optional<Decimal> a = Decimal::Add(sum.amount, Decimal::FromRaw(amount));
  if (!f.has_value() || !a.has_value()) return absl::InternalError("a running balance overflowed");
  sum = {*f, *a};
  return absl::OkStatus();
}

absl::Status ReadHead(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* family,
                      const rocksdb::ReadOptions& read, ledger::BalanceSnapshot& out) {
  std::string value;
  const rocksdb::Status found = db->Get(read, family, "chain_head", &value);
  if (found.IsNotFound()) return absl::OkStatus();
  RETURN_IF_ERROR(FromRocksDb(found, "reading the chain head"));
  if (value.size() != 8 + out.hash.size() ||
      !DecodeKey64(absl::string_view(value).substr(0, 8), &out.sequence)) {
    return absl::DataLossError("the chain head is malformed");
  }
  std::copy(value.begin() + 8, value.end(), out.hash.begin());
  return absl::OkStatus();
}

// The maintained balances: one entry per balance, whatever the number of lines.
absl::Status FromBalances(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* family,
                          const rocksdb::ReadOptions& read, std::map<Key, Sums>& sums) {
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(read, family));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const std::vector<std::string> parts = absl::StrSplit(ToView(it->key()), '\0');
    BalanceValue value;
    if (parts.size() != 5 || !DecodeBalance(ToView(it->value()), &value)) {
      return absl::DataLossError("a running balance is malformed");
    }
    RETURN_IF_ERROR(Add(sums, {parts[0], parts[1], parts[2], parts[3], parts[4]}, value.functional,
                        value.amount));
  }
  return FromRocksDb(it->status(), "reading the balances");
}

// The journal up to `as_of`, line by line.
absl::Status FromJournal(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* family,
                         rocksdb::ReadOptions read, uint64_t as_of, std::map<Key, Sums>& sums,
                         ledger::BalanceSnapshot& out) {
  const std::string upper = EncodeKey64(as_of + 1);
  rocksdb::Slice upper_slice(upper);
  read.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(read, family));
  out.sequence = 0;
  out.hash = {};
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    uint64_t sequence = 0;
    if (!DecodeKey64(ToView(it->key()), &sequence)) {
      return absl::DataLossError("the journal holds a malformed key");
    }
    ASSIGN_OR_RETURN(const ledger::JournalEntry entry,
                     DecodeJournalValue(sequence, ToView(it->value())));
    for (const ledger::LedgerLine& line : entry.posting.lines) {
      const int sign = line.side == ledger::Side::kDebit ? 1 : -1;
      RETURN_IF_ERROR(Add(
          sums, {line.entity_id, line.period, line.account, line.counterparty_id, line.currency},
          sign * line.functional_amount.raw(), sign * line.amount.raw()));
    }
    out.sequence = sequence;
    out.hash = entry.hash;
  }
  return FromRocksDb(it->status(), "reading the journal");
}

}  // namespace

absl::StatusOr<ledger::BalanceSnapshot> LedgerStore::Balances(std::optional<uint64_t> as_of) const {
  ScopedSnapshot snapshot(database_->db());
  rocksdb::ReadOptions read;
  read.snapshot = snapshot.get();
  read.fill_cache = false;
  ledger::BalanceSnapshot out;
  RETURN_IF_ERROR(ReadHead(database_->db(), database_->family(Family::kDefault), read, out));
  std::map<Key, Sums> sums;
  if (!as_of.has_value() || *as_of == out.sequence) {
    RETURN_IF_ERROR(
        FromBalances(database_->db(), database_->family(Family::kBalances), read, sums));
  } else {
    if (*as_of > out.sequence) {
      return FieldError(absl::StatusCode::kInvalidArgument, "as_of_sequence", absl::StrCat(*as_of),
                        "BEYOND_HEAD", absl::StrCat("the ledger head is ", out.sequence));
    }
    RETURN_IF_ERROR(
        FromJournal(database_->db(), database_->family(Family::kJournal), read, *as_of, sums, out));
  }
  out.balances.reserve(sums.size());
  for (auto& [key, sum] : sums) {
    if (sum.functional.is_zero() && sum.amount.is_zero()) continue;
    out.balances.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), std::get<3>(key),
                            sum.functional, std::get<4>(key), sum.amount});
  }
  return out;
}

}  // namespace interco::storage
