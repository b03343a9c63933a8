#include "storage/format_upgrade.h"

#include <memory>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "rocksdb/write_batch.h"
#include "services/common/status_macros.h"
#include "storage/codec.h"
#include "storage/database.h"
#include "storage/family_chain.h"
#include "storage/rocksdb_status.h"
#include "storage/trial_balance_codec.h"

namespace interco::storage {
namespace {

absl::Status Broken(absl::string_view what, absl::string_view key) {
  return absl::DataLossError(absl::StrCat("cannot upgrade to format 2: ", what, " (key ",
                                          absl::BytesToHexString(key), ")"));
}

// Chains one change log (key: version) in place.
absl::Status ChainChangeLog(Database& database, Family family, absl::string_view name,
                            rocksdb::WriteBatch& batch) {
  rocksdb::ReadOptions read;
  read.verify_checksums = true;
  std::unique_ptr<rocksdb::Iterator> it(database.db()->NewIterator(read, database.family(family)));
  ledger::Hash previous{};
  uint64_t expected = 1;
  for (it->SeekToFirst(); it->Valid(); it->Next(), ++expected) {
    uint64_t version = 0;
    if (!DecodeKey64(ToView(it->key()), &version) || version != expected) {
      return Broken(absl::StrCat("the ", name, " log has a gap before it"), ToView(it->key()));
    }
    const std::string value = ChainValue(name, version, previous, ToView(it->value()));
    std::copy(value.end() - kChainHashBytes, value.end(), previous.begin());
    RETURN_IF_ERROR(FromRocksDb(batch.Put(database.family(family), it->key(), value),
                                "batching the upgrade"));
  }
  RETURN_IF_ERROR(FromRocksDb(it->status(), absl::StrCat("reading the ", name, " log")));
  if (expected == 1) return absl::OkStatus();
  return FromRocksDb(batch.Put(database.family(Family::kDefault), ChainHeadKey(name),
                               EncodeChainHead(expected - 1, previous)),
                     "batching the upgrade");
}

// Chains the trial balances' import sequence records, whose format-1 value is the suffix.
absl::Status ChainTrialBalances(Database& database, rocksdb::WriteBatch& batch) {
  rocksdb::ReadOptions read;
  read.verify_checksums = true;
  rocksdb::ColumnFamilyHandle* family = database.family(Family::kTrialBalances);
  std::unique_ptr<rocksdb::Iterator> it(database.db()->NewIterator(read, family));
  ledger::Hash previous{};
  uint64_t expected = 1;
  const std::string first(1, kTbSequencePrefix);
  for (it->Seek(first); it->Valid() && it->key().starts_with(first); it->Next(), ++expected) {
    uint64_t sequence = 0;
    if (!DecodeKey64(ToView(it->key()).substr(1), &sequence) || sequence != expected) {
      return Broken("the trial balance import sequence has a gap before it", ToView(it->key()));
    }
    const std::string suffix(ToView(it->value()));
    std::string header, lines;
    for (auto [prefix, out] : {std::pair{kTbHeaderPrefix, &header}, std::pair{kTbLinesPrefix, &lines}}) {
      const std::string key = std::string(1, prefix) + suffix;
      const rocksdb::Status got = database.db()->Get(read, family, key, out);
      if (got.IsNotFound()) return Broken("a trial balance version's record is missing", key);
      RETURN_IF_ERROR(FromRocksDb(got, "reading a trial balance version"));
    }
    const std::string value =
        ChainValue(kTbChainFamily, sequence, previous, TbLinkContent(suffix, header, lines));
    std::copy(value.end() - kChainHashBytes, value.end(), previous.begin());
    RETURN_IF_ERROR(FromRocksDb(batch.Put(family, it->key(), value), "batching the upgrade"));
  }
  RETURN_IF_ERROR(FromRocksDb(it->status(), "reading the trial balance imports"));
  if (expected == 1) return absl::OkStatus();
  return FromRocksDb(batch.Put(database.family(Family::kDefault), ChainHeadKey(kTbChainFamily),
                               EncodeChainHead(expected - 1, previous)),
                     "batching the upgrade");
}

}  // namespace

absl::Status UpgradeFormat1To2(Database& database, const std::string& version_key) {
  rocksdb::WriteBatch batch;
  RETURN_IF_ERROR(ChainChangeLog(database, Family::kStructure, "structure", batch));
  RETURN_IF_ERROR(ChainChangeLog(database, Family::kReference, "pricing", batch));
  RETURN_IF_ERROR(ChainChangeLog(database, Family::kChart, "chart", batch));
  RETURN_IF_ERROR(ChainTrialBalances(database, batch));
  RETURN_IF_ERROR(FromRocksDb(batch.Put(database.family(Family::kDefault), version_key, "2"),
                              "batching the upgrade"));
  rocksdb::WriteOptions write;
  write.sync = true;
  return FromRocksDb(database.db()->Write(write, &batch),
                     absl::StrCat("upgrading ", database.path(), " to format 2"));
}

}  // namespace interco::storage
