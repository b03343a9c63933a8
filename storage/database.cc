#include "storage/database.h"

#include <filesystem>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "rocksdb/cache.h"
#include "rocksdb/convenience.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/listener.h"
#include "rocksdb/options.h"
#include "rocksdb/table.h"
#include "rocksdb/utilities/checkpoint.h"
#include "services/common/field_error.h"
#include "services/common/status_macros.h"
#include "storage/balance_merge.h"
#include "storage/codec.h"
#include "storage/format_upgrade.h"
#include "storage/rocksdb_status.h"

namespace interco::storage {
namespace {

constexpr char kFormatVersionKey[] = "format_version";
// The last record of the group's replicated log this database holds (database.h): its
// index (8 bytes, big-endian) and hash.
constexpr char kAppliedLogKey[] = "replication/applied";

std::string EncodePosition(const LogPosition& position) {
  std::string value = EncodeKey64(position.index);
  value.append(reinterpret_cast<const char*>(position.hash.data()), position.hash.size());
  return value;
}

rocksdb::CompressionType PreferredCompression() {
  for (rocksdb::CompressionType type : rocksdb::GetSupportedCompressions()) {
    if (type == rocksdb::kLZ4Compression) return type;
  }
  return rocksdb::kNoCompression;
}

rocksdb::ColumnFamilyOptions FamilyOptions(const std::shared_ptr<rocksdb::Cache>& cache) {
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = cache;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  table.format_version = 5;
  rocksdb::ColumnFamilyOptions family;
  family.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  family.compression = PreferredCompression();
  return family;
}

const char* ReasonName(rocksdb::BackgroundErrorReason reason) {
  switch (reason) {
    case rocksdb::BackgroundErrorReason::kFlush:
    case rocksdb::BackgroundErrorReason::kFlushNoWAL:
      return "a flush";
    case rocksdb::BackgroundErrorReason::kCompaction:
      return "a compaction";
    case rocksdb::BackgroundErrorReason::kWriteCallback:
      return "a write";
    case rocksdb::BackgroundErrorReason::kMemTable:
      return "a memtable insert";
    case rocksdb::BackgroundErrorReason::kManifestWrite:
    case rocksdb::BackgroundErrorReason::kManifestWriteNoWAL:
      return "a manifest write";
  }
  return "background work";
}

rocksdb::DBOptions DbOptions(const DatabaseOptions& options) {
  rocksdb::DBOptions db;
  db.create_if_missing = true;
  db.create_missing_column_families = true;
  db.paranoid_checks = true;
  db.max_background_jobs = options.background_jobs;
  db.max_open_files = options.max_open_files;
  db.max_total_wal_size = options.max_total_wal_bytes;
  // A crash can only cut the last write short (it was never acknowledged): that torn tail
  // is dropped. A bad record before the end is damage, and replaying up to it (point-in-time
  // recovery) would silently drop every acknowledged write after it and delete the only
  // copy: refuse to open instead, keeping the file (see FromRocksDbOpen).
  db.wal_recovery_mode = rocksdb::WALRecoveryMode::kTolerateCorruptedTailRecords;
  return db;
}

}  // namespace

// Keeps the error RocksDB stopped writes for, from its notifications (on its own threads).
class Database::HealthListener final : public rocksdb::EventListener {
 public:
  void OnBackgroundError(rocksdb::BackgroundErrorReason reason, rocksdb::Status* error) override {
    if (error == nullptr || error->ok()) return;
    absl::MutexLock lock(&mu_);
    status_ = FromRocksDb(
        *error, absl::StrCat("RocksDB stopped writes after ", ReasonName(reason), " failed"));
  }
  void OnErrorRecoveryEnd(const rocksdb::BackgroundErrorRecoveryInfo& info) override {
    if (!info.new_bg_error.ok()) return;
    Clear();
  }
  void Clear() {
    absl::MutexLock lock(&mu_);
    status_ = absl::OkStatus();
  }
  absl::Status status() const {
    absl::MutexLock lock(&mu_);
    return status_;
  }

 private:
  mutable absl::Mutex mu_;
  absl::Status status_ ABSL_GUARDED_BY(mu_);
};

absl::Status Database::WriteHealth() const { return health_->status(); }

absl::Status Database::TryResume() {
  if (health_->status().ok()) return absl::OkStatus();
  if (db_->Resume().ok()) health_->Clear();
  return health_->status();
}

std::shared_ptr<rocksdb::Cache> NewSharedBlockCache(size_t bytes) {
  return rocksdb::NewLRUCache(bytes);
}

absl::StatusOr<std::unique_ptr<Database>> Database::Open(const DatabaseOptions& options) {
  if (options.path.empty()) return absl::InvalidArgumentError("data directory path is empty");
  std::error_code error;
  std::filesystem::create_directories(options.path, error);
  if (error) {
    return absl::UnavailableError(
        absl::StrCat("cannot create data directory ", options.path, ": ", error.message()));
  }
  const std::shared_ptr<rocksdb::Cache> cache = options.block_cache != nullptr
                                                    ? options.block_cache
                                                    : rocksdb::NewLRUCache(options.block_cache_bytes);
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const char* name : kFamilyNames) {
    descriptors.emplace_back(name, FamilyOptions(cache));
  }
  descriptors[static_cast<size_t>(Family::kBalances)].options.merge_operator =
      NewBalanceMergeOperator();
  // Nearly every idempotency lookup is for a request that is not there yet (each new
  // posting is looked up twice): a whole-key bloom filter in the memtable answers those
  // misses without searching the skip list.
  rocksdb::ColumnFamilyOptions& requests =
      descriptors[static_cast<size_t>(Family::kIdempotency)].options;
  requests.memtable_prefix_bloom_size_ratio = 0.05;
  requests.memtable_whole_key_filtering = true;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  auto health = std::make_shared<HealthListener>();
  rocksdb::DBOptions db_options = DbOptions(options);
  db_options.listeners.push_back(health);
  const rocksdb::Status opened =
      rocksdb::DB::Open(db_options, options.path, descriptors, &handles, &raw);
  if (!opened.ok()) return FromRocksDbOpen(opened, options.path);
  std::array<rocksdb::ColumnFamilyHandle*, static_cast<size_t>(Family::kCount)> fixed{};
  for (size_t i = 0; i < fixed.size(); ++i) fixed[i] = handles[i];
  std::unique_ptr<Database> database(
      new Database(options.path, std::unique_ptr<rocksdb::DB>(raw), fixed, std::move(health)));
  RETURN_IF_ERROR(database->CheckFormatVersion());
  return database;
}

Database::Database(
    std::string path, std::unique_ptr<rocksdb::DB> db,
    std::array<rocksdb::ColumnFamilyHandle*, static_cast<size_t>(Family::kCount)> handles,
    std::shared_ptr<HealthListener> health)
    : path_(std::move(path)), db_(std::move(db)), handles_(handles), health_(std::move(health)) {}

Database::~Database() { Close().IgnoreError(); }

absl::Status Database::CheckFormatVersion() {
  rocksdb::ReadOptions read;
  std::string value;
  const rocksdb::Status found = db_->Get(read, family(Family::kDefault), kFormatVersionKey, &value);
  if (found.IsNotFound()) {
    rocksdb::WriteOptions write;
    write.sync = true;
    return FromRocksDb(
        db_->Put(write, family(Family::kDefault), kFormatVersionKey, absl::StrCat(kFormatVersion)),
        "writing the format version");
  }
  RETURN_IF_ERROR(FromRocksDb(found, "reading the format version"));
  uint32_t version = 0;
  if (absl::SimpleAtoi(value, &version) && version == 1) {
    // Written before the histories beside the journal were chained: chain them now.
    return UpgradeFormat1To2(*this, kFormatVersionKey);
  }
  if (!absl::SimpleAtoi(value, &version) || version != kFormatVersion) {
    return absl::FailedPreconditionError(
        absl::StrCat("data directory ", path_, " holds format version \"", value,
                     "\"; this build reads version ", kFormatVersion));
  }
  return absl::OkStatus();
}

absl::Status Database::Close() {
  if (db_ == nullptr) return absl::OkStatus();
  absl::Status result = FromRocksDb(db_->FlushWAL(/*sync=*/true), "syncing the WAL");
  // A clean shutdown leaves no memtable behind: replaying a large WAL at the next start
  // took seconds (docs/BENCHMARKS.md, restart).
  std::vector<rocksdb::ColumnFamilyHandle*> families;
  for (rocksdb::ColumnFamilyHandle* handle : handles_) {
    if (handle != nullptr) families.push_back(handle);
  }
  rocksdb::FlushOptions flush;
  flush.wait = true;
  // A failed flush (a full disk) is no failure to close: the synced WAL holds everything.
  db_->Flush(flush, families).PermitUncheckedError();
  for (rocksdb::ColumnFamilyHandle*& handle : handles_) {
    if (handle == nullptr) continue;
    const absl::Status destroyed =
        FromRocksDb(db_->DestroyColumnFamilyHandle(handle), "releasing a column family");
    if (result.ok()) result = destroyed;
    handle = nullptr;
  }
  const absl::Status closed = FromRocksDb(db_->Close(), "closing the database");
  if (result.ok()) result = closed;
  db_.reset();
  return result;
}

std::vector<Database::Figure> Database::Figures() const {
  struct Property {
    const char* name;
    bool per_family;  // Otherwise DB-wide: every family answers the same.
  };
  static constexpr Property kProperties[] = {
      {"cur-size-all-mem-tables", true},    {"total-sst-files-size", true},
      {"estimate-num-keys", true},          {"estimate-pending-compaction-bytes", true},
      {"num-running-compactions", false},   {"num-running-flushes", false},
      {"actual-delayed-write-rate", false}, {"is-write-stopped", false},
      {"background-errors", false},
  };
  std::vector<Figure> figures;
  if (db_ == nullptr) return figures;
  for (const Property& property : kProperties) {
    Figure figure{property.name, 0};
    const std::string name = std::string("rocksdb.") + property.name;
    for (rocksdb::ColumnFamilyHandle* handle : handles_) {
      uint64_t value = 0;
      if (db_->GetIntProperty(handle, name, &value)) figure.value += value;
      if (!property.per_family) break;
    }
    figures.push_back(std::move(figure));
  }
  return figures;
}

absl::Status Database::Checkpoint(const std::string& directory) const {
  std::error_code error;
  if (std::filesystem::exists(directory, error)) {
    return absl::AlreadyExistsError(absl::StrCat("checkpoint directory ", directory, " exists"));
  }
  const std::filesystem::path parent = std::filesystem::path(directory).parent_path();
  if (!parent.empty() && !std::filesystem::create_directories(parent, error) && error) {
    return absl::UnavailableError(
        absl::StrCat("cannot create ", parent.string(), ": ", error.message()));
  }
  rocksdb::Checkpoint* raw = nullptr;
  RETURN_IF_ERROR(FromRocksDb(rocksdb::Checkpoint::Create(db_.get(), &raw), "checkpoint"));
  std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
  // 0: always flush the memtables, so the copy needs no WAL replay to hold everything.
  return FromRocksDb(checkpoint->CreateCheckpoint(directory, /*log_size_for_flush=*/0),
                     absl::StrCat("writing checkpoint ", directory));
}

absl::Status Database::Commit(rocksdb::WriteBatch* batch, const rocksdb::WriteOptions& options,
                              absl::string_view what) {
  absl::ReleasableMutexLock lock(&commit_mu_);
  if (log_ == nullptr) {
    // Embedded mode: writers are not serialized here; RocksDB batches concurrent writes
    // (the ledger's commit, an import, a change) into one synced WAL write itself.
    lock.Release();
    return FromRocksDb(db_->Write(options, batch), what);
  }
  RETURN_IF_ERROR(behind_log_);
  absl::StatusOr<LogPosition> position = log_->Append(batch->Data());
  if (position.status().code() == absl::StatusCode::kResourceExhausted) {
    return position.status();  // Certainly not appended (too large, etcd's quota): no harm.
  }
  if (!position.ok()) {
    // Refused by the fence, or unknown: either way this writer's state may not be the
    // log's any more (or never be extended by it); nothing more is written until caught up.
    behind_log_ = WithReason(
        absl::UnavailableError(absl::StrCat(
            "the group's replicated log did not take a commit (", position.status().ToString(),
            "); the group is being caught up from the log, retry (a retry with the same "
            "request_id gets the original answer if it was written)")),
        "BEHIND_LOG");
    return behind_log_;
  }
  absl::Status put =
      FromRocksDb(batch->Put(family(Family::kDefault), kAppliedLogKey, EncodePosition(*position)),
                  "recording the applied log position");
  if (put.ok()) put = FromRocksDb(db_->Write(options, batch), what);
  if (!put.ok()) {
    behind_log_ = WithReason(
        absl::UnavailableError(absl::StrCat("log record ", position->index,
                                            " is in the replicated log but could not be "
                                            "written here (",
                                            put.ToString(), "); the group is being caught up")),
        "BEHIND_LOG");
    return behind_log_;
  }
  return absl::OkStatus();
}

void Database::AttachCommitLog(CommitLog* log) {
  absl::MutexLock lock(&commit_mu_);
  log_ = log;
}

absl::Status Database::CommitHealth() const {
  absl::MutexLock lock(&commit_mu_);
  return behind_log_;
}

absl::StatusOr<LogPosition> Database::AppliedLogPosition() const {
  std::string value;
  const rocksdb::Status found =
      db_->Get(rocksdb::ReadOptions(), family(Family::kDefault), kAppliedLogKey, &value);
  if (found.IsNotFound()) return LogPosition{};
  RETURN_IF_ERROR(FromRocksDb(found, "reading the applied log position"));
  LogPosition position;
  if (value.size() != 8 + position.hash.size() ||
      !DecodeKey64(absl::string_view(value).substr(0, 8), &position.index)) {
    return absl::DataLossError(
        absl::StrCat("the applied log position of ", path_, " is damaged"));
  }
  std::copy(value.begin() + 8, value.end(), position.hash.begin());
  return position;
}

absl::Status Database::ApplyLogRecord(const LogPosition& position, absl::string_view batch) {
  absl::MutexLock lock(&commit_mu_);
  ASSIGN_OR_RETURN(const LogPosition applied, AppliedLogPosition());
  if (position.index != applied.index + 1) {
    return absl::InvalidArgumentError(absl::StrCat("log record ", position.index,
                                                   " is not the next after ", applied.index,
                                                   " applied to ", path_));
  }
  // A batch's header is 12 bytes (sequence, count); RocksDB checks the rest as it writes.
  if (batch.size() < 12) return absl::InvalidArgumentError("a log record does not decode");
  rocksdb::WriteBatch write(std::string(batch.data(), batch.size()));
  RETURN_IF_ERROR(FromRocksDb(
      write.Put(family(Family::kDefault), kAppliedLogKey, EncodePosition(position)),
      "recording the applied log position"));
  rocksdb::WriteOptions options;
  options.sync = true;
  return FromRocksDb(db_->Write(options, &write), "applying a log record");
}

}  // namespace interco::storage
