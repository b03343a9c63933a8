#include "storage/rocksdb_status.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace interco::storage {
namespace {

// RocksDB reports a lock held by another process as an IOError from its LockFile(),
// whose message contains "lock" and the OS error (EAGAIN / "Resource temporarily
// unavailable"); there is no dedicated subcode.
bool IsLockHeld(const rocksdb::Status& status) {
  const std::string text = status.ToString();
  return absl::StrContains(text, "lock") &&
         (absl::StrContains(text, "Resource temporarily unavailable") ||
          absl::StrContains(text, "No locks available") ||
          absl::StrContains(text, "lock hold by current process"));
}

}  // namespace

absl::Status FromRocksDb(const rocksdb::Status& status, absl::string_view context) {
  if (status.ok()) return absl::OkStatus();
  const std::string message = absl::StrCat(context, ": ", status.ToString());
  switch (status.code()) {
    case rocksdb::Status::kNotFound:
      return absl::NotFoundError(message);
    case rocksdb::Status::kCorruption:
      return absl::DataLossError(message);
    case rocksdb::Status::kIOError:
      if (status.IsNoSpace()) return absl::ResourceExhaustedError(message);
      if (IsLockHeld(status)) {
        return absl::FailedPreconditionError(absl::StrCat(
            message, " (the data directory's LOCK file is held: another server is using it)"));
      }
      return absl::UnavailableError(message);
    case rocksdb::Status::kBusy:
    case rocksdb::Status::kTimedOut:
    case rocksdb::Status::kTryAgain:
    case rocksdb::Status::kShutdownInProgress:
    case rocksdb::Status::kIncomplete:
      return absl::UnavailableError(message);
    case rocksdb::Status::kAborted:
      return absl::AbortedError(message);
    default:
      return absl::InternalError(message);
  }
}

}  // namespace interco::storage
