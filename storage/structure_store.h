// The group structure change log (column family "structure").
#ifndef INTERCO_STORAGE_STRUCTURE_STORE_H_
#define INTERCO_STORAGE_STRUCTURE_STORE_H_

#include <memory>

#include "services/group/model.h"
#include "storage/change_log_store.h"
#include "storage/database.h"

namespace interco::storage {

using StructureStore = ChangeLogStore<group::StructureChange>;

// `database` must outlive the store.
std::unique_ptr<StructureStore> NewStructureStore(Database* database);

}  // namespace interco::storage

#endif  // INTERCO_STORAGE_STRUCTURE_STORE_H_
