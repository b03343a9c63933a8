// `interco structure`: the group on a date as a text tree, a Graphviz graph or an SVG
// picture. Also the picture the report embeds. Each command returns the exit code (call.h).
#ifndef INTERCO_SERVICES_CLI_STRUCTURE_COMMAND_H_
#define INTERCO_SERVICES_CLI_STRUCTURE_COMMAND_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "grpcpp/grpcpp.h"
#include "interco/v1/group_structure.pb.h"
#include "services/cli/call.h"
#include "services/cli/structure_graph.h"

namespace interco::cli {

// Entities whose method is looked up (one Classify each) for a picture; a larger group is
// drawn without methods rather than with thousands of calls.
inline constexpr int kStandingLookupsMax = 500;

// The structure on `date` (YYYY-MM-DD) at `structure_version` (0: the latest).
grpc::Status ReadStructure(const std::shared_ptr<grpc::Channel>& channel,
                           const google::type::Date& date, uint64_t structure_version,
                           v1::GetStructureResponse* structure);

// Each held entity's method and effective share as its top holder (found by walking up
// the first holder of each) consolidates it: TransferPricingService.Classify of the entity
// against that top on `date`. Empty when the group has more than kStandingLookupsMax
// entities; a failed call is returned as is.
grpc::Status ReadStandings(const std::shared_ptr<grpc::Channel>& channel,
                           const v1::GetStructureResponse& structure,
                           const google::type::Date& date,
                           std::map<std::string, EntityStanding>* standings);

// `format` tree: the ownership tree (structure_tree.h); dot: OwnershipDot; svg or png: that
// graph drawn by Graphviz. `date` empty means today (UTC). A bad --date is kExitBadInput; no
// Graphviz for svg or png is kExitUnavailable, with the package to install.
int ShowStructure(const std::shared_ptr<grpc::Channel>& channel, const std::string& date,
                  uint64_t structure_version, const std::string& format, Console& console);

}  // namespace interco::cli

#endif  // INTERCO_SERVICES_CLI_STRUCTURE_COMMAND_H_
