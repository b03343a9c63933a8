// RunRawRocksDb: see baselines.h.

#include "bench/baselines.h"
#include "bench/sample_posting.h"
#include "rocksdb/write_batch.h"
#include "storage/database.h"

namespace interco::bench {

absl::StatusOr<Figures> RunRawRocksDb(const std::string& directory, const std::string& scenario,
                                      int writers, int batch_size, int batches) {
  absl::StatusOr<std::unique_ptr<storage::Database>> db =
      storage::Database::Open({.path = directory});
  if (!db.ok()) return db.status();
  Figures f{"rocksdb", scenario, writers, batch_size};
  rocksdb::WriteOptions write;
  write.sync = true;
  RunSampleBatches(
      **db, writers, batch_size, batches, "raw",
      [&](rocksdb::WriteBatch& batch) { return (*db)->db()->Write(write, &batch).ok(); },
      "write failed", &f);  // Measured before Close, whose flush is no part of the scenario.
  (*db)->Close().IgnoreError();
  return f;
}

}  // namespace interco::bench
