// The posting every baseline writes: a goods sale A -> B priced by cost plus and booked as
// four lines in two entities, encoded by the real journal codec, with the other keys
// LedgerStore::Append writes for it. One definition, so that raw RocksDB and the
// fdatasync'ed log carry exactly the same bytes.
#ifndef INTERCO_BENCH_SAMPLE_POSTING_H_
#define INTERCO_BENCH_SAMPLE_POSTING_H_

#include <cstdint>
#include <functional>
#include <string>

#include "bench/figures.h"
#include "rocksdb/write_batch.h"
#include "services/ledger/entry.h"
#include "storage/database.h"

namespace interco::bench {

// The journal entry of the sample posting at `sequence` for `request_id`.
ledger::JournalEntry SampleEntry(uint64_t sequence, const std::string& request_id);

// Adds to `batch` what LedgerStore::Append writes for one posting, as plain puts: the
// journal value, the idempotency record, four balance values and two index entries (the
// chain head is written once per batch by the caller). `db` supplies the column families.
void AddPosting(const storage::Database& db, uint64_t sequence, const std::string& request_id,
                rocksdb::WriteBatch* batch);

// The baselines' load: `writers` threads each build `batches` batches of `batch_size`
// sample postings (request ids "<prefix>-<writer>-<batch>-<item>", sequences from 1 over
// all writers) and the chain head, and hand each to `write` (false: it failed), timing
// that call alone. Fills `f`'s seconds, CPU (this process's), latencies, postings and
// lines; failed batches count under `failure` in f->errors.
void RunSampleBatches(const storage::Database& db, int writers, int batch_size, int batches,
                      const std::string& prefix,
                      const std::function<bool(rocksdb::WriteBatch&)>& write,
                      const std::string& failure, Figures* f);

}  // namespace interco::bench

#endif  // INTERCO_BENCH_SAMPLE_POSTING_H_
