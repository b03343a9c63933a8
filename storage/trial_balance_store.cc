#include "storage/trial_balance_store.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "rocksdb/write_batch.h"
#include "services/common/status_macros.h"
#include "storage/codec.h"
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
  uint64_t last = 0;
  if (it->Valid() && it->key().starts_with(Key(kTbSequencePrefix, ""))) {
    if (!DecodeKey64(ToView(it->key()).substr(1), &last)) {
      return absl::DataLossError("trial balance store: a malformed import sequence key");
    }
  }
  RETURN_IF_ERROR(FromRocksDb(it->status(), "reading the last trial balance import sequence"));
  return std::unique_ptr<RocksDbTrialBalanceStore>(new RocksDbTrialBalanceStore(database, last));
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
  ASSIGN_OR_RETURN(std::optional<TrialBalanceHeader> header,
                   ReadHeader(read, Key(kTbHeaderPrefix, suffix)));
  if (!header.has_value()) {
    return absl::DataLossError("trial balance store: a record names a version that is missing");
  }
  std::string value;
  RETURN_IF_ERROR(FromRocksDb(database_->db()->Get(read, database_->family(Family::kTrialBalances),
                                                   Key(kTbLinesPrefix, suffix), &value),
                              "reading trial balance lines"));
  TrialBalance trial_balance{*std::move(header), {}};
  absl::StatusOr<std::vector<TrialBalanceLine>> lines = DecodeTbLines(value);
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
  if (h.import_sequence != last_sequence_.load() + 1) {
    return absl::InternalError(absl::StrCat("trial balance import sequence ", h.import_sequence,
                                            " is not the next after ", last_sequence_.load()));
  }
  ASSIGN_OR_RETURN(std::optional<TrialBalanceHeader> latest, FindHeader(h.entity_id, h.period, {}));
  if (h.version != (latest.has_value() ? latest->version : 0) + 1) {
    return absl::InternalError(absl::StrCat("trial balance ", h.entity_id, " ", h.period.ToString(),
                                            " version ", h.version, " is not the next one"));
  }
  const std::string suffix = TbVersionSuffix(h.entity_id, h.period, h.version);
  rocksdb::ColumnFamilyHandle* family = database_->family(Family::kTrialBalances);
  rocksdb::WriteBatch batch;
  RETURN_IF_ERROR(FromRocksDb(batch.Put(family, Key(kTbHeaderPrefix, suffix), EncodeTbHeader(h)),
                              "batching a trial balance"));
  RETURN_IF_ERROR(FromRocksDb(
      batch.Put(family, Key(kTbLinesPrefix, suffix), EncodeTbLines(trial_balance.lines)),
      "batching a trial balance"));
  RETURN_IF_ERROR(FromRocksDb(batch.Put(family, Key(kTbRequestPrefix, h.request_id), suffix),
                              "batching a trial balance"));
  RETURN_IF_ERROR(
      FromRocksDb(batch.Put(family, Key(kTbSequencePrefix, EncodeKey64(h.import_sequence)), suffix),
                  "batching a trial balance"));
  rocksdb::WriteOptions write;
  write.sync = true;  // A success reply promises the version survives a crash.
  RETURN_IF_ERROR(FromRocksDb(database_->db()->Write(write, &batch),
                              absl::StrCat("writing trial balance ", h.entity_id, " ",
                                           h.period.ToString(), " version ", h.version)));
  last_sequence_.store(h.import_sequence);
  return absl::OkStatus();
}

}  // namespace interco::storage
