#include "storage/rocksdb_status.h"

#include <algorithm>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

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

bool AllDigits(absl::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), absl::ascii_isdigit);
}

bool IsTableFile(absl::string_view name) {
  return (absl::EndsWith(name, ".sst") || absl::EndsWith(name, ".ldb")) &&
         AllDigits(name.substr(0, name.size() - 4));
}

bool IsManifest(absl::string_view name) {
  return absl::StartsWith(name, "MANIFEST-") && AllDigits(name.substr(9));
}

// The first file name `is` accepts in `text`, a status message that may carry whole
// paths; "" if none.
std::string FirstFileNamed(absl::string_view text, bool (*is)(absl::string_view)) {
  for (absl::string_view word : absl::StrSplit(text, absl::ByAnyChar(" /:,()'\"\t"))) {
    if (is(word)) return std::string(word);
  }
  return "";
}

// The write-ahead log files in `path`, by name, oldest first.
std::vector<std::string> WalFiles(absl::string_view path) {
  std::vector<std::string> names;
  std::error_code error;
  for (const auto& file : std::filesystem::directory_iterator(std::string(path), error)) {
    if (file.path().extension() == ".log") names.push_back(file.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

bool SaysMissing(absl::string_view text) {
  return absl::StrContains(text, "No such file or directory");
}

// "refusing to start: table file 000012.sst of /data is missing (...). Nothing was ..."
absl::Status RefuseToStart(absl::string_view file, absl::string_view path, bool missing,
                           const rocksdb::Status& status) {
  return absl::DataLossError(absl::StrCat(
      "refusing to start: ", file, " of ", path, missing ? " is missing (" : " is damaged (",
      status.ToString(), "). Nothing was changed; restore the data directory from a checkpoint ",
      "as docs/OPERATIONS.md \"A damaged data directory\" says"));
}

}  // namespace

absl::Status FromRocksDbOpen(const rocksdb::Status& status, absl::string_view path) {
  const absl::Status error = FromRocksDb(status, absl::StrCat("opening data directory ", path));
  // A missing file is an IOError when RocksDB opens it itself (the MANIFEST), a Corruption
  // when it finds it missing while checking what the MANIFEST lists (a table).
  if (!status.IsCorruption() && !(status.IsIOError() && SaysMissing(status.ToString()))) {
    return error;
  }
  const std::string text = status.ToString();
  const bool missing = SaysMissing(text);
  // Checked first: a table's damage is reported "in file MANIFEST-...", the file that
  // lists it, which is intact.
  std::string table = FirstFileNamed(text, IsTableFile);
  if (!table.empty()) {
    // RocksDB looks for a missing table as .sst, then under its old name .ldb.
    table.replace(table.size() - 4, 4, ".sst");
    return RefuseToStart(absl::StrCat("table file ", table), path, missing, status);
  }
  // RocksDB found no CURRENT (so no MANIFEST to follow) beside files of a database.
  if (absl::StrContains(text, "While creating a new Db")) {
    return RefuseToStart("the CURRENT file", path, /*missing=*/true, status);
  }
  const std::string manifest = FirstFileNamed(text, IsManifest);
  if (!manifest.empty()) {
    return RefuseToStart(absl::StrCat("the MANIFEST ", manifest), path, missing, status);
  }
  const std::vector<std::string> wal = WalFiles(path);
  if (!status.IsCorruption() || wal.empty()) return error;
  return absl::DataLossError(absl::StrCat(
      "refusing to start: the write-ahead log of ", path, " is damaged before its end (",
      status.ToString(), "); replaying past the damage would drop acknowledged postings. ",
      "Kept untouched: ", absl::StrJoin(wal, ", "),
      ". Restore from a checkpoint as docs/OPERATIONS.md \"A damaged write-ahead log\" says"));
}

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
