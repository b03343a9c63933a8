// A group described in YAML, for `interco load`: entities, departments, employees,
// ownership edges, transfer-pricing policies, FX rates, account maps. See
// examples/group.yaml for every key.
//
// Each item becomes one request whose request_id is its section and a digest of its content
// (business_key.h), not the file's name or the item's place: loading the same group again,
// from any file, in any order, changes nothing (the server repeats its first answers), and a
// changed item is a new request (a rate corrected, an edge refused as overlapping).
#ifndef INTERCO_SERVICES_CLI_GROUP_FILE_H_
#define INTERCO_SERVICES_CLI_GROUP_FILE_H_

#include <string>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "interco/v1/group_structure.pb.h"
#include "interco/v1/policy.pb.h"

namespace interco::cli {

using GroupStep =
    std::variant<v1::UpsertEntityRequest, v1::UpsertDepartmentRequest, v1::UpsertEmployeeRequest,
                 v1::AddOwnershipEdgeRequest, v1::UpsertPolicyRequest, v1::UpsertFxRateRequest,
                 v1::UpsertAccountMapRequest>;

// The requests in the order they must be sent (entities before what refers to them).
// INVALID_ARGUMENT naming the section, item and key for malformed YAML or a bad value.
absl::StatusOr<std::vector<GroupStep>> ReadGroupFile(absl::string_view yaml);

}  // namespace interco::cli

#endif  // INTERCO_SERVICES_CLI_GROUP_FILE_H_
