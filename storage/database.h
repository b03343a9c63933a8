// Database: the process's one RocksDB instance, with the column families Interco uses.
//
// Every other storage class borrows a Database; nothing outside storage/ sees RocksDB.
// Thread-safe: RocksDB's DB is, and Database's own state (the write health) is guarded.
#ifndef INTERCO_STORAGE_DATABASE_H_
#define INTERCO_STORAGE_DATABASE_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "rocksdb/cache.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"
#include "storage/commit_log.h"

namespace interco::storage {

// Column families, in a fixed order. Adding one is backward compatible (created on the
// next open); removing or renaming one is a migration.
enum class Family : int {
  kDefault = 0,    // Metadata: format version.
  kStructure,      // Group structure change log, keyed by structure version.
  kIdempotency,    // request_id -> fingerprint and original response.
  kJournal,        // Ledger postings, keyed by ledger sequence.
  kEntryIndex,     // (entity, period, account, sequence) -> empty.
  kBalances,       // (entity, period, account, counterparty, currency) -> running balance.
  kReference,      // Policies, account maps, FX rates, period closes.
  kChart,          // Group chart of accounts and mappings change log, keyed by chart version.
  kTrialBalances,  // Trial balance versions, their lines, request ids, import sequences.
  kCount,
};

inline constexpr std::array<const char*, static_cast<size_t>(Family::kCount)> kFamilyNames = {
    "default",  "structure", "idempotency", "journal",       "entry_index",
    "balances", "reference", "chart",       "trial_balances"};

struct DatabaseOptions {
  // Directory of the database; created (with parents) if missing.
  std::string path;
  // Block cache for all column families, of this size unless `block_cache` is given.
  size_t block_cache_bytes = 64 << 20;
  // One cache shared by several databases (every group's), bounding their reads' memory
  // together; null: the database makes its own of block_cache_bytes.
  std::shared_ptr<rocksdb::Cache> block_cache = nullptr;
  // Background flush and compaction threads.
  int background_jobs = 2;
  // Upper bound on open files; -1 lets RocksDB keep all open.
  int max_open_files = 1024;
  // When the WAL grows past this, RocksDB flushes the column families holding its oldest
  // records: it bounds what a restart after a crash replays (restart time).
  uint64_t max_total_wal_bytes = 256ull << 20;
};

// A block cache for DatabaseOptions::block_cache, shared by several databases.
std::shared_ptr<rocksdb::Cache> NewSharedBlockCache(size_t bytes);

class Database {
 public:
  // Opens or creates the database at options.path. Errors:
  //   FAILED_PRECONDITION: the directory is used by another running process (its LOCK
  //     file is held) or holds data of an unknown format version;
  //   UNAVAILABLE / RESOURCE_EXHAUSTED: the directory cannot be created or written;
  //   DATA_LOSS: RocksDB found corruption.
  static absl::StatusOr<std::unique_ptr<Database>> Open(const DatabaseOptions& options);

  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Closes cleanly (see Close) if not closed yet.
  ~Database();

  // Flushes the memtables (so the next open replays no WAL), syncs the WAL, releases the
  // column families and closes RocksDB. Idempotent.
  absl::Status Close();

  // RocksDB's own figures worth watching (memtable and SST bytes, estimated keys, pending
  // compaction bytes, running compactions and flushes, write stalls), summed over the
  // column families where RocksDB reports them per family. Thread-safe.
  struct Figure {
    std::string name;  // A RocksDB property name without the "rocksdb." prefix.
    uint64_t value = 0;
  };
  std::vector<Figure> Figures() const;

  // Writes a consistent, openable copy of the whole database to `directory`, which must
  // not exist (missing parents are created): SST files are hard-linked when on the same filesystem,
  // the rest copied, and the WAL flushed first, so every acknowledged posting is in it.
  // ALREADY_EXISTS if `directory` exists; the translated RocksDB error otherwise.
  absl::Status Checkpoint(const std::string& directory) const;

  // OK while RocksDB accepts writes; otherwise the background error that stopped them (a
  // flush or compaction that failed: a checksum error, a full disk), as DATA_LOSS,
  // RESOURCE_EXHAUSTED or UNAVAILABLE naming what failed. Set from RocksDB's own
  // notifications (OnBackgroundError, OnErrorRecoveryEnd). Thread-safe.
  absl::Status WriteHealth() const;

  // After a background error: asks RocksDB to resume writing (DB::Resume), which works for
  // errors it can retry (a full disk with space back) and not for corruption. Returns
  // WriteHealth() afterwards. Thread-safe.
  absl::Status TryResume();

  // Writes `batch`: the one door for every write of the group's data. Without a commit log,
  // straight to RocksDB (`what` names the write in its error). With one (replicated mode),
  // the batch is first appended to the log, then written with the log position it got
  // (under the default family's "replication/applied"), one commit at a time. If the log refused
  // or may hold a record the database then lacks (an ambiguous append, a local write that
  // failed after the log took it), this and every later Commit answer UNAVAILABLE (reason
  // BEHIND_LOG): the database must be closed and caught up from the log before it is
  // written again, as the caller's in-memory state may no longer match it.
  absl::Status Commit(rocksdb::WriteBatch* batch, const rocksdb::WriteOptions& options,
                      absl::string_view what);

  // Replicated mode: `log` (which must outlive the database, or be detached first) takes
  // every Commit from now on; null detaches it. Attach it before the first Commit (the
  // server does so right after opening): a Commit without a log does not wait for the
  // commit lock, so one already under way would not be logged.
  void AttachCommitLog(CommitLog* log);
  // OK unless a Commit left the database behind its log (see Commit).
  absl::Status CommitHealth() const;

  // A follower's write of the log's record at `position` (the owner's batch, as appended,
  // already checked against the log's chain); the position is stored with it.
  // INVALID_ARGUMENT when it is not the next after AppliedLogPosition() or the batch does
  // not decode; nothing is written then.
  absl::Status ApplyLogRecord(const LogPosition& position, absl::string_view batch);
  // The last log record this database holds (index 0: none; always so without replication).
  absl::StatusOr<LogPosition> AppliedLogPosition() const;

  rocksdb::DB* db() const { return db_.get(); }
  rocksdb::ColumnFamilyHandle* family(Family f) const { return handles_[static_cast<size_t>(f)]; }
  const std::string& path() const { return path_; }

  // The on-disk format this build reads and writes (stored under the default family).
  // 2: the histories beside the journal are hash-chained (format_upgrade.h upgrades 1).
  static constexpr uint32_t kFormatVersion = 2;

 private:
  class HealthListener;

  Database(std::string path, std::unique_ptr<rocksdb::DB> db,
           std::array<rocksdb::ColumnFamilyHandle*, static_cast<size_t>(Family::kCount)> handles,
           std::shared_ptr<HealthListener> health);

  absl::Status CheckFormatVersion();

  std::string path_;
  std::unique_ptr<rocksdb::DB> db_;
  std::array<rocksdb::ColumnFamilyHandle*, static_cast<size_t>(Family::kCount)> handles_;
  std::shared_ptr<HealthListener> health_;
  // Serializes Commit in replicated mode (only): the log's order is the local order.
  mutable absl::Mutex commit_mu_;
  CommitLog* log_ ABSL_GUARDED_BY(commit_mu_) = nullptr;
  absl::Status behind_log_ ABSL_GUARDED_BY(commit_mu_);
};

}  // namespace interco::storage

#endif  // INTERCO_STORAGE_DATABASE_H_
