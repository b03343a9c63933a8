// LedgerStore::Balances: running balances at the head or as of a sequence, on one snapshot.
#include <algorithm>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/common/field_error.h"
#include "services/common/status_macros.h"
#include "storage/balance_merge.h"
#include "storage/codec.h"
#include "storage/journal_codec.h"
#include "storage/ledger_keys.h"
#include "storage/ledger_store.h"
#include "storage/rocksdb_status.h"
#include "storage/scoped_snapshot.h"

namespace interco::storage {
namespace {

struct Sums {
  Decimal functional;
  Decimal amount;
};

// Balance keys join (entity, period, account, counterparty, currency) with 0 bytes, as the
// balances family does; the journal scan aggregates under the same key.
using SumsByKey = absl::flat_hash_map<std::string, Sums>;

absl::Status Add(Sums& sum, absl::int128 functional, absl::int128 amount) {
  const std::optional<Decimal> f = Decimal::Add(sum.functional, Decimal::FromRaw(functional));
  const std::optional<Decimal> a = Decimal::Add(sum.amount, Decimal::FromRaw(amount));
  if (!f.has_value() || !a.has_value()) return absl::InternalError("a running balance overflowed");
  sum = {*f, *a};
  return absl::OkStatus();
}

// Appends the balance under `key` unless it is zero. DATA_LOSS for a malformed key.
absl::Status Emit(absl::string_view key, const Sums& sum, ledger::BalanceSnapshot& out) {
  if (sum.functional.is_zero() && sum.amount.is_zero()) return absl::OkStatus();
  const std::vector<absl::string_view> parts = absl::StrSplit(key, '\0');
  if (parts.size() != 5) return absl::DataLossError("a running balance key is malformed");
  const absl::StatusOr<ledger::Period> period = ledger::Period::Parse("period", parts[1]);
  if (!period.ok()) return absl::DataLossError("a running balance key has a malformed period");
  out.balances.push_back({std::string(parts[0]), *period, std::string(parts[2]),
                          std::string(parts[3]), sum.functional, std::string(parts[4]),
                          sum.amount});
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

// The maintained balances: one entry per balance, whatever the number of lines, already
// sorted by key.
absl::Status FromBalances(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* family,
                          const rocksdb::ReadOptions& read, ledger::BalanceSnapshot& out) {
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(read, family));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    BalanceValue value;
    if (!DecodeBalance(ToView(it->value()), &value)) {
      return absl::DataLossError("a running balance is malformed");
    }
    RETURN_IF_ERROR(Emit(ToView(it->key()),
                         {Decimal::FromRaw(value.functional), Decimal::FromRaw(value.amount)},
                         out));
  }
  return FromRocksDb(it->status(), "reading the balances");
}

// The journal up to `as_of`, line by line.
absl::Status FromJournal(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* family,
                         rocksdb::ReadOptions read, uint64_t as_of, ledger::BalanceSnapshot& out) {
  const std::string upper = EncodeKey64(as_of + 1);
  rocksdb::Slice upper_slice(upper);
  read.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(read, family));
  out.sequence = 0;
  out.hash = {};
  SumsByKey sums;
  std::string key;
  std::vector<BalanceLineView> lines;
  const absl::string_view sep(&kKeySeparator, 1);
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    uint64_t sequence = 0;
    if (!DecodeKey64(ToView(it->key()), &sequence)) {
      return absl::DataLossError("the journal holds a malformed key");
    }
    // Only what a balance needs, viewing the value's bytes: no entry is built.
    RETURN_IF_ERROR(DecodeBalanceLines(ToView(it->value()), &lines, &out.hash));
    for (const BalanceLineView& line : lines) {
      key.clear();
      absl::StrAppend(&key, line.entity_id, sep, line.period, sep, line.account, sep,
                      line.counterparty_id, sep, line.currency);
      RETURN_IF_ERROR(line.debit ? Add(sums[key], line.functional, line.amount)
                                 : Add(sums[key], -line.functional, -line.amount));
    }
    out.sequence = sequence;
  }
  RETURN_IF_ERROR(FromRocksDb(it->status(), "reading the journal"));
  std::vector<const SumsByKey::value_type*> sorted;
  sorted.reserve(sums.size());
  for (const auto& entry : sums) sorted.push_back(&entry);
  std::sort(sorted.begin(), sorted.end(),
            [](const auto* a, const auto* b) { return a->first < b->first; });
  for (const auto* entry : sorted) RETURN_IF_ERROR(Emit(entry->first, entry->second, out));
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::optional<ledger::BalanceSnapshot>> LedgerStore::KeptSnapshot() const {
  std::vector<std::pair<std::string, BalanceValue>> kept;
  ledger::BalanceSnapshot out;
  {
    // The writer holds append_mu_ from reading the head to publishing the next one, so
    // the values and the head copied here belong together.
    absl::MutexLock appending(&append_mu_);
    // The copy holds up the writer (about 3 ms for 40,000 balances): past
    // kMaxBalancesServedFromMemory the database's own snapshot serves instead.
    if (!balances_complete_ || balances_.size() > kMaxBalancesServedFromMemory) {
      return std::nullopt;
    }
    kept.reserve(balances_.size());
    for (const auto& entry : balances_) {
      if (entry.second.amount != 0 || entry.second.functional != 0) kept.push_back(entry);
    }
    const Head last = head();
    out.sequence = last.sequence;
    out.hash = last.hash;
  }
  std::sort(kept.begin(), kept.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  out.balances.reserve(kept.size());
  for (const auto& [key, value] : kept) {
    RETURN_IF_ERROR(
        Emit(key, {Decimal::FromRaw(value.functional), Decimal::FromRaw(value.amount)}, out));
  }
  return out;
}

absl::StatusOr<ledger::BalanceSnapshot> LedgerStore::Balances(std::optional<uint64_t> as_of) const {
  if (!as_of.has_value()) {
    ASSIGN_OR_RETURN(std::optional<ledger::BalanceSnapshot> kept, KeptSnapshot());
    if (kept.has_value()) return *std::move(kept);
  }
  ScopedSnapshot snapshot(database_->db());
  rocksdb::ReadOptions read;
  read.snapshot = snapshot.get();
  read.fill_cache = false;
  ledger::BalanceSnapshot out;
  RETURN_IF_ERROR(ReadHead(database_->db(), database_->family(Family::kDefault), read, out));
  if (!as_of.has_value() || *as_of == out.sequence) {
    RETURN_IF_ERROR(FromBalances(database_->db(), database_->family(Family::kBalances), read, out));
  } else {
    if (*as_of > out.sequence) {
      return FieldError(absl::StatusCode::kInvalidArgument, "as_of_sequence", absl::StrCat(*as_of),
                        "BEYOND_HEAD", absl::StrCat("the ledger head is ", out.sequence));
    }
    RETURN_IF_ERROR(
        FromJournal(database_->db(), database_->family(Family::kJournal), read, *as_of, out));
  }
  return out;
}

}  // namespace interco::storage
