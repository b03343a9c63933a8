// The group's ownership as a tree of text lines, for `interco structure`.
#ifndef INTERCO_SERVICES_CLI_STRUCTURE_TREE_H_
#define INTERCO_SERVICES_CLI_STRUCTURE_TREE_H_

#include <string>

#include "interco/v1/group_structure.pb.h"

namespace interco::cli {

// Entities no edge holds (the ultimate parents, and standalone entities) at the top, by id;
// under each entity the entities it holds, by id, with the equity share (and voting share
// when it differs, "control" for explicit control). An entity with two holders appears
// under both; its own holdings are drawn the first time only ("see above" after). Cycles
// (cross holdings) stop where they close.
std::string OwnershipTree(const v1::GetStructureResponse& structure);

}  // namespace interco::cli

#endif  // INTERCO_SERVICES_CLI_STRUCTURE_TREE_H_
