// Format upgrades of a group's database, run by Database::Open before anything reads it.
//
// Format 1 -> 2: the histories beside the journal get their hash chains (family_chain.h).
// The records written by format 1 are chained as they are found: the upgrade makes later
// edits evident, it cannot vouch for what happened before it (docs/RELIABILITY.md says to
// verify a database before upgrading it). One synced write batch, which also records the
// new format version, so a crash leaves the old format or the new one, never a mixture.
#ifndef INTERCO_STORAGE_FORMAT_UPGRADE_H_
#define INTERCO_STORAGE_FORMAT_UPGRADE_H_

#include <string>

#include "absl/status/status.h"
#include "rocksdb/db.h"

namespace interco::storage {

class Database;

// `version_key` is the default family's key of the format version; `database` is open.
// DATA_LOSS naming the key if a format-1 history has a gap or a missing record.
absl::Status UpgradeFormat1To2(Database& database, const std::string& version_key);

}  // namespace interco::storage

#endif  // INTERCO_STORAGE_FORMAT_UPGRADE_H_
