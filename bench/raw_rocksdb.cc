// RunRawRocksDb: see baselines.h.
#include <unistd.h>

#include <atomic>
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

using storage::Family;

absl::StatusOr<Figures> RunRawRocksDb(const std::string& directory, const std::string& scenario,
                                      int writers, int batch_size, int batches) {
  absl::StatusOr<std::unique_ptr<storage::Database>> db =
      storage::Database::Open({.path = directory});
  if (!db.ok()) return db.status();
  Figures f{"rocksdb", scenario, writers, batch_size};
  std::atomic<uint64_t> sequence{0};
  std::atomic<int64_t> failed{0};
  std::vector<std::vector<double>> latencies(writers);
  const ProcessMeter meter(getpid(), /*peak_rss=*/false);
  const absl::Time start = absl::Now();
  std::vector<std::thread> threads;
  for (int w = 0; w < writers; ++w) {
    threads.emplace_back([&, w] {
      rocksdb::WriteOptions write;
      write.sync = true;
      for (int b = 0; b < batches; ++b) {
        rocksdb::WriteBatch batch;
        for (int i = 0; i < batch_size; ++i) {
          AddPosting(**db, sequence.fetch_add(1) + 1, absl::StrCat("raw-", w, "-", b, "-", i),
                     &batch);
        }
        batch.Put((*db)->family(Family::kDefault), "head", std::string(8 + 32, 'h'));
        const absl::Time sent = absl::Now();
        if (!(*db)->db()->Write(write, &batch).ok()) ++failed;
        latencies[w].push_back(absl::ToDoubleMilliseconds(absl::Now() - sent));
      }
    });
  }
  for (auto& t : threads) t.join();
  f.seconds = absl::ToDoubleSeconds(absl::Now() - start);
  meter.Finish(&f);  // Before Close, whose flush is no part of the scenario.
  std::vector<double> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  SetLatencies(std::move(all), &f);
  f.postings = static_cast<int64_t>(writers) * batches * batch_size - failed * batch_size;
  f.lines = f.postings * 4;
  if (failed > 0) f.errors["write failed"] = failed;
  (*db)->Close().IgnoreError();
  return f;
}

}  // namespace interco::bench
