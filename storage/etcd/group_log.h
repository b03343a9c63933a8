// EtcdGroupLog: one group's replicated log of commits in etcd (issue 25), as a CommitLog.
//
// Keys, under /interco/groups/<group>/:
//   owner          the owning pod's name, bound to its lease (the fence: EtcdLog::Claim)
//   head           the last record's index and hash ("<index> <hash hex>")
//   log/<index>    one record per commit; index zero-padded to 20 digits, so key order is
//                  log order
//   parts/<index>/<k>  the k-th part of a record's batch too large for one etcd request
//   applied/<pod>  the last record each pod's copy holds (each pod reports its own)
//   trimmed        the last record deleted from the front of the log (absent: none)
// A record is "ICL2", its index (8 bytes, big-endian), the previous record's hash, its own
// hash, the number of parts (4 bytes; 0: the batch follows inline) and the commit's batch
// compressed with zstd (level 1: the batch's keys repeat, and etcd's CPU and bytes per
// posting, Raft and WAL on every member, go with the record's size; docs/BENCHMARKS.md);
// "ICL1" records, of the release before, hold the batch as it is, and are read as well.
// hash = SHA-256("interco.log\n" || index || previous || batch), of the batch itself (not
// its compressed form), the previous hash of record 1 all zeros. So the log is a hash chain of its own: a follower applies a record
// only if its hash is right and it links to what it applied.
//
// A commit larger than one etcd request (record_bytes_max) is split: its parts are put
// first, each under the owner's fence, and the record that names their number is appended
// last, under the full fence, as any record: it is the commit point. Parts without a record
// (an owner that died between them) are never read, and a later record at that index
// overwrites them; the hash covers the whole batch, so stale extra parts cannot be taken.
//
// Only the owner appends, and only under its fence (a record and the head move in one
// Txn); any pod reads. Thread-safe.
#ifndef INTERCO_STORAGE_ETCD_GROUP_LOG_H_
#define INTERCO_STORAGE_ETCD_GROUP_LOG_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/common/sha256.h"
#include "storage/commit_log.h"
#include "storage/etcd/etcd_log.h"

namespace interco::storage {

struct LogRecord {
  LogPosition position;
  std::string batch;
};

// A record as stored: its batch inline, or the number of its parts.
struct StoredRecord {
  LogRecord record;  // batch empty when parts > 0
  Sha256Digest previous{};
  uint32_t parts = 0;
  bool compressed = false;  // Its parts hold the batch compressed ("ICL2").
};

// A batch as records store it (zstd), and back: DATA_LOSS (LOG_RECORD_DAMAGED) naming `key`
// when `stored` does not decompress or would be larger than kCommitBytesMax.
std::string CompressBatch(absl::string_view batch);
absl::StatusOr<std::string> DecompressBatch(absl::string_view key, absl::string_view stored);

// The record's stored value ("ICL2"; `stored` is the compressed batch when it is inline,
// empty with parts), and back: DATA_LOSS (LOG_RECORD_DAMAGED) naming the key when it does
// not decode, or (inline batches) its hash is not its content's.
std::string EncodeLogRecord(const LogPosition& previous, const LogPosition& position,
                            uint32_t parts, absl::string_view stored);
absl::StatusOr<StoredRecord> DecodeLogRecord(absl::string_view key, absl::string_view value);
// DATA_LOSS (LOG_RECORD_DAMAGED) unless `record`'s hash is its content's after `previous`.
absl::Status CheckRecordHash(absl::string_view key, const LogRecord& record,
                             const Sha256Digest& previous);
// The hash of record `index` with `batch` after `previous`.
absl::StatusOr<Sha256Digest> LogRecordHash(uint64_t index, const Sha256Digest& previous,
                                           absl::string_view batch);

class EtcdGroupLog final : public CommitLog {
 public:
  // Within etcd's default --max-request-bytes (1.5 MiB) with room for the Txn around it.
  static constexpr size_t kDefaultRecordBytesMax = 1400 * 1024;
  // The largest commit, in parts: a bound on what one commit costs etcd and a follower.
  static constexpr size_t kCommitBytesMax = size_t{128} << 20;
  // The bytes one read of records (or of a record's parts) asks etcd for at most, were
  // each as large as `record_bytes_max`: etcd pages by count, so the count is set by bytes.
  static constexpr size_t kReadBytesMax = size_t{32} << 20;  // Half EtcdLog's reply limit.

  // `etcd` must outlive the log. `pod`: this process's name in the deployment. A record
  // (a commit and 76 bytes) must fit `record_bytes_max`, which must be below etcd's
  // --max-request-bytes.
  EtcdGroupLog(EtcdLog* etcd, std::string group, std::string pod,
               size_t record_bytes_max = kDefaultRecordBytesMax);

  const std::string& group() const { return group_; }

  // The head now (any pod).
  absl::StatusOr<LogPosition> Head();
  // The owner's name now; nullopt when the group has none.
  absl::StatusOr<std::optional<std::string>> Owner();

  // The records after `from`, at most `limit` and, but for the first, within kReadBytesMax,
  // each checked (hash, link to the one before, from `from`'s hash on). DATA_LOSS naming the
  // record when one is damaged or does not link; FAILED_PRECONDITION (LOG_TRIMMED) when the
  // records after `from` were trimmed (the copy must be restored from a checkpoint); an
  // empty vector when `from` is the head.
  absl::StatusOr<std::vector<LogRecord>> ReadAfter(const LogPosition& from, int64_t limit);

  // Records that this pod's copy holds the log up to `index` (what trimming waits for).
  absl::Status ReportApplied(uint64_t index);
  // Owner only: deletes the records (and their parts) that every pod that ever reported
  // holds, but the last `keep` of them; the last record trimmed (unchanged when nothing was).
  // A pod that reported once and is gone for good holds trimming back until its key under
  // applied/ is deleted (docs/OPERATIONS.md, "Replicated mode").
  absl::StatusOr<uint64_t> Trim(uint64_t keep);

  // Makes this pod the owner with a new lease of `ttl`, if the group has none, and returns
  // the head under the fence: the caller must have applied the log up to it before its
  // first Append. FAILED_PRECONDITION (OWNED_ELSEWHERE) naming the owner.
  absl::StatusOr<LogPosition> Claim(absl::Duration ttl);
  // One keep-alive of the owner's lease; NOT_FOUND once it has lapsed (ownership lost).
  absl::Status KeepAlive();
  // Gives ownership up now (the lease is revoked); idempotent.
  absl::Status Release();
  bool owned() const;

  // CommitLog: appends after the head this owner last wrote (in parts when larger than
  // record_bytes_max). RESOURCE_EXHAUSTED (COMMIT_TOO_LARGE) beyond kCommitBytesMax:
  // certainly not appended. Any other
  // failure ends this ownership (claim again, after catching up).
  absl::StatusOr<LogPosition> Append(absl::string_view batch) override;
  // The position after the last Append (or Claim).
  LogPosition appended() const;

 private:
  std::string Key(absl::string_view name) const;
  std::string RecordKey(uint64_t index) const;
  std::string PartKey(uint64_t index, uint32_t part) const;
  // The last record trimmed; 0 when none was (or the key does not parse).
  absl::StatusOr<uint64_t> LastTrimmed();
  // LOG_TRIMMED when the log no longer holds the record after `from`; OK otherwise.
  absl::Status CheckNotTrimmed(const LogPosition& from);
  // The batch of a record stored in `parts` parts.
  absl::StatusOr<std::string> ReadParts(uint64_t index, uint32_t parts);
  // How many records or parts one etcd read asks for: kReadBytesMax's worth, at least 1.
  int64_t ReadCount() const;
  // Puts `batch` in parts for record `index`; their number.
  absl::StatusOr<uint32_t> PutParts(const Fence& fence, uint64_t index, absl::string_view batch)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  EtcdLog* const etcd_;
  const std::string group_;
  const std::string pod_;
  const std::string prefix_;
  const size_t record_bytes_max_;
  mutable absl::Mutex mu_;
  std::optional<Fence> fence_ ABSL_GUARDED_BY(mu_);
  int64_t lease_ ABSL_GUARDED_BY(mu_) = 0;  // Kept after the fence is lost, to revoke it.
  LogPosition appended_ ABSL_GUARDED_BY(mu_);
};

}  // namespace interco::storage

#endif  // INTERCO_STORAGE_ETCD_GROUP_LOG_H_
