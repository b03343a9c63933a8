// LedgerStore::Verify: recomputes the hash chain and the balances from the journal, and checks
// every record kept beside it (request_ids, invoices, reversals, the entry index) against the
// journal, on one snapshot.
//
// Every derived record an entry needs is looked up from the entry (so a missing or misdirected
// one names its entry), and each family is then counted: equal counts with every expected
// record present mean the family holds nothing the journal does not explain. Unreadable data
// (a checksum error) is an answer, not a failure of the call: the first unreadable sequence
// and the entries it affects.
#include <map>

#include "absl/container/flat_hash_set.h"
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
constexpr size_t kMaxAffectedListed = 1000;

// The entry-index keys an entry has: one per run of lines of one entity, as Append writes.
std::vector<std::string> IndexKeysOf(const ledger::JournalEntry& entry) {
  std::vector<std::string> keys;
  std::string last_entity;
  for (const ledger::LedgerLine& line : entry.posting.lines) {
    if (line.entity_id == last_entity) continue;
    keys.push_back(IndexKey(line.entity_id, line.period.ToString(), entry.sequence));
    last_entity = line.entity_id;
  }
  return keys;
}

class Verifier {
 public:
  Verifier(const Database* database, uint64_t head, std::function<absl::Status()> keep_going)
      : database_(database), head_(head), keep_going_(std::move(keep_going)) {
    read_.snapshot = snapshot_.get();
    read_.verify_checksums = true;
    // Scans read each block once: keep them out of the cache. Point lookups of the records
    // beside each entry hit the same blocks again and again: cache those.
    read_.fill_cache = false;
    lookup_ = read_;
    lookup_.fill_cache = true;
  }

  // The balances the store keeps in memory at head_, which the store serves as the head's:
  // they must equal the journal's too.
  void set_kept(std::vector<std::pair<std::string, BalanceValue>> kept) { kept_ = std::move(kept); }

  absl::StatusOr<ledger::Verification> Run() {
    if (ScanJournal()) {
      CountFamily(Family::kEntryIndex);
      if (result_.ok) CountFamily(Family::kIdempotency);
      if (result_.ok) CompareBalances();
      if (result_.ok && kept_.has_value()) CompareKept();
    }
    if (!interrupted_.ok()) return interrupted_;
    return result_;
  }

 private:
  // False (with interrupted_ set) once keep_going_ says stop; asks every 4,096 records.
  bool KeepGoing() {
    if (!interrupted_.ok()) return false;
    if (!keep_going_ || ++records_ % 4096 != 0) return true;
    interrupted_ = keep_going_();
    return interrupted_.ok();
  }

  // Records the first problem only; later ones follow from it or wait for the next run.
  bool Broken(uint64_t sequence, std::string problem) {
    if (!result_.ok) return false;
    result_.ok = false;
    result_.first_broken_sequence = sequence;
    result_.problem = std::move(problem);
    return false;
  }

  void Affect(uint64_t sequence) {
    ++result_.affected_count;
    if (result_.affected_sequences.size() < kMaxAffectedListed) {
      result_.affected_sequences.push_back(sequence);
    }
  }

  rocksdb::Status Lookup(Family family, absl::string_view key, std::string* value) {
    return database_->db()->Get(lookup_, database_->family(family),
                                rocksdb::Slice(key.data(), key.size()), value);
  }

  // After a journal read failed at `first`: which entries up to the head cannot be read.
  void FindUnreadable(uint64_t first, const rocksdb::Status& error) {
    Broken(first, absl::StrCat("the journal cannot be read from here: ", error.ToString()));
    for (uint64_t sequence = first; sequence <= std::max(first, head_) && KeepGoing(); ++sequence) {
      std::string value;
      const rocksdb::Status found = Lookup(Family::kJournal, EncodeKey64(sequence), &value);
      if (!found.ok() || !DecodeJournalValue(sequence, value).ok()) Affect(sequence);
    }
  }

  bool ScanJournal() {
    ledger::Hash previous{};
    std::unique_ptr<rocksdb::Iterator> it(
        database_->db()->NewIterator(read_, database_->family(Family::kJournal)));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      if (!KeepGoing()) return false;
      const uint64_t expected = result_.entries_checked + 1;
      uint64_t sequence = 0;
      if (!DecodeKey64(ToView(it->key()), &sequence) || sequence != expected) {
        return Broken(expected, "the sequence has a gap");
      }
      const absl::string_view value = ToView(it->value());
      absl::StatusOr<ledger::JournalEntry> entry = DecodeJournalValue(sequence, value);
      if (!entry.ok()) return Broken(sequence, "the entry does not decode");
      if (entry->previous_hash != previous) {
        return Broken(sequence, "the previous hash does not match the entry before");
      }
      const absl::string_view content = value.substr(0, value.size() - 2 * kHashBytes);
      if (ChainHash(sequence, previous, content) != entry->hash) {
        return Broken(sequence, "the hash does not match the entry's content");
      }
      if (std::string problem = ledger::Imbalance(entry->posting); !problem.empty()) {
        return Broken(sequence, problem);
      }
      for (const ledger::LedgerLine& line : entry->posting.lines) {
        BalanceValue& balance = balances_[BalanceKey(line)];
        const int sign = line.side == ledger::Side::kDebit ? 1 : -1;
        balance.amount += sign * line.amount.raw();
        balance.functional += sign * line.functional_amount.raw();
      }
      previous = entry->hash;
      ++result_.entries_checked;
      // A derived record that is wrong does not stop the scan: the entries it affects are
      // listed, and the chain is still checked to the end.
      CheckDerived(*entry);
    }
    if (!it->status().ok()) {
      FindUnreadable(result_.entries_checked + 1, it->status());
      return false;
    }
    if (head_ != result_.entries_checked) {
      return Broken(result_.entries_checked + 1,
                    absl::StrCat("the chain head says ", head_, " but the journal holds ",
                                 result_.entries_checked, " entries"));
    }
    return result_.ok;
  }

  // The records `entry` needs exist and point at it; if not, the entry is affected.
  void CheckDerived(const ledger::JournalEntry& entry) {
    if (std::string problem = DerivedProblem(entry); !problem.empty()) {
      Affect(entry.sequence);
      Broken(entry.sequence, std::move(problem));
    }
  }
  // Empty when the request, invoice, reversal and index records of `entry` are right.
  std::string DerivedProblem(const ledger::JournalEntry& entry);
  void CountFamily(Family family);
  void CompareBalances();
  void CompareKept();
  std::optional<std::vector<std::pair<std::string, BalanceValue>>> kept_;

  const Database* const database_;
  const uint64_t head_;
  const std::function<absl::Status()> keep_going_;
  absl::Status interrupted_;
  uint64_t records_ = 0;
  ScopedSnapshot snapshot_{database_->db()};
  rocksdb::ReadOptions read_;
  rocksdb::ReadOptions lookup_;
  ledger::Verification result_;
  std::map<std::string, BalanceValue> balances_;
  // How many records the journal says each derived family must hold.
  uint64_t expected_requests_ = 0;  // Request, invoice and reversal records.
  uint64_t expected_index_ = 0;
};

std::string Verifier::DerivedProblem(const ledger::JournalEntry& entry) {
  std::string value;
  rocksdb::Status found = Lookup(Family::kIdempotency, entry.request_id, &value);
  RequestRecord record;
  if (!found.ok() || !DecodeRequest(value, &record)) {
    return absl::StrCat("the record of request ", entry.request_id, " cannot be read (",
                        found.ok() ? "malformed" : found.ToString(), ")");
  }
  if (record.sequence != entry.sequence) {
    return absl::StrCat("request ", entry.request_id,
                        " is in the journal more than once, or its record points at entry ",
                        record.sequence);
  }
  ++expected_requests_;
  if (!record.business_key.empty()) {
    RequestRecord invoice;
    found = Lookup(Family::kIdempotency, BusinessKeyKey(record.business_key), &value);
    if (!found.ok() || !DecodeRequest(value, &invoice) || invoice.sequence != entry.sequence) {
      return absl::StrCat("invoice ", record.business_key, " is not recorded for this entry (",
                          found.ok() ? "its record points elsewhere" : found.ToString(), ")");
    }
    ++expected_requests_;
  }
  if (entry.posting.reverses.has_value()) {
    found = Lookup(Family::kIdempotency, ReversalKey(*entry.posting.reverses), &value);
    uint64_t reversal = 0;
    if (!found.ok() || !DecodeKey64(value, &reversal) || reversal != entry.sequence) {
      return "the reversal record does not point at this entry";
    }
    ++expected_requests_;
  }
  for (const std::string& key : IndexKeysOf(entry)) {
    found = Lookup(Family::kEntryIndex, key, &value);
    if (!found.ok())
      return absl::StrCat("the entry index lacks this entry (", found.ToString(), ")");
    ++expected_index_;
  }
  return "";
}

void Verifier::CountFamily(Family family) {
  const bool index = family == Family::kEntryIndex;
  const char* name = index ? "entry index" : "idempotency records";
  std::unique_ptr<rocksdb::Iterator> it(
      database_->db()->NewIterator(read_, database_->family(family)));
  uint64_t count = 0;
  for (it->SeekToFirst(); it->Valid() && KeepGoing(); it->Next()) ++count;
  if (!interrupted_.ok()) return;
  if (!it->status().ok()) {
    Broken(0, absl::StrCat("the ", name, " cannot be read: ", it->status().ToString()));
    return;
  }
  const uint64_t expected = index ? expected_index_ : expected_requests_;
  if (count != expected) {
    Broken(0, absl::StrCat("the ", name, " hold ", count, " records where the journal explains ",
                           expected));
  }
}

void Verifier::CompareBalances() {
  std::unique_ptr<rocksdb::Iterator> stored(
      database_->db()->NewIterator(read_, database_->family(Family::kBalances)));
  size_t seen = 0;
  for (stored->SeekToFirst(); stored->Valid(); stored->Next(), ++seen) {
    if (!KeepGoing()) return;
    BalanceValue value;
    const auto expected = balances_.find(std::string(ToView(stored->key())));
    if (!DecodeBalance(ToView(stored->value()), &value) || expected == balances_.end() ||
        expected->second.amount != value.amount ||
        expected->second.functional != value.functional) {
      Broken(0, "a stored running balance differs from the journal's lines");
      return;
    }
  }
  if (!stored->status().ok()) {
    Broken(0, absl::StrCat("the balances cannot be read: ", stored->status().ToString()));
  } else if (seen != balances_.size()) {
    Broken(0, "a running balance is missing");
  }
}

void Verifier::CompareKept() {
  size_t nonzero = 0;
  for (const auto& [key, value] : balances_) nonzero += value.amount != 0 || value.functional != 0;
  if (kept_->size() != nonzero) {
    Broken(0, absl::StrCat("the server keeps ", kept_->size(),
                           " running balances in memory where "
                           "the journal has ",
                           nonzero));
    return;
  }
  for (const auto& [key, value] : *kept_) {
    const auto expected = balances_.find(key);
    if (expected == balances_.end() || expected->second.amount != value.amount ||
        expected->second.functional != value.functional) {
      Broken(0, "a running balance kept in memory differs from the journal's lines");
      return;
    }
  }
}

}  // namespace

absl::StatusOr<ledger::Verification> LedgerStore::Verify(
    const std::function<absl::Status()>& keep_going) const {
  std::optional<Verifier> verifier;
  {
    // The verifier's database snapshot and the kept balances, at one head.
    absl::MutexLock appending(&append_mu_);
    verifier.emplace(database_, head().sequence, keep_going);
    if (balances_complete_ && balances_.size() <= kMaxBalancesServedFromMemory) {
      verifier->set_kept({balances_.begin(), balances_.end()});
    }
  }
  return verifier->Run();
}

}  // namespace interco::storage
