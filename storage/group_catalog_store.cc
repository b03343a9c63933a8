#include "storage/group_catalog_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "rocksdb/iterator.h"
#include "rocksdb/options.h"
#include "rocksdb/write_batch.h"
#include "services/common/status_macros.h"
#include "services/tenancy/group_id.h"
#include "storage/codec.h"
#include "storage/group_catalog_codec.h"
#include "storage/rocksdb_status.h"

namespace interco::storage {
namespace {

namespace fs = std::filesystem;
using tenancy::GroupRecord;
using tenancy::GroupRequest;

constexpr char kRecordPrefix[] = "g/";
constexpr char kRequestPrefix[] = "r/";
constexpr char kAdopting[] = ".adopting-default";
constexpr char kTrash[] = ".trash";

// Makes a rename or a new entry in `directory` durable.
absl::Status SyncDirectory(const fs::path& directory) {
  const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return absl::UnavailableError(absl::StrCat("cannot open ", directory.string()));
  const int synced = ::fsync(fd);
  ::close(fd);
  if (synced != 0) return absl::UnavailableError(absl::StrCat("cannot sync ", directory.string()));
  return absl::OkStatus();
}

absl::Status Moved(const std::error_code& error, const fs::path& from, const fs::path& to) {
  if (!error) return absl::OkStatus();
  return absl::UnavailableError(
      absl::StrCat("cannot move ", from.string(), " to ", to.string(), ": ", error.message()));
}

rocksdb::WriteOptions Synced() {
  rocksdb::WriteOptions write;
  write.sync = true;
  return write;
}

}  // namespace

std::string GroupDirectory(const std::string& data_dir, const std::string& id) {
  return (fs::path(data_dir) / "groups" / id).string();
}

absl::StatusOr<bool> AdoptSingleGroupLayout(const std::string& data_dir) {
  const fs::path root(data_dir);
  const fs::path groups = root / "groups";
  const fs::path adopting = groups / kAdopting;
  std::error_code error;
  const bool single = fs::exists(root / "CURRENT", error);
  if (!single && !fs::exists(adopting, error)) return false;
  fs::create_directories(adopting, error);
  if (error) return Moved(error, root, adopting);
  for (const fs::directory_entry& entry : fs::directory_iterator(root, error)) {
    const std::string name = entry.path().filename().string();
    if (name == "groups" || name == "catalog") continue;
    fs::rename(entry.path(), adopting / name, error);
    RETURN_IF_ERROR(Moved(error, entry.path(), adopting / name));
  }
  if (error) return Moved(error, root, adopting);
  RETURN_IF_ERROR(SyncDirectory(adopting));
  RETURN_IF_ERROR(SyncDirectory(root));
  const fs::path target = groups / tenancy::kDefaultGroupId;
  fs::rename(adopting, target, error);
  RETURN_IF_ERROR(Moved(error, adopting, target));
  RETURN_IF_ERROR(SyncDirectory(groups));
  return true;
}

GroupCatalogStore::~GroupCatalogStore() {
  if (db_ != nullptr) db_->Close().PermitUncheckedError();
}

absl::StatusOr<std::unique_ptr<GroupCatalogStore>> GroupCatalogStore::Open(
    const std::string& data_dir) {
  const std::string path = (fs::path(data_dir) / "catalog").string();
  std::error_code error;
  fs::create_directories(path, error);
  if (error) {
    return absl::UnavailableError(
        absl::StrCat("cannot create data directory ", path, ": ", error.message()));
  }
  rocksdb::Options options;
  options.create_if_missing = true;
  options.paranoid_checks = true;
  options.wal_recovery_mode = rocksdb::WALRecoveryMode::kTolerateCorruptedTailRecords;
  options.max_background_jobs = 1;
  options.write_buffer_size = 1 << 20;  // A few records: a small memtable.
  rocksdb::DB* raw = nullptr;
  RETURN_IF_ERROR(FromRocksDb(rocksdb::DB::Open(options, path, &raw),
                              absl::StrCat("opening the group catalog ", path)));
  return std::unique_ptr<GroupCatalogStore>(
      new GroupCatalogStore(std::unique_ptr<rocksdb::DB>(raw)));
}

absl::StatusOr<std::vector<GroupRecord>> GroupCatalogStore::LoadAll() const {
  std::vector<GroupRecord> records;
  rocksdb::ReadOptions read;
  read.verify_checksums = true;
  const std::string upper = "g0";  // '/' + 1: the end of the record prefix.
  rocksdb::Slice bound(upper);
  read.iterate_upper_bound = &bound;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read));
  for (it->Seek(kRecordPrefix); it->Valid(); it->Next()) {
    absl::string_view id = ToView(it->key()).substr(2);
    ASSIGN_OR_RETURN(GroupRecord record, DecodeGroupRecord(id, ToView(it->value())));
    records.push_back(std::move(record));
  }
  RETURN_IF_ERROR(FromRocksDb(it->status(), "reading the group catalog"));
  return records;
}

absl::StatusOr<std::optional<GroupRequest>> GroupCatalogStore::FindRequest(
    const std::string& request_id) const {
  std::string value;
  const rocksdb::Status found =
      db_->Get(rocksdb::ReadOptions(), absl::StrCat(kRequestPrefix, request_id), &value);
  if (found.IsNotFound()) return std::nullopt;
  RETURN_IF_ERROR(FromRocksDb(found, "reading the group catalog"));
  ASSIGN_OR_RETURN(GroupRequest request, DecodeGroupRequest(request_id, value));
  return request;
}

absl::Status GroupCatalogStore::Put(const GroupRecord& record, const std::string& request_id,
                                    const GroupRequest& request) {
  rocksdb::WriteBatch batch;
  RETURN_IF_ERROR(
      FromRocksDb(batch.Put(absl::StrCat(kRecordPrefix, record.id), EncodeGroupRecord(record)),
                  "writing the group catalog"));
  if (!request_id.empty()) {
    RETURN_IF_ERROR(
        FromRocksDb(batch.Put(absl::StrCat(kRequestPrefix, request_id), EncodeGroupRequest(request)),
                    "writing the group catalog"));
  }
  return FromRocksDb(db_->Write(Synced(), &batch), "writing the group catalog");
}

absl::Status GroupCatalogStore::Remove(const std::string& id, const std::string& request_id,
                                       const GroupRequest& request) {
  rocksdb::WriteBatch batch;
  RETURN_IF_ERROR(
      FromRocksDb(batch.Delete(absl::StrCat(kRecordPrefix, id)), "writing the group catalog"));
  if (!request_id.empty()) {
    RETURN_IF_ERROR(
        FromRocksDb(batch.Put(absl::StrCat(kRequestPrefix, request_id), EncodeGroupRequest(request)),
                    "writing the group catalog"));
  }
  return FromRocksDb(db_->Write(Synced(), &batch), "writing the group catalog");
}

absl::Status GroupDirectories::Create(const std::string& id) {
  DatabaseOptions options = options_;
  options.path = GroupDirectory(data_dir_, id);
  ASSIGN_OR_RETURN(std::unique_ptr<Database> database, Database::Open(options));
  RETURN_IF_ERROR(database->Close());
  return SyncDirectory(fs::path(data_dir_) / "groups");
}

absl::Status GroupDirectories::Remove(const std::string& id) {
  const fs::path groups = fs::path(data_dir_) / "groups";
  const fs::path from = groups / id;
  const fs::path trash = groups / kTrash;
  std::error_code error;
  fs::create_directories(trash, error);
  if (error) return Moved(error, from, trash);
  if (fs::exists(from, error)) {
    // One rename takes the group away at once; removing its files may then take a while.
    const fs::path to = trash / absl::StrCat(id, ".", absl::ToUnixNanos(absl::Now()));
    fs::rename(from, to, error);
    RETURN_IF_ERROR(Moved(error, from, to));
    RETURN_IF_ERROR(SyncDirectory(groups));
  }
  fs::remove_all(trash, error);
  if (error) {
    return absl::UnavailableError(
        absl::StrCat("cannot remove ", trash.string(), ": ", error.message()));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> GroupDirectories::List() const {
  std::vector<std::string> ids;
  std::error_code error;
  for (const fs::directory_entry& entry :
       fs::directory_iterator(fs::path(data_dir_) / "groups", error)) {
    const std::string name = entry.path().filename().string();
    if (!absl::StartsWith(name, ".")) ids.push_back(name);
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

absl::StatusOr<std::unique_ptr<Database>> GroupDirectories::OpenExisting(
    const std::string& id) const {
  DatabaseOptions options = options_;
  options.path = GroupDirectory(data_dir_, id);
  std::error_code error;
  if (!fs::exists(fs::path(options.path) / "CURRENT", error)) {
    return absl::DataLossError(absl::StrCat(
        "group \"", id, "\" exists in the catalog but its data directory ", options.path,
        " holds no database; restore it from a checkpoint (docs/OPERATIONS.md)"));
  }
  return Database::Open(options);
}

}  // namespace interco::storage
