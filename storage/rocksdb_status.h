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

// Translates the failure of opening the database in directory `path`, saying which file
// is at fault and how, so that an operator restores the right thing. RocksDB names the
// file in its message when a table or the MANIFEST is bad; only damage it names no file
// for, in a directory holding write-ahead logs, is the log's. DATA_LOSS, "refusing to
// start: ...", for:
//   a table file (NNNNNN.sst) damaged or missing (the message names it and the MANIFEST
//     that lists it);
//   the MANIFEST (MANIFEST-NNNNNN) damaged or missing;
//   the CURRENT file missing from a directory that holds data;
//   the write-ahead log damaged before its end (names its .log files, kept untouched).
// Anything else as FromRocksDb with the context "opening data directory <path>".
absl::Status FromRocksDbOpen(const rocksdb::Status& status, absl::string_view path);

// A view of a RocksDB slice. (Debian's Abseil has its own string_view, not std's.)
inline absl::string_view ToView(const rocksdb::Slice& slice) {
  return absl::string_view(slice.data(), slice.size());
}

}  // namespace interco::storage

#endif  // INTERCO_STORAGE_ROCKSDB_STATUS_H_
