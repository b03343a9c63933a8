// ScopedSnapshot: a RocksDB snapshot released when it goes out of scope, for reads that
// must see one consistent state of several column families.
#ifndef INTERCO_STORAGE_SCOPED_SNAPSHOT_H_
#define INTERCO_STORAGE_SCOPED_SNAPSHOT_H_

#include "rocksdb/db.h"

namespace interco::storage {

class ScopedSnapshot {
 public:
  explicit ScopedSnapshot(rocksdb::DB* db) : db_(db), snapshot_(db->GetSnapshot()) {}
  ScopedSnapshot(const ScopedSnapshot&) = delete;
  ScopedSnapshot& operator=(const ScopedSnapshot&) = delete;
  ~ScopedSnapshot() { db_->ReleaseSnapshot(snapshot_); }

  const rocksdb::Snapshot* get() const { return snapshot_; }

 private:
  rocksdb::DB* const db_;
  const rocksdb::Snapshot* const snapshot_;
};

}  // namespace interco::storage

#endif  // INTERCO_STORAGE_SCOPED_SNAPSHOT_H_
