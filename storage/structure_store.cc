#include "storage/structure_store.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "storage/codec.h"
#include "storage/rocksdb_status.h"
#include "storage/structure_codec.h"

namespace interco::storage {

absl::Status StructureStore::Append(uint64_t version, const group::StructureChange& change) {
  rocksdb::WriteOptions write;
  write.sync = true;  // A success reply promises the change survives a crash.
  return FromRocksDb(database_->db()->Put(write, database_->family(Family::kStructure),
                                          EncodeKey64(version), EncodeStructureChange(change)),
                     absl::StrCat("writing structure version ", version));
}

absl::StatusOr<std::vector<group::StructureChange>> StructureStore::LoadAll() const {
  rocksdb::ReadOptions read;
  read.verify_checksums = true;
  read.fill_cache = false;  // Read once at start-up.
  std::unique_ptr<rocksdb::Iterator> it(
      database_->db()->NewIterator(read, database_->family(Family::kStructure)));
  std::vector<group::StructureChange> changes;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    uint64_t version = 0;
    if (!DecodeKey64(ToView(it->key()), &version) || version != changes.size() + 1) {
      return absl::DataLossError(
          absl::StrCat("structure log has a gap or a bad key after version ", changes.size()));
    }
    absl::StatusOr<group::StructureChange> change = DecodeStructureChange(ToView(it->value()));
    if (!change.ok()) {
      return absl::DataLossError(
          absl::StrCat("structure version ", version, ": ", change.status().message()));
    }
    changes.push_back(*std::move(change));
  }
  RETURN_IF_ERROR(FromRocksDb(it->status(), "reading the structure log"));
  return changes;
}

}  // namespace interco::storage
