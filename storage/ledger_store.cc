#include "storage/ledger_store.h"

#include <map>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "rocksdb/write_batch.h"
#include "services/common/field_error.h"
#include "services/common/status_macros.h"
#include "services/ledger/period.h"
#include "storage/balance_merge.h"
#include "storage/codec.h"
#include "storage/journal_codec.h"
#include "storage/ledger_keys.h"
#include "storage/rocksdb_status.h"

namespace interco::storage {
namespace {

constexpr char kHeadKey[] = "chain_head";

BalanceValue SignedBalance(const ledger::LedgerLine& line) {
  const bool debit = line.side == ledger::Side::kDebit;
  return {debit ? line.amount.raw() : -line.amount.raw(),
          debit ? line.functional_amount.raw() : -line.functional_amount.raw()};
}

std::string EncodeHead(const LedgerStore::Head& head) {
  std::string value = EncodeKey64(head.sequence);
  value.append(reinterpret_cast<const char*>(head.hash.data()), head.hash.size());
  return value;
}

bool DecodeHead(absl::string_view value, LedgerStore::Head* head) {
  if (value.size() != 8 + head->hash.size()) return false;
  if (!DecodeKey64(value.substr(0, 8), &head->sequence)) return false;
  for (size_t i = 0; i < head->hash.size(); ++i) head->hash[i] = static_cast<uint8_t>(value[8 + i]);
  return true;
}

// The invariants of what a batch appends, asserted before writing (a violation is a bug of
// the caller, which builds, resolves repeats and admits periods): every posting has lines
// that balance per entity and currency, in both amounts; each request_id and business key
// at most once; every line in a period of the calendar. Logged loudly by the caller.
absl::Status CheckAppendable(const std::vector<ledger::PendingPosting>& postings) {
  absl::flat_hash_set<absl::string_view> ids, keys;
  for (const ledger::PendingPosting& pending : postings) {
    if (pending.posting.lines.empty()) {
      return absl::InternalError(absl::StrCat("refusing to append request ", pending.request_id,
                                              " without lines; nothing was written"));
    }
    if (std::string problem = ledger::Imbalance(pending.posting); !problem.empty()) {
      return absl::InternalError(absl::StrCat("refusing to append request ", pending.request_id,
                                              ": ", problem, "; nothing was written"));
    }
    // A line's period is its date's month, or a later one a rolling close moved it to.
    const std::optional<ledger::Period> dated = ledger::Period::Of(pending.posting.date);
    for (const ledger::LedgerLine& line : pending.posting.lines) {
      if (!dated.has_value() || line.period < *dated) {
        return absl::InternalError(
            absl::StrCat("refusing to append request ", pending.request_id,
                         " with a line in period ", line.period.ToString(), " before its date ",
                         absl::FormatCivilTime(pending.posting.date), "; nothing was written"));
      }
    }
    if (!ids.insert(pending.request_id).second ||
        (!pending.business_key.empty() && !keys.insert(pending.business_key).second)) {
      return absl::InternalError(absl::StrCat("refusing to append request ", pending.request_id,
                                              " twice in one write; nothing was written"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<LedgerStore>> LedgerStore::Open(Database* database) {
  std::unique_ptr<LedgerStore> store(new LedgerStore(database));
  std::string value;
  const rocksdb::Status found =
      database->db()->Get({}, database->family(Family::kDefault), kHeadKey, &value);
  Head head;
  if (!found.IsNotFound()) {
    RETURN_IF_ERROR(FromRocksDb(found, "reading the chain head"));
    if (!DecodeHead(value, &head)) return absl::DataLossError("the chain head is malformed");
  }
  // The head is written in the same batch as the entries, so the journal's last key must be
  // the head's sequence.
  std::unique_ptr<rocksdb::Iterator> it(
      database->db()->NewIterator({}, database->family(Family::kJournal)));
  it->SeekToLast();
  uint64_t last = 0;
  if (it->Valid() && !DecodeKey64(ToView(it->key()), &last)) {
    return absl::DataLossError("the journal holds a malformed key");
  }
  RETURN_IF_ERROR(FromRocksDb(it->status(), "reading the journal"));
  if (last != head.sequence) {
    return absl::DataLossError(
        absl::StrCat("the chain head says ", head.sequence, " but the journal ends at ", last));
  }
  {
    absl::MutexLock lock(&store->mu_);
    store->head_ = head;
  }
  RETURN_IF_ERROR(store->LoadBalances());
  return store;
}

absl::Status LedgerStore::LoadBalances() {
  absl::flat_hash_map<std::string, BalanceValue> loaded;
  std::unique_ptr<rocksdb::Iterator> it(
      database_->db()->NewIterator({}, database_->family(Family::kBalances)));
  for (it->SeekToFirst(); it->Valid() && loaded.size() <= kMaxKeptBalances; it->Next()) {
    BalanceValue value;
    if (!DecodeBalance(ToView(it->value()), &value)) {
      return absl::DataLossError("a running balance is malformed");
    }
    if (value.amount == 0 && value.functional == 0) continue;
    loaded.emplace(std::string(ToView(it->key())), value);
  }
  RETURN_IF_ERROR(FromRocksDb(it->status(), "reading the balances"));
  absl::MutexLock lock(&append_mu_);
  balances_complete_ = loaded.size() <= kMaxKeptBalances;
  if (balances_complete_) balances_ = std::move(loaded);
  return absl::OkStatus();
}

LedgerStore::Head LedgerStore::head() const {
  absl::MutexLock lock(&mu_);
  return head_;
}

ledger::ChainHead LedgerStore::CurrentHead() const {
  const Head last = head();
  return {last.sequence, last.hash};
}

ledger::JournalEntry LedgerStore::AddEntry(ledger::PendingPosting& pending, Head& head,
                                           rocksdb::WriteBatch& batch,
                                           absl::flat_hash_map<std::string, BalanceValue>& deltas) {
  std::string balance_key;
  ledger::JournalEntry entry;
  entry.sequence = ++head.sequence;
  entry.request_id = std::move(pending.request_id);
  entry.posting = std::move(pending.posting);
  entry.previous_hash = head.hash;
  std::string value = EncodeJournalContent(entry.request_id, entry.posting);
  entry.hash = ChainHash(entry.sequence, entry.previous_hash, value);
  value.append(reinterpret_cast<const char*>(entry.previous_hash.data()),
               entry.previous_hash.size());
  value.append(reinterpret_cast<const char*>(entry.hash.data()), entry.hash.size());
  head.hash = entry.hash;
  const std::string key = EncodeKey64(entry.sequence);
  batch.Put(database_->family(Family::kJournal), key, value);
  const RequestRecord record{entry.sequence, pending.fingerprint, pending.business_key};
  batch.Put(database_->family(Family::kIdempotency), entry.request_id, EncodeRequest(record));
  if (!pending.business_key.empty()) {
    batch.Put(database_->family(Family::kIdempotency), BusinessKeyKey(pending.business_key),
              EncodeRequest({entry.sequence, pending.fingerprint, ""}));
  }
  if (entry.posting.reverses.has_value()) {
    batch.Put(database_->family(Family::kIdempotency), ReversalKey(*entry.posting.reverses), key);
  }
  std::string last_entity;
  for (const ledger::LedgerLine& line : entry.posting.lines) {
    BalanceKeyInto(line, &balance_key);
    const BalanceValue signed_line = SignedBalance(line);
    BalanceValue& delta = deltas[balance_key];
    delta.amount += signed_line.amount;
    delta.functional += signed_line.functional;
    if (line.entity_id != last_entity) {
      batch.Put(database_->family(Family::kEntryIndex),
                IndexKey(line.entity_id, line.period.ToString(), entry.sequence), "");
      last_entity = line.entity_id;
    }
  }
  return entry;
}

absl::StatusOr<std::vector<ledger::JournalEntry>> LedgerStore::Append(
    std::vector<ledger::PendingPosting> postings) {
  RETURN_IF_ERROR(CheckAppendable(postings));
  absl::MutexLock appending(&append_mu_);
  Head head = this->head();
  // About 1.2 KB per posting of 4 lines: reserving it spares the batch's regrowth copies.
  rocksdb::WriteBatch batch(postings.size() * 1280);
  std::vector<ledger::JournalEntry> entries;
  entries.reserve(postings.size());
  // One whole value per balance per write, not an operand per line: a write of 1,000
  // postings between the same few accounts adds a handful of memtable entries, and readers
  // never fold operands (a consolidation right after a bulk load reads one value each).
  absl::flat_hash_map<std::string, BalanceValue> deltas;
  for (ledger::PendingPosting& pending : postings) {
    entries.push_back(AddEntry(pending, head, batch, deltas));
  }
  using WholeValues = std::vector<std::pair<std::string, BalanceValue>>;
  ASSIGN_OR_RETURN(WholeValues balances, NewBalances(deltas));
  for (const auto& [key, value] : balances) {
    batch.Put(database_->family(Family::kBalances), key, EncodeBalance(value));
  }
  batch.Put(database_->family(Family::kDefault), kHeadKey, EncodeHead(head));
  rocksdb::WriteOptions write;
  write.sync = true;  // Acknowledged postings survive a crash: the WAL is on disk.
  RETURN_IF_ERROR(database_->Commit(&batch, write, "appending to the journal"));
  KeepBalances(std::move(balances));  // Only once written: a failed write changes nothing.
  absl::MutexLock lock(&mu_);
  head_ = head;
  return entries;
}

namespace {

// total += delta, in Decimal's range (the range every reader of a balance decodes into);
// OUT_OF_RANGE naming the balance otherwise, before anything is written: a running balance
// that wrapped would be a wrong figure every later read serves.
absl::Status AddToBalance(BalanceValue& total, const BalanceValue& delta, absl::string_view key) {
  const std::optional<Decimal> amount =
      Decimal::Add(Decimal::FromRaw(total.amount), Decimal::FromRaw(delta.amount));
  const std::optional<Decimal> functional =
      Decimal::Add(Decimal::FromRaw(total.functional), Decimal::FromRaw(delta.functional));
  if (!amount.has_value() || !functional.has_value()) {
    return absl::OutOfRangeError(absl::StrCat(
        "the running balance ", absl::StrJoin(absl::StrSplit(key, '\0'), " "),
        " would exceed the exact range (+/-170141183460469231731 units); nothing was written"));
  }
  total = {amount->raw(), functional->raw()};
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<std::pair<std::string, BalanceValue>>> LedgerStore::NewBalances(
    const absl::flat_hash_map<std::string, BalanceValue>& deltas) {
  std::vector<std::pair<std::string, BalanceValue>> out;
  out.reserve(deltas.size());
  std::vector<rocksdb::Slice> missing;
  std::vector<size_t> missing_at;
  for (const auto& [key, delta] : deltas) {
    const auto kept = balances_.find(key);
    BalanceValue value = kept == balances_.end() ? BalanceValue{} : kept->second;
    RETURN_IF_ERROR(AddToBalance(value, delta, key));
    if (kept == balances_.end() && !balances_complete_) {
      missing.emplace_back(key);
      missing_at.push_back(out.size());
    }
    out.emplace_back(key, value);
  }
  if (missing.empty()) return out;
  // One MultiGet for the balances not kept yet (after a start, or after forgetting).
  std::vector<std::string> values;
  const std::vector<rocksdb::ColumnFamilyHandle*> families(missing.size(),
                                                           database_->family(Family::kBalances));
  const std::vector<rocksdb::Status> found =
      database_->db()->MultiGet({}, families, missing, &values);
  for (size_t i = 0; i < missing.size(); ++i) {
    if (found[i].IsNotFound()) continue;
    RETURN_IF_ERROR(FromRocksDb(found[i], "reading a running balance"));
    BalanceValue stored;
    if (!DecodeBalance(values[i], &stored)) {
      return absl::DataLossError("a running balance is malformed; nothing was written");
    }
    auto& [key, value] = out[missing_at[i]];
    RETURN_IF_ERROR(AddToBalance(value, stored, key));
  }
  return out;
}

void LedgerStore::DivergeKeptBalanceForTesting() {
  absl::MutexLock appending(&append_mu_);
  if (!balances_.empty()) balances_.begin()->second.amount += 1;
}

void LedgerStore::KeepBalances(std::vector<std::pair<std::string, BalanceValue>> updated) {
  for (auto& [key, value] : updated) {
    // A zero balance is not kept: while all are kept a missing one is zero, otherwise it is
    // read again (and found zero) at its next change.
    if (value.amount == 0 && value.functional == 0) {
      balances_.erase(key);
    } else {
      balances_[std::move(key)] = value;
    }
  }
  if (balances_.size() > kMaxKeptBalances) {
    balances_.clear();
    balances_complete_ = false;
  }
}

absl::StatusOr<std::optional<ledger::StoredRequest>> LedgerStore::DecodeRecord(
    const rocksdb::Status& found, absl::string_view value, absl::string_view what) {
  if (found.IsNotFound()) return std::nullopt;
  RETURN_IF_ERROR(FromRocksDb(found, absl::StrCat("reading the record of ", what)));
  RequestRecord record;
  if (!DecodeRequest(value, &record)) {
    return absl::DataLossError(absl::StrCat("the record of ", what, " is malformed"));
  }
  return ledger::StoredRequest{record.sequence, std::move(record.fingerprint)};
}

absl::StatusOr<std::optional<ledger::StoredRequest>> LedgerStore::FindRecord(
    absl::string_view key, absl::string_view what) const {
  std::string value;
  const rocksdb::Status found = database_->db()->Get(
      {}, database_->family(Family::kIdempotency), rocksdb::Slice(key.data(), key.size()), &value);
  return DecodeRecord(found, value, what);
}

std::vector<absl::StatusOr<std::optional<ledger::StoredRequest>>> LedgerStore::FindRecords(
    absl::Span<const ledger::RecordKey> keys) const {
  // A business key's record is under its own prefix; request_ids are keys as they are.
  std::vector<std::string> prefixed;
  prefixed.reserve(keys.size());
  std::vector<rocksdb::Slice> slices;
  slices.reserve(keys.size());
  for (const ledger::RecordKey& key : keys) {
    if (key.kind == ledger::RecordKey::Kind::kRequestId) {
      slices.emplace_back(key.value.data(), key.value.size());
    } else {
      prefixed.push_back(BusinessKeyKey(key.value));
      slices.emplace_back(prefixed.back());  // Reserved: the strings do not move.
    }
  }
  std::vector<rocksdb::PinnableSlice> values(keys.size());
  std::vector<rocksdb::Status> statuses(keys.size());
  // The batched MultiGet (one snapshot, memtable and bloom checks per batch), not the
  // vector form, which looks each key up on its own.
  database_->db()->MultiGet({}, database_->family(Family::kIdempotency), keys.size(), slices.data(),
                            values.data(), statuses.data());
  std::vector<absl::StatusOr<std::optional<ledger::StoredRequest>>> found;
  found.reserve(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    if (statuses[i].IsNotFound()) {  // A new posting: the usual answer, and the cheapest.
      found.push_back(std::nullopt);
      continue;
    }
    const bool by_id = keys[i].kind == ledger::RecordKey::Kind::kRequestId;
    found.push_back(DecodeRecord(statuses[i], ToView(values[i]),
                                 absl::StrCat(by_id ? "request " : "invoice ", keys[i].value)));
  }
  return found;
}

absl::StatusOr<std::optional<ledger::StoredRequest>> LedgerStore::FindRequest(
    absl::string_view request_id) const {
  return FindRecord(request_id, absl::StrCat("request ", request_id));
}

absl::StatusOr<std::optional<ledger::StoredRequest>> LedgerStore::FindBusinessKey(
    absl::string_view business_key) const {
  return FindRecord(BusinessKeyKey(business_key), absl::StrCat("invoice ", business_key));
}

absl::StatusOr<std::optional<uint64_t>> LedgerStore::FindReversal(uint64_t original) const {
  std::string value;
  const rocksdb::Status found = database_->db()->Get({}, database_->family(Family::kIdempotency),
                                                     ReversalKey(original), &value);
  if (found.IsNotFound()) return std::nullopt;
  RETURN_IF_ERROR(FromRocksDb(found, "reading a reversal record"));
  uint64_t reversal = 0;
  if (!DecodeKey64(value, &reversal)) return absl::DataLossError("malformed reversal record");
  return reversal;
}

absl::StatusOr<ledger::JournalEntry> LedgerStore::Get(uint64_t sequence) const {
  std::string value;
  const rocksdb::Status found =
      database_->db()->Get({}, database_->family(Family::kJournal), EncodeKey64(sequence), &value);
  if (found.IsNotFound()) {
    return FieldError(absl::StatusCode::kNotFound, "sequence", absl::StrCat(sequence),
                      "UNKNOWN_SEQUENCE", "no journal entry has this sequence");
  }
  RETURN_IF_ERROR(FromRocksDb(found, "reading the journal"));
  // Served only if it still matches its hash: a damaged entry is DATA_LOSS, never a reply.
  ASSIGN_OR_RETURN(ledger::JournalEntry entry, DecodeJournalValue(sequence, value));
  constexpr size_t kHashBytes = 32;
  if (ChainHash(sequence, entry.previous_hash,
                absl::string_view(value).substr(0, value.size() - 2 * kHashBytes)) != entry.hash) {
    return absl::DataLossError(
        absl::StrCat("journal entry ", sequence, " does not match its hash; run VerifyLedger"));
  }
  return entry;
}

absl::StatusOr<std::vector<ledger::JournalEntry>> LedgerStore::List(
    absl::string_view entity_id, std::optional<ledger::Period> period,
    const std::function<bool(const ledger::JournalEntry&)>& keep, absl::string_view after,
    size_t limit, std::string* next) const {
  const std::string sep(1, kKeySeparator);
  const std::string prefix = period.has_value()
                                 ? absl::StrCat(entity_id, sep, period->ToString(), sep)
                                 : absl::StrCat(entity_id, sep);
  rocksdb::ReadOptions read;
  const std::string upper = prefix + std::string(1, '\xff');
  rocksdb::Slice upper_slice(upper);
  read.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(
      database_->db()->NewIterator(read, database_->family(Family::kEntryIndex)));
  const std::string start = after.empty() ? prefix : absl::StrCat(entity_id, sep, after);
  it->Seek(start);
  if (!after.empty() && it->Valid() && ToView(it->key()) == start) it->Next();
  std::vector<ledger::JournalEntry> entries;
  next->clear();
  size_t examined = 0;
  for (; it->Valid() && entries.size() < limit; it->Next()) {
    const absl::string_view key = ToView(it->key());
    uint64_t sequence = 0;
    if (key.size() < 8 || !DecodeKey64(key.substr(key.size() - 8), &sequence)) {
      return absl::DataLossError("the entry index holds a malformed key");
    }
    ASSIGN_OR_RETURN(ledger::JournalEntry entry, Get(sequence));
    const std::string position(key.substr(entity_id.size() + 1));
    if (!keep || keep(entry)) entries.push_back(std::move(entry));
    if (entries.size() == limit || ++examined == ledger::Journal::kMaxListExamined) {
      *next = position;  // More may follow; the caller continues from here.
      break;
    }
  }
  RETURN_IF_ERROR(FromRocksDb(it->status(), "reading the entry index"));
  return entries;
}

absl::StatusOr<bool> LedgerStore::HasEntriesFrom(absl::string_view entity_id,
                                                 std::optional<ledger::Period> period) const {
  // Index keys are (entity, period, sequence), so the entity's first key at or after
  // (entity, period) answers.
  const std::string sep(1, kKeySeparator);
  const std::string upper = absl::StrCat(entity_id, sep, std::string(1, '\xff'));
  rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions read;
  read.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(
      database_->db()->NewIterator(read, database_->family(Family::kEntryIndex)));
  it->Seek(absl::StrCat(entity_id, sep, period.has_value() ? period->ToString() : ""));
  const bool found = it->Valid();
  RETURN_IF_ERROR(FromRocksDb(it->status(), "reading the entry index"));
  return found;
}

absl::Status LedgerStore::CompactBalances() {
  rocksdb::CompactRangeOptions options;
  options.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  return FromRocksDb(database_->db()->CompactRange(options, database_->family(Family::kBalances),
                                                   nullptr, nullptr),
                     "compacting the balances");
}

absl::Status LedgerStore::CorruptForTesting(uint64_t sequence, size_t offset) {
  std::string value;
  const std::string key = EncodeKey64(sequence);
  RETURN_IF_ERROR(FromRocksDb(
      database_->db()->Get({}, database_->family(Family::kJournal), key, &value), "test read"));
  if (offset >= value.size()) return absl::OutOfRangeError("offset beyond the value");
  value[offset] = static_cast<char>(~value[offset]);
  rocksdb::WriteOptions write;
  write.sync = true;
  return FromRocksDb(database_->db()->Put(write, database_->family(Family::kJournal), key, value),
                     "test write");
}

}  // namespace interco::storage
