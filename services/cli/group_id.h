// The group (tenant) a run of `interco` acts in, and how each call names it.
//
// Every call the tool makes carries the group in the request metadata x-interco-group
// (channel.h adds it once, for the whole channel). A run names it with --group, or else
// with INTERCO_GROUP in the environment; with neither, nothing is sent and the server acts
// in its group "default", as it did before groups existed.
#ifndef INTERCO_SERVICES_CLI_GROUP_ID_H_
#define INTERCO_SERVICES_CLI_GROUP_ID_H_

#include <cstddef>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace interco::cli {

// The request metadata key that names a call's group (proto/interco/v1/admin.proto).
inline constexpr char kGroupMetadataKey[] = "x-interco-group";
// The environment variable that names the group when --group does not.
inline constexpr char kGroupEnvironmentVariable[] = "INTERCO_GROUP";
inline constexpr size_t kGroupIdLengthMax = 63;  // A DNS label's.

// OK if `id` is a group id: a DNS label, 1-63 of [a-z0-9-], not starting or ending with
// '-'. Otherwise INVALID_ARGUMENT whose message says so and quotes `id`
// ("must be ... (got \"Acme\")"), for the caller to prefix with where it came from.
absl::Status CheckGroupId(absl::string_view id);

// The group a run acts in: `flag` (--group) when given, else `environment`
// (INTERCO_GROUP's value, nullptr when unset; set but empty counts as unset), else ""
// (none: the server's "default"). INVALID_ARGUMENT, its message starting with the flag or
// the variable the malformed id came from ("--group: must be ..."), for a malformed id.
absl::StatusOr<std::string> ChooseGroup(const std::optional<std::string>& flag,
                                        const char* environment);

}  // namespace interco::cli

#endif  // INTERCO_SERVICES_CLI_GROUP_ID_H_
