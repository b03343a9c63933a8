// The posting every baseline writes: a goods sale A -> B priced by cost plus and booked as
// four lines in two entities, encoded by the real journal codec, with the other keys
// LedgerStore::Append writes for it. One definition, so that raw RocksDB and the
// fdatasync'ed log carry exactly the same bytes.
#ifndef INTERCO_BENCH_SAMPLE_POSTING_H_
#define INTERCO_BENCH_SAMPLE_POSTING_H_

#include <cstdint>
#include <string>

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

}  // namespace interco::bench

#endif  // INTERCO_BENCH_SAMPLE_POSTING_H_
