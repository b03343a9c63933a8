// The group's ownership as a Graphviz graph, for `interco structure --format dot|svg` and
// the report's picture.
#ifndef INTERCO_SERVICES_CLI_STRUCTURE_GRAPH_H_
#define INTERCO_SERVICES_CLI_STRUCTURE_GRAPH_H_

#include <map>
#include <string>

#include "interco/v1/group_structure.pb.h"

namespace interco::cli {

// How an entity is consolidated by the ultimate parent above it.
struct EntityStanding {
  std::string method;           // "FULL", "EQUITY", ...; empty when not known
  std::string effective_share;  // decimal, e.g. "0.48"
};

// A DOT digraph: one box per entity (id, name, jurisdiction, currency, and its method and
// effective share when `standing` has it), one arrow per edge from holder to held labelled
// with the equity share, so that dot ranks every ultimate parent at the top. Entities no
// edge holds are marked "ultimate parent". Ids and names are quoted and escaped: the output
// is a valid graph whatever the names contain.
std::string OwnershipDot(const v1::GetStructureResponse& structure,
                         const std::map<std::string, EntityStanding>& standing);

}  // namespace interco::cli

#endif  // INTERCO_SERVICES_CLI_STRUCTURE_GRAPH_H_
