// The group catalog on disk and each group's directory.
//
// Layout of a data directory:
//   <data_dir>/catalog/          a small RocksDB instance: one record per group and one per
//                                CreateGroup/DeleteGroup request id (our own encoding)
//   <data_dir>/groups/<id>/      each group's own Database (storage/database.h), so that one
//                                group's damage, checkpoint, restore or deletion never
//                                touches another's (docs/ARCHITECTURE.md says why)
//   <data_dir>/groups/.trash/    groups being removed
// A data directory of the release before groups (a Database at <data_dir> itself) is moved
// into groups/default by AdoptSingleGroupLayout, file by file, resumable after a crash.
#ifndef INTERCO_STORAGE_GROUP_CATALOG_STORE_H_
#define INTERCO_STORAGE_GROUP_CATALOG_STORE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "rocksdb/db.h"
#include "services/tenancy/group_catalog.h"
#include "storage/database.h"

namespace interco::storage {

// <data_dir>/groups/<id>.
std::string GroupDirectory(const std::string& data_dir, const std::string& id);

// Moves a single-group data directory's files into groups/default (a no-op for any other
// directory). Returns whether it moved anything. Errors: UNAVAILABLE when a file cannot be
// moved (nothing is lost: the next start resumes).
absl::StatusOr<bool> AdoptSingleGroupLayout(const std::string& data_dir);

class GroupCatalogStore final : public tenancy::GroupCatalog {
 public:
  // Opens or creates <data_dir>/catalog. FAILED_PRECONDITION when another process holds it.
  static absl::StatusOr<std::unique_ptr<GroupCatalogStore>> Open(const std::string& data_dir);
  ~GroupCatalogStore() override;

  absl::StatusOr<std::vector<tenancy::GroupRecord>> LoadAll() const override;
  absl::StatusOr<std::optional<tenancy::GroupRequest>> FindRequest(
      const std::string& request_id) const override;
  absl::Status Put(const tenancy::GroupRecord& record, const std::string& request_id,
                   const tenancy::GroupRequest& request) override;
  absl::Status Remove(const std::string& id, const std::string& request_id,
                      const tenancy::GroupRequest& request) override;

 private:
  explicit GroupCatalogStore(std::unique_ptr<rocksdb::DB> db) : db_(std::move(db)) {}
  std::unique_ptr<rocksdb::DB> db_;
};

// Each group's Database under <data_dir>/groups/.
class GroupDirectories final : public tenancy::GroupFiles {
 public:
  // `options` is the template every group's Database opens with (its path is replaced).
  GroupDirectories(std::string data_dir, DatabaseOptions options)
      : data_dir_(std::move(data_dir)), options_(std::move(options)) {}

  absl::Status Create(const std::string& id) override;
  absl::Status Remove(const std::string& id) override;
  absl::StatusOr<std::vector<std::string>> List() const override;

  // Opens an existing group's Database. DATA_LOSS when its directory is missing (the
  // catalog says the group exists: its data was removed behind the server's back).
  absl::StatusOr<std::unique_ptr<Database>> OpenExisting(const std::string& id) const;

 private:
  const std::string data_dir_;
  const DatabaseOptions options_;
};

}  // namespace interco::storage

#endif  // INTERCO_STORAGE_GROUP_CATALOG_STORE_H_
