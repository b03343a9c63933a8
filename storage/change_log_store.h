// ChangeLogStore: a versioned change log in one column family (key: version as 8 bytes
// big-endian; value: the record's own codec). Used for the group structure and for pricing
// reference data.
#ifndef INTERCO_STORAGE_CHANGE_LOG_STORE_H_
#define INTERCO_STORAGE_CHANGE_LOG_STORE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "services/common/versioned_registry.h"
#include "storage/codec.h"
#include "storage/database.h"
#include "storage/rocksdb_status.h"

namespace interco::storage {

template <typename Change>
class ChangeLogStore final : public ChangeLog<Change> {
 public:
  using Encoder = std::string (*)(const Change&);
  using Decoder = absl::StatusOr<Change> (*)(absl::string_view);

  // `database` must outlive the store; `what` names the log in messages.
  ChangeLogStore(Database* database, Family family, const char* what, Encoder encode,
                 Decoder decode)
      : database_(database), family_(family), what_(what), encode_(encode), decode_(decode) {}

  // One synced write: returns once the change is in the WAL on disk.
  absl::Status Append(uint64_t version, const Change& change) override {
    rocksdb::WriteOptions write;
    write.sync = true;  // A success reply promises the change survives a crash.
    return FromRocksDb(database_->db()->Put(write, database_->family(family_), EncodeKey64(version),
                                            encode_(change)),
                       absl::StrCat("writing ", what_, " version ", version));
  }

  // Every stored change in version order. DATA_LOSS if a record does not decode or the
  // versions are not 1, 2, 3, ... without gaps.
  absl::StatusOr<std::vector<Change>> LoadAll() const {
    rocksdb::ReadOptions read;
    read.verify_checksums = true;
    read.fill_cache = false;  // Read once at start-up.
    std::unique_ptr<rocksdb::Iterator> it(
        database_->db()->NewIterator(read, database_->family(family_)));
    std::vector<Change> changes;
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      uint64_t version = 0;
      if (!DecodeKey64(ToView(it->key()), &version) || version != changes.size() + 1) {
        return absl::DataLossError(
            absl::StrCat(what_, " log has a gap or a bad key after version ", changes.size()));
      }
      absl::StatusOr<Change> change = decode_(ToView(it->value()));
      if (!change.ok()) {
        return absl::DataLossError(
            absl::StrCat(what_, " version ", version, ": ", change.status().message()));
      }
      changes.push_back(*std::move(change));
    }
    RETURN_IF_ERROR(FromRocksDb(it->status(), absl::StrCat("reading the ", what_, " log")));
    return changes;
  }

 private:
  Database* const database_;
  const Family family_;
  const char* const what_;
  const Encoder encode_;
  const Decoder decode_;
};

}  // namespace interco::storage

#endif  // INTERCO_STORAGE_CHANGE_LOG_STORE_H_
