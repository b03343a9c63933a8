// The versioned group structure, served from memory (see versioned_registry.h).
#ifndef INTERCO_SERVICES_GROUP_REGISTRY_H_
#define INTERCO_SERVICES_GROUP_REGISTRY_H_

#include "services/common/versioned_registry.h"
#include "services/group/model.h"
#include "services/group/structure.h"

namespace interco::group {

using StructureLog = ChangeLog<StructureChange>;
using StructureRegistry = VersionedRegistry<GroupStructure, StructureChange>;

}  // namespace interco::group

#endif  // INTERCO_SERVICES_GROUP_REGISTRY_H_
