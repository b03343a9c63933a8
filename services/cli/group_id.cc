#include "services/cli/group_id.h"

#include "services/tenancy/group_id.h"

namespace interco::cli {

absl::StatusOr<std::string> ChooseGroup(const std::optional<std::string>& flag,
                                        const char* environment) {
  if (flag.has_value()) {
    if (absl::Status valid = tenancy::ValidateGroupId(*flag, "--group"); !valid.ok()) return valid;
    return *flag;
  }
  if (environment == nullptr || *environment == '\0') return std::string();
  if (absl::Status valid = tenancy::ValidateGroupId(environment, kGroupEnvironmentVariable);
      !valid.ok()) {
    return valid;
  }
  return std::string(environment);
}

}  // namespace interco::cli
