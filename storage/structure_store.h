// StructureStore: the group structure change log in RocksDB (column family "structure",
// key: version as 8 bytes big-endian, value: storage/structure_codec.h).
#ifndef INTERCO_STORAGE_STRUCTURE_STORE_H_
#define INTERCO_STORAGE_STRUCTURE_STORE_H_

#include <vector>

#include "absl/status/statusor.h"
#include "services/group/registry.h"
#include "storage/database.h"

namespace interco::storage {

class StructureStore final : public group::StructureLog {
 public:
  // `database` must outlive the store.
  explicit StructureStore(Database* database) : database_(database) {}

  // One synced write: returns once the change is in the WAL on disk.
  absl::Status Append(uint64_t version, const group::StructureChange& change) override;

  // Every stored change in version order. DATA_LOSS if a record does not decode or the
  // versions are not 1, 2, 3, ... without gaps.
  absl::StatusOr<std::vector<group::StructureChange>> LoadAll() const;

 private:
  Database* const database_;
};

}  // namespace interco::storage

#endif  // INTERCO_STORAGE_STRUCTURE_STORE_H_
