// The baselines the ledger is measured against, in the same run:
//  - raw RocksDB: synced WriteBatches of exactly the bytes Interco writes for the same
//    postings (journal value, idempotency record, four balance values, two index entries,
//    chain head), with the same column families and options, and no logic at all: the
//    physical limit of this machine's disk and RocksDB;
//  - the fdatasync'ed log: the same bytes as raw RocksDB's WAL payload (the WriteBatch of
//    the same postings, journal value and all) appended to one plain file with one
//    fdatasync per group and nothing else: the durable-log limit of this disk;
//  - PostgreSQL: the same postings in a fair double-entry schema (requests, postings,
//    lines, balances, with their keys and an index by entity and period), one transaction
//    per call, synchronous_commit=on, through libpq.
#ifndef INTERCO_BENCH_BASELINES_H_
#define INTERCO_BENCH_BASELINES_H_

#include <string>

#include "absl/status/statusor.h"
#include "bench/figures.h"

namespace interco::bench {

// `writers` threads each appending `batches` synced WriteBatches of `batch_size` postings
// to a fresh database in `directory`. `scenario` labels the figures ("unary" or "batch").
absl::StatusOr<Figures> RunRawRocksDb(const std::string& directory, const std::string& scenario,
                                      int writers, int batch_size, int batches);

// `writers` threads each appending `batches` groups of `batch_size` postings to one file
// in `directory` (created if missing), one write and one fdatasync per group. The groups'
// bytes are the WriteBatches RunRawRocksDb writes.
absl::StatusOr<Figures> RunDurableLog(const std::string& directory, const std::string& scenario,
                                      int writers, int batch_size, int batches);

// Creates the schema (dropping an earlier one) in the database `conninfo` names.
absl::Status PreparePostgres(const std::string& conninfo);

// `connections` clients each committing `transactions` transactions of `batch_size`
// postings.
absl::StatusOr<Figures> RunPostgres(const std::string& conninfo, const std::string& scenario,
                                    int connections, int batch_size, int transactions);

}  // namespace interco::bench

#endif  // INTERCO_BENCH_BASELINES_H_
