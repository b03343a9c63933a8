// LedgerStore::Verify: recomputes the hash chain and the balances from the journal.
#include <map>

#include "absl/strings/str_cat.h"
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

constexpr size_t kHashBytes = 32;

// Empty when every entity's debits equal its credits, in each currency and functionally.
std::string Imbalance(const ledger::Posting& posting) {
  std::map<std::string, BalanceValue> sums;
  for (const ledger::LedgerLine& line : posting.lines) {
    BalanceValue& sum = sums[absl::StrCat(line.entity_id, " ", line.currency)];
    const int sign = line.side == ledger::Side::kDebit ? 1 : -1;
    sum.amount += sign * line.amount.raw();
    sum.functional += sign * line.functional_amount.raw();
  }
  for (const auto& [key, sum] : sums) {
    if (sum.amount != 0 || sum.functional != 0) return "lines of " + key + " do not balance";
  }
  return "";
}

}  // namespace

absl::StatusOr<ledger::Verification> LedgerStore::Verify() const {
  ScopedSnapshot snapshot(database_->db());
  rocksdb::ReadOptions read;
  read.snapshot = snapshot.get();
  read.verify_checksums = true;
  read.fill_cache = false;
  ledger::Verification result;
  auto broken = [&result](uint64_t sequence, std::string problem) {
    result.ok = false;
    result.first_broken_sequence = sequence;
    result.problem = std::move(problem);
    return result;
  };
  std::map<std::string, BalanceValue> balances;
  ledger::Hash previous{};
  std::unique_ptr<rocksdb::Iterator> it(
      database_->db()->NewIterator(read, database_->family(Family::kJournal)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const uint64_t expected = result.entries_checked + 1;
    uint64_t sequence = 0;
    if (!DecodeKey64(ToView(it->key()), &sequence) || sequence != expected) {
      return broken(expected, "the sequence has a gap");
    }
    const absl::string_view value = ToView(it->value());
    absl::StatusOr<ledger::JournalEntry> entry = DecodeJournalValue(sequence, value);
    if (!entry.ok()) return broken(sequence, "the entry does not decode");
    if (entry->previous_hash != previous) {
      return broken(sequence, "the previous hash does not match the entry before");
    }
    const absl::string_view content = value.substr(0, value.size() - 2 * kHashBytes);
    if (ChainHash(sequence, previous, content) != entry->hash) {
      return broken(sequence, "the hash does not match the entry's content");
    }
    if (std::string problem = Imbalance(entry->posting); !problem.empty()) {
      return broken(sequence, problem);
    }
    for (const ledger::LedgerLine& line : entry->posting.lines) {
      BalanceValue& balance = balances[BalanceKey(line)];
      const int sign = line.side == ledger::Side::kDebit ? 1 : -1;
      balance.amount += sign * line.amount.raw();
      balance.functional += sign * line.functional_amount.raw();
    }
    previous = entry->hash;
    ++result.entries_checked;
  }
  RETURN_IF_ERROR(FromRocksDb(it->status(), "reading the journal"));
  const Head head = this->head();
  if (head.sequence >= result.entries_checked && head.sequence != result.entries_checked) {
    return broken(result.entries_checked + 1, "entries before the chain head are missing");
  }
  std::unique_ptr<rocksdb::Iterator> stored(
      database_->db()->NewIterator(read, database_->family(Family::kBalances)));
  size_t seen = 0;
  for (stored->SeekToFirst(); stored->Valid(); stored->Next(), ++seen) {
    BalanceValue value;
    const auto expected = balances.find(std::string(ToView(stored->key())));
    if (!DecodeBalance(ToView(stored->value()), &value) || expected == balances.end() ||
        expected->second.amount != value.amount ||
        expected->second.functional != value.functional) {
      return broken(0, "a stored running balance differs from the journal's lines");
    }
  }
  RETURN_IF_ERROR(FromRocksDb(stored->status(), "reading the balances"));
  if (seen != balances.size()) return broken(0, "a running balance is missing");
  return result;
}

}  // namespace interco::storage
