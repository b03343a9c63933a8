// CommitLog: a group's replicated log of commits, as its Database sees it (issue 25).
//
// In replicated mode every write to a group's database (a drain of the ledger's writer, a
// change of the structure, pricing or chart, a trial-balance import) is first appended to
// the group's log, and written to the local RocksDB only once the log holds it; followers
// apply the same records in the same order. A record is the commit's WriteBatch: the
// records of our own encodings (journal entries with their chain hashes, change-log
// versions, trial-balance versions) under the keys the database keeps them by. Replicating
// the batch, not a second encoding per family, keeps one rule for what a commit is.
#ifndef INTERCO_STORAGE_COMMIT_LOG_H_
#define INTERCO_STORAGE_COMMIT_LOG_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/common/sha256.h"

namespace interco::storage {

// Where a log stands: the last record's index and hash (0 and zeros: empty).
struct LogPosition {
  uint64_t index = 0;
  Sha256Digest hash{};
  friend bool operator==(const LogPosition& a, const LogPosition& b) {
    return a.index == b.index && a.hash == b.hash;
  }
  friend bool operator!=(const LogPosition& a, const LogPosition& b) { return !(a == b); }
};

class CommitLog {
 public:
  virtual ~CommitLog() = default;

  // Makes `batch` (a RocksDB WriteBatch's Data()) the log's next record; its position
  // (index 1, 2, ... and hash) once the log holds it durably. FAILED_PRECONDITION (reason FENCE_LOST): this writer
  // no longer owns the group and never appends again. UNAVAILABLE or DEADLINE_EXCEEDED:
  // unknown whether the record was appended. Called with the database's commit lock held,
  // so records are appended in the order they are written locally.
  virtual absl::StatusOr<LogPosition> Append(absl::string_view batch) = 0;
};

}  // namespace interco::storage

#endif  // INTERCO_STORAGE_COMMIT_LOG_H_
