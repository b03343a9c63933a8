#include "storage/structure_store.h"

#include "storage/structure_codec.h"

namespace interco::storage {

std::unique_ptr<StructureStore> NewStructureStore(Database* database) {
  return std::make_unique<StructureStore>(database, Family::kStructure, "structure",
                                          &EncodeStructureChange, &DecodeStructureChange);
}

}  // namespace interco::storage
