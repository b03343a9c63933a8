// The group (tenant) a run of `interco` acts in.
//
// Every call the tool makes carries the group in the request metadata x-interco-group
// (channel.h adds it once, for the whole channel). A run names it with --group, or else
// with INTERCO_GROUP in the environment; with neither, nothing is sent and the server acts
// in its group "default". What a group id is, and the metadata key, are the server's
// (services/tenancy/group_id.h): the tool checks ids by that one rule before any call.
#ifndef INTERCO_SERVICES_CLI_GROUP_ID_H_
#define INTERCO_SERVICES_CLI_GROUP_ID_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"

namespace interco::cli {

// The environment variable that names the group when --group does not.
inline constexpr char kGroupEnvironmentVariable[] = "INTERCO_GROUP";

// The group a run acts in: `flag` (--group) when given, else `environment`
// (INTERCO_GROUP's value, nullptr when unset; set but empty counts as unset), else ""
// (none: the server's "default"). A malformed id is INVALID_ARGUMENT whose message starts
// with the flag or the variable it came from and quotes it
// ("--group: a group id is a DNS label: ... (got \"Acme\")").
absl::StatusOr<std::string> ChooseGroup(const std::optional<std::string>& flag,
                                        const char* environment);

}  // namespace interco::cli

#endif  // INTERCO_SERVICES_CLI_GROUP_ID_H_
