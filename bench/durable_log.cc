// RunDurableLog: see baselines.h.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "bench/baselines.h"
#include "bench/sample_posting.h"
#include "rocksdb/write_batch.h"
#include "storage/database.h"

namespace interco::bench {
namespace {

// Appends `data` whole (O_APPEND: one write is one contiguous record even with several
// writers) and makes it durable with one fdatasync. False on any error.
bool AppendDurably(int fd, const std::string& data) {
  size_t written = 0;
  while (written < data.size()) {
    const ssize_t n = write(fd, data.data() + written, data.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    written += static_cast<size_t>(n);
  }
  return fdatasync(fd) == 0;
}

}  // namespace

absl::StatusOr<Figures> RunDurableLog(const std::string& directory, const std::string& scenario,
                                      int writers, int batch_size, int batches) {
  // The database only names the column families the batches are encoded with; nothing
  // is written to it.
  absl::StatusOr<std::unique_ptr<storage::Database>> db =
      storage::Database::Open({.path = directory + "/families"});
  if (!db.ok()) return db.status();
  const std::string path = directory + "/journal.log";
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) {
    return absl::UnavailableError(absl::StrCat("cannot open ", path, ": ", std::strerror(errno)));
  }
  Figures f{"fdatasync-log", scenario, writers, batch_size};
  RunSampleBatches(
      **db, writers, batch_size, batches, "log",
      [fd](rocksdb::WriteBatch& batch) { return AppendDurably(fd, batch.Data()); }, "append failed",
      &f);
  // Failed appends may have written part of a batch: divide by every posting attempted.
  const int64_t attempted = static_cast<int64_t>(writers) * batches * batch_size;
  std::error_code error;
  const auto bytes = std::filesystem::file_size(path, error);
  if (!error && f.postings > 0) {
    f.note = absl::StrCat(bytes / std::max<int64_t>(1, attempted), " bytes appended per posting");
  }
  close(fd);
  (*db)->Close().IgnoreError();
  return f;
}

}  // namespace interco::bench
