#include "storage/trial_balance_store.h"

#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "rocksdb/write_batch.h"
#include "services/common/status_macros.h"
#include "storage/codec.h"
#include "storage/family_chain.h"
#include "storage/rocksdb_status.h"
#include "storage/scoped_snapshot.h"
#include "storage/trial_balance_codec.h"

namespace interco::storage {
namespace {

using trial_balance::TrialBalance;
using trial_balance::TrialBalanceHeader;
using trial_balance::TrialBalanceLine;

std::string Key(char prefix, absl::string_view rest) {
  return absl::StrCat(absl::string_view(&prefix, 1), rest);
}

rocksdb::ReadOptions Checked() {
  rocksdb::ReadOptions read;
  read.verify_checksums = true;
  return read;
}

// DATA_LOSS naming the key of a record that must exist and does not.
absl::Status MissingRecord(absl::string_view key) {
  return absl::DataLossError(absl::StrCat("trial balance store: the record with key ",
                                          absl::BytesToHexString(key), " is missing"));
}

// DATA_LOSS naming what did not read back as written.
absl::Status Damaged(absl::string_view what, const absl::Status& status) {
  return absl::DataLossError(absl::StrCat("trial balance store: ", what, ": ", status.message()));
}

}  // namespace

absl::StatusOr<std::unique_ptr<RocksDbTrialBalanceStore>> RocksDbTrialBalanceStore::Open(
    Database* database) {
  rocksdb::ReadOptions read = Checked();
  const std::string upper = Key(kTbSequencePrefix + 1, "");
  const rocksdb::Slice upper_slice(upper);
  read.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(
      database->db()->NewIterator(read, database->family(Family::kTrialBalances)));
  it->SeekToLast();
  ledger::FamilyHead end{kTbChainFamily, 0, {}};
  if (it->Valid() && it->key().starts_with(Key(kTbSequencePrefix, ""))) {
    if (!DecodeKey64(ToView(it->key()).substr(1), &end.version)) {
      return absl::DataLossError(absl::StrCat("trial balance store: a malformed import sequence key ",
                                              absl::BytesToHexString(ToView(it->key()))));
    }
  }
  RETURN_IF_ERROR(FromRocksDb(it->status(), "reading the last trial balance import sequence"));
  std::unique_ptr<RocksDbTrialBalanceStore> store(new RocksDbTrialBalanceStore(database, end));
  if (end.version != 0) {
    ASSIGN_OR_RETURN(const ledger::FamilyHead last, store->HeadAt(end.version));
    absl::MutexLock lock(&store->mu_);
    store->head_ = last;
  }
  // The cheap check at every start: the last link is whole and is the recorded head.
  RETURN_IF_ERROR(store->CheckRecordedHead(store->Head()));
  return store;
}

const std::string& RocksDbTrialBalanceStore::name() const {
  static const std::string* const kName = new std::string(kTbChainFamily);
  return *kName;
}

ledger::FamilyHead RocksDbTrialBalanceStore::Head() const {
  absl::MutexLock lock(&mu_);
  return head_;
}

absl::StatusOr<ledger::FamilyHead> RocksDbTrialBalanceStore::HeadAt(uint64_t sequence) const {
  if (sequence == 0) return ledger::FamilyHead{kTbChainFamily, 0, {}};
  if (sequence > Head().version) {
    return absl::NotFoundError(absl::StrCat("trial balance import sequence ", sequence,
                                            " does not exist; the last is ", Head().version));
  }
  ASSIGN_OR_RETURN(std::optional<std::string> value, ReadLinkValue(Checked(), sequence));
  if (!value.has_value()) return MissingRecord(Key(kTbSequencePrefix, EncodeKey64(sequence)));
  ASSIGN_OR_RETURN(const ChainedValue link, SplitChainValue(kTbChainFamily, sequence, *value));
  return ledger::FamilyHead{kTbChainFamily, sequence, link.hash};
}

absl::StatusOr<std::optional<std::string>> RocksDbTrialBalanceStore::ReadLinkValue(
    const rocksdb::ReadOptions& read, uint64_t sequence) const {
  std::string value;
  const rocksdb::Status got =
      database_->db()->Get(read, database_->family(Family::kTrialBalances),
                           Key(kTbSequencePrefix, EncodeKey64(sequence)), &value);
  if (got.IsNotFound()) return std::nullopt;
  RETURN_IF_ERROR(FromRocksDb(got, "reading a trial balance import sequence record"));
  return value;
}

absl::Status RocksDbTrialBalanceStore::CheckRecordedHead(const ledger::FamilyHead& end) const {
  std::string bytes;
  const rocksdb::Status got = database_->db()->Get(
      Checked(), database_->family(Family::kDefault), ChainHeadKey(kTbChainFamily), &bytes);
  if (got.IsNotFound()) {
    if (end.version == 0) return absl::OkStatus();
    return absl::DataLossError(absl::StrCat("trial balance store: imports up to sequence ",
                                            end.version, " are stored but the recorded head (key ",
                                            ChainHeadKey(kTbChainFamily), ") is missing"));
  }
  RETURN_IF_ERROR(FromRocksDb(got, "reading the trial balances' recorded head"));
  ledger::FamilyHead recorded{kTbChainFamily, 0, {}};
  RETURN_IF_ERROR(DecodeChainHead(kTbChainFamily, bytes, &recorded.version, &recorded.hash));
  if (recorded.version != end.version || recorded.hash != end.hash) {
    return absl::DataLossError(absl::StrCat(
        "trial balance store: the imports end at sequence ", end.version,
        " but the recorded head is sequence ", recorded.version,
        recorded.version > end.version ? ": the imports after it were removed"
                                       : ": the imports and their head disagree"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<TrialBalanceHeader>> RocksDbTrialBalanceStore::ReadHeader(
    const rocksdb::ReadOptions& read, const std::string& key) const {
  std::string value;
  const rocksdb::Status got =
      database_->db()->Get(read, database_->family(Family::kTrialBalances), key, &value);
  if (got.IsNotFound()) return std::nullopt;
  RETURN_IF_ERROR(FromRocksDb(got, "reading a trial balance header"));
  absl::StatusOr<TrialBalanceHeader> header = DecodeTbHeader(value);
  if (!header.ok()) return Damaged("a header", header.status());
  return *std::move(header);
}

absl::StatusOr<TrialBalance> RocksDbTrialBalanceStore::ReadVersion(const rocksdb::ReadOptions& read,
                                                                   absl::string_view suffix) const {
  rocksdb::ColumnFamilyHandle* family = database_->family(Family::kTrialBalances);
  std::string header_value, lines_value;
  for (auto [prefix, value] : {std::pair{kTbHeaderPrefix, &header_value},
                               std::pair{kTbLinesPrefix, &lines_value}}) {
    const std::string key = Key(prefix, suffix);
    const rocksdb::Status got = database_->db()->Get(read, family, key, value);
    if (got.IsNotFound()) return MissingRecord(key);
    RETURN_IF_ERROR(FromRocksDb(got, "reading a trial balance version"));
  }
  absl::StatusOr<TrialBalanceHeader> header = DecodeTbHeader(header_value);
  if (!header.ok()) return Damaged("a header", header.status());
  // Checked against the digests its import recorded before anything is decoded further: a
  // balanced edit of its lines still reads, and must not become a figure.
  const uint64_t sequence = header->import_sequence;
  ASSIGN_OR_RETURN(std::optional<std::string> link_value, ReadLinkValue(read, sequence));
  if (!link_value.has_value()) return MissingRecord(Key(kTbSequencePrefix, EncodeKey64(sequence)));
  absl::StatusOr<ChainedValue> link = SplitChainValue(kTbChainFamily, sequence, *link_value);
  if (!link.ok()) return Damaged("an import sequence record", link.status());
  absl::StatusOr<TbLink> parts = ParseTbLinkContent(link->content);
  if (!parts.ok()) return Damaged("an import sequence record", parts.status());
  if (parts->suffix != suffix) {
    return Damaged(absl::StrCat("version key ", absl::BytesToHexString(Key(kTbHeaderPrefix, suffix))),
                   absl::DataLossError(absl::StrCat("its header names import sequence ", sequence,
                                                    ", which recorded another version")));
  }
  const absl::Status same = CheckTbDigests(*parts, header_value, lines_value);
  if (!same.ok()) {
    return Damaged(absl::StrCat(header->entity_id, " ", header->period.ToString(), " version ",
                                header->version),
                   same);
  }
  TrialBalance trial_balance{*std::move(header), {}};
  absl::StatusOr<std::vector<TrialBalanceLine>> lines = DecodeTbLines(lines_value);
  if (!lines.ok()) return Damaged("lines", lines.status());
  trial_balance.lines = *std::move(lines);
  // Verify after reading: a version that no longer balances is damage, not a figure.
  const absl::Status intact = trial_balance::CheckStoredInvariants(trial_balance);
  if (!intact.ok()) return Damaged("a stored version", intact);
  return trial_balance;
}

absl::StatusOr<std::optional<TrialBalance>> RocksDbTrialBalanceStore::FindByRequest(
    absl::string_view request_id) const {
  ScopedSnapshot snapshot(database_->db());
  rocksdb::ReadOptions read = Checked();
  read.snapshot = snapshot.get();
  std::string suffix;
  const rocksdb::Status got = database_->db()->Get(read, database_->family(Family::kTrialBalances),
                                                   Key(kTbRequestPrefix, request_id), &suffix);
  if (got.IsNotFound()) return std::nullopt;
  RETURN_IF_ERROR(FromRocksDb(got, "reading a trial balance request"));
  ASSIGN_OR_RETURN(TrialBalance found, ReadVersion(read, suffix));
  return found;
}

absl::StatusOr<std::optional<TrialBalanceHeader>> RocksDbTrialBalanceStore::FindHeader(
    absl::string_view entity_id, ledger::Period period,
    trial_balance::VersionSelector selector) const {
  const rocksdb::ReadOptions read = Checked();
  if (selector.version != 0) {
    ASSIGN_OR_RETURN(std::optional<TrialBalanceHeader> header,
                     ReadHeader(read, Key(kTbHeaderPrefix,
                                          TbVersionSuffix(entity_id, period, selector.version))));
    if (header.has_value() && selector.as_of_import_sequence != 0 &&
        header->import_sequence > selector.as_of_import_sequence) {
      return std::nullopt;
    }
    return header;
  }
  // The latest first; versions are few per (entity, period).
  const std::string prefix = Key(kTbHeaderPrefix, TbPeriodSuffix(entity_id, period));
  const std::string upper = prefix + std::string(8, '\xff') + '\xff';
  const rocksdb::Slice lower_slice(prefix), upper_slice(upper);
  rocksdb::ReadOptions bounded = read;
  bounded.iterate_lower_bound = &lower_slice;
  bounded.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(
      database_->db()->NewIterator(bounded, database_->family(Family::kTrialBalances)));
  for (it->SeekToLast(); it->Valid(); it->Prev()) {
    absl::StatusOr<TrialBalanceHeader> header = DecodeTbHeader(ToView(it->value()));
    if (!header.ok()) return Damaged("a header", header.status());
    if (selector.as_of_import_sequence == 0 ||
        header->import_sequence <= selector.as_of_import_sequence) {
      return *std::move(header);
    }
  }
  RETURN_IF_ERROR(FromRocksDb(it->status(), "scanning trial balance versions"));
  return std::nullopt;
}

absl::StatusOr<std::vector<TrialBalanceLine>> RocksDbTrialBalanceStore::Lines(
    absl::string_view entity_id, ledger::Period period, uint64_t version) const {
  ScopedSnapshot snapshot(database_->db());
  rocksdb::ReadOptions read = Checked();
  read.snapshot = snapshot.get();
  ASSIGN_OR_RETURN(TrialBalance found,
                   ReadVersion(read, TbVersionSuffix(entity_id, period, version)));
  return std::move(found.lines);
}

absl::StatusOr<std::vector<TrialBalanceHeader>> RocksDbTrialBalanceStore::List(
    absl::string_view entity_id, std::optional<ledger::Period> period,
    const std::optional<trial_balance::VersionKey>& after, size_t limit) const {
  // Bounds: one entity (and period) when filtered, all headers otherwise.
  std::string lower = Key(kTbHeaderPrefix, "");
  std::string upper = Key(kTbHeaderPrefix + 1, "");
  if (!entity_id.empty()) {
    lower =
        Key(kTbHeaderPrefix, period.has_value() ? TbPeriodSuffix(entity_id, *period)
                                                : absl::StrCat(entity_id, std::string(1, '\0')));
    upper = lower + std::string(16, '\xff');
  }
  const rocksdb::Slice lower_slice(lower), upper_slice(upper);
  rocksdb::ReadOptions read = Checked();
  read.iterate_lower_bound = &lower_slice;
  read.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(
      database_->db()->NewIterator(read, database_->family(Family::kTrialBalances)));
  std::string start = lower;
  if (after.has_value()) {
    start = std::max(start, Key(kTbHeaderPrefix,
                                TbVersionSuffix(after->entity_id, after->period, after->version)) +
                                std::string(1, '\0'));
  }
  std::vector<TrialBalanceHeader> headers;
  for (it->Seek(start); it->Valid() && headers.size() < limit; it->Next()) {
    absl::StatusOr<TrialBalanceHeader> header = DecodeTbHeader(ToView(it->value()));
    if (!header.ok()) return Damaged("a header", header.status());
    if (period.has_value() && header->period != *period) continue;
    headers.push_back(*std::move(header));
  }
  RETURN_IF_ERROR(FromRocksDb(it->status(), "listing trial balances"));
  return headers;
}

absl::Status RocksDbTrialBalanceStore::Append(const TrialBalance& trial_balance) {
  const TrialBalanceHeader& h = trial_balance.header;
  // Assert before writing (TIGER_STYLE): the importer checked these; a failure is our bug.
  RETURN_IF_ERROR(trial_balance::CheckStoredInvariants(trial_balance));
  const ledger::FamilyHead head = Head();
  if (h.import_sequence != head.version + 1) {
    return absl::InternalError(absl::StrCat("trial balance import sequence ", h.import_sequence,
                                            " is not the next after ", head.version));
  }
  ASSIGN_OR_RETURN(std::optional<TrialBalanceHeader> latest, FindHeader(h.entity_id, h.period, {}));
  if (h.version != (latest.has_value() ? latest->version : 0) + 1) {
    return absl::InternalError(absl::StrCat("trial balance ", h.entity_id, " ", h.period.ToString(),
                                            " version ", h.version, " is not the next one"));
  }
  const std::string suffix = TbVersionSuffix(h.entity_id, h.period, h.version);
  const std::string header_value = EncodeTbHeader(h);
  const std::string lines_value = EncodeTbLines(trial_balance.lines);
  const std::string link = ChainValue(kTbChainFamily, h.import_sequence, head.hash,
                                      TbLinkContent(suffix, header_value, lines_value));
  ledger::FamilyHead next{kTbChainFamily, h.import_sequence, {}};
  std::copy(link.end() - kChainHashBytes, link.end(), next.hash.begin());
  rocksdb::ColumnFamilyHandle* family = database_->family(Family::kTrialBalances);
  rocksdb::WriteBatch batch;
  for (const auto& [key, value] :
       {std::pair{Key(kTbHeaderPrefix, suffix), header_value},
        std::pair{Key(kTbLinesPrefix, suffix), lines_value},
        std::pair{Key(kTbRequestPrefix, h.request_id), suffix},
        std::pair{Key(kTbSequencePrefix, EncodeKey64(h.import_sequence)), link}}) {
    RETURN_IF_ERROR(FromRocksDb(batch.Put(family, key, value), "batching a trial balance"));
  }
  RETURN_IF_ERROR(FromRocksDb(batch.Put(database_->family(Family::kDefault),
                                        ChainHeadKey(kTbChainFamily),
                                        EncodeChainHead(next.version, next.hash)),
                              "batching a trial balance"));
  rocksdb::WriteOptions write;
  write.sync = true;  // A success reply promises the version survives a crash.
  RETURN_IF_ERROR(database_->Commit(&batch, write,
                                    absl::StrCat("writing trial balance ", h.entity_id, " ",
                                                 h.period.ToString(), " version ", h.version)));
  absl::MutexLock lock(&mu_);
  head_ = next;
  return absl::OkStatus();
}

}  // namespace interco::storage
