// Test-only: damaging a RocksDB table file the way a bad disk would, to prove that what reads
// it notices (verification, compaction, health).
#ifndef INTERCO_STORAGE_TABLE_DAMAGE_H_
#define INTERCO_STORAGE_TABLE_DAMAGE_H_

#include <fstream>
#include <string>
#include <vector>

#include "rocksdb/db.h"
#include "rocksdb/metadata.h"
#include "storage/database.h"

namespace interco::storage {

// The path of a live table file of the column family `family` ("journal", ...); "" if none.
inline std::string TableFileOf(const Database& database, const std::string& family) {
  std::vector<rocksdb::LiveFileMetaData> files;
  database.db()->GetLiveFilesMetaData(&files);
  std::string path;
  for (const rocksdb::LiveFileMetaData& file : files) {
    if (file.column_family_name == family) path = file.db_path + file.name;
  }
  return path;
}

// Flips bits of the byte at `fraction` (0 to 1) of the file's length: inside a data block
// for a table file of a few blocks, where only a read of that block can notice.
inline void FlipByteAt(const std::string& path, double fraction) {
  std::fstream io(path, std::ios::in | std::ios::out | std::ios::binary);
  io.seekg(0, std::ios::end);
  const std::streamoff at = static_cast<std::streamoff>(io.tellg() * fraction);
  io.seekg(at);
  char byte = 0;
  io.read(&byte, 1);
  byte = static_cast<char>(byte ^ 0x5a);
  io.seekp(at);
  io.write(&byte, 1);
}

}  // namespace interco::storage

#endif  // INTERCO_STORAGE_TABLE_DAMAGE_H_
