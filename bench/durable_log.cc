// RunDurableLog: see baselines.h.
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "bench/baselines.h"
#include "bench/process_meter.h"
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
  std::atomic<uint64_t> sequence{0};
  std::atomic<int64_t> failed{0};
  std::vector<std::vector<double>> latencies(writers);
  const ProcessMeter meter(getpid(), /*peak_rss=*/false);
  const absl::Time start = absl::Now();
  std::vector<std::thread> threads;
  for (int w = 0; w < writers; ++w) {
    threads.emplace_back([&, w] {
      for (int b = 0; b < batches; ++b) {
        rocksdb::WriteBatch batch;
        for (int i = 0; i < batch_size; ++i) {
          AddPosting(**db, sequence.fetch_add(1) + 1, absl::StrCat("log-", w, "-", b, "-", i),
                     &batch);
        }
        batch.Put((*db)->family(storage::Family::kDefault), "head", std::string(8 + 32, 'h'));
        const absl::Time sent = absl::Now();
        if (!AppendDurably(fd, batch.Data())) ++failed;
        latencies[w].push_back(absl::ToDoubleMilliseconds(absl::Now() - sent));
      }
    });
  }
  for (auto& t : threads) t.join();
  f.seconds = absl::ToDoubleSeconds(absl::Now() - start);
  meter.Finish(&f);
  std::vector<double> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  SetLatencies(std::move(all), &f);
  f.postings = static_cast<int64_t>(writers) * batches * batch_size - failed * batch_size;
  f.lines = f.postings * 4;
  if (failed > 0) f.errors["append failed"] = failed;
  std::error_code error;
  const auto bytes = std::filesystem::file_size(path, error);
  if (!error && f.postings > 0) {
    f.note = absl::StrCat(bytes / std::max<int64_t>(1, f.postings + failed * batch_size),
                          " bytes appended per posting");
  }
  close(fd);
  (*db)->Close().IgnoreError();
  return f;
}

}  // namespace interco::bench
