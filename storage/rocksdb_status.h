// The one place where rocksdb::Status becomes absl::Status.
#ifndef INTERCO_STORAGE_ROCKSDB_STATUS_H_
#define INTERCO_STORAGE_ROCKSDB_STATUS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "rocksdb/slice.h"
#include "rocksdb/status.h"

namespace interco::storage {

// Translates a RocksDB status; `context` (what we were doing) prefixes the message.
//   NotFound -> NOT_FOUND; Corruption -> DATA_LOSS;
//   IOError: no space -> RESOURCE_EXHAUSTED, the DB lock held by another process ->
//   FAILED_PRECONDITION (message names the lock), any other -> UNAVAILABLE;
//   Busy, TimedOut, TryAgain, ShutdownInProgress, Incomplete -> UNAVAILABLE;
//   Aborted -> ABORTED;
//   InvalidArgument, NotSupported, MergeInProgress and anything else -> INTERNAL: they
//   mean we used RocksDB wrongly, never that the caller sent bad input.
absl::Status FromRocksDb(const rocksdb::Status& status, absl::string_view context);

// A view of a RocksDB slice. (Debian's Abseil has its own string_view, not std's.)
inline absl::string_view ToView(const rocksdb::Slice& slice) {
  return absl::string_view(slice.data(), slice.size());
}

}  // namespace interco::storage

#endif  // INTERCO_STORAGE_ROCKSDB_STATUS_H_
