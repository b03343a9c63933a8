#include "services/security/access_policy.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "nlohmann/json.hpp"

namespace interco::security {
namespace {

absl::Status Bad(absl::string_view where, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("access policy: ", where, ": ", what));
}

}  // namespace

bool RoleAllows(Role role, Permission permission) {
  switch (role) {
    case Role::kAdmin:
      return true;
    case Role::kController:
      return permission == Permission::kRead || permission == Permission::kConsolidate;
    case Role::kPoster:
      return permission == Permission::kRead || permission == Permission::kPost;
  }
  return false;
}

namespace {

const char* Name(Permission permission) {
  switch (permission) {
    case Permission::kRead:
      return "read";
    case Permission::kPost:
      return "post";
    case Permission::kConsolidate:
      return "consolidate";
    case Permission::kAdmin:
      return "administer";
  }
  return "?";
}

absl::StatusOr<Role> RoleFromName(const nlohmann::json& value, const std::string& where) {
  if (value == "poster") return Role::kPoster;
  if (value == "controller") return Role::kController;
  if (value == "admin") return Role::kAdmin;
  return Bad(where, "must be \"poster\", \"controller\" or \"admin\"");
}

}  // namespace

absl::StatusOr<AccessPolicy> AccessPolicy::Parse(absl::string_view json_text) {
  if (json_text.size() > kMaxPolicyFileBytes) return Bad("file", "larger than 4 MiB");
  const nlohmann::json root = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded() || !root.is_object()) return Bad("file", "not a JSON object");
  const auto list = root.find("identities");
  if (list == root.end() || !list->is_array() || list->empty()) {
    return Bad("identities", "a non-empty array is required");
  }
  if (list->size() > kMaxIdentities) return Bad("identities", "more than 10,000 entries");
  AccessPolicy policy;
  for (size_t i = 0; i < list->size(); ++i) {
    const nlohmann::json& entry = (*list)[i];
    const std::string where = absl::StrCat("identities[", i, "]");
    if (!entry.is_object()) return Bad(where, "not an object");
    const auto identity = entry.find("identity");
    if (identity == entry.end() || !identity->is_string() || identity->empty() ||
        identity->get_ref<const std::string&>().size() > kMaxIdentityBytes) {
      return Bad(where + ".identity", "a string of 1 to 512 bytes is required");
    }
    const auto role_entry = entry.find("role");
    if (role_entry == entry.end()) return Bad(where + ".role", "is required");
    absl::StatusOr<Role> role = RoleFromName(*role_entry, where + ".role");
    if (!role.ok()) return role.status();
    Grant grant{*role, {}};
    const auto entities = entry.find("entities");
    if (*role == Role::kPoster) {
      if (entities == entry.end() || !entities->is_array() || entities->empty()) {
        return Bad(where + ".entities", "a poster needs the entities it may post for");
      }
      for (const nlohmann::json& entity : *entities) {
        if (!entity.is_string() || entity.empty()) {
          return Bad(where + ".entities", "entity ids are non-empty strings");
        }
        grant.entities.insert(entity.get<std::string>());
      }
    } else if (entities != entry.end()) {
      return Bad(where + ".entities", "only posters are limited to entities");
    }
    if (!policy.grants_.emplace(identity->get<std::string>(), std::move(grant)).second) {
      return Bad(where + ".identity", "appears twice");
    }
  }
  return policy;
}

absl::Status AccessPolicy::Authorize(absl::string_view identity, Permission permission) const {
  if (identity.empty()) {
    return absl::UnauthenticatedError(
        "the call carries no caller identity (a client certificate with a SPIFFE URI SAN)");
  }
  const auto grant = grants_.find(identity);
  if (grant == grants_.end()) {
    return absl::PermissionDeniedError(
        absl::StrCat("caller ", identity, " is not in the access policy"));
  }
  if (!RoleAllows(grant->second.role, permission)) {
    return absl::PermissionDeniedError(
        absl::StrCat("caller ", identity, " may not ", Name(permission)));
  }
  return absl::OkStatus();
}

absl::Status AccessPolicy::AuthorizeEntities(absl::string_view identity,
                                             absl::Span<const std::string> entities) const {
  const auto grant = grants_.find(identity);
  if (grant == grants_.end() || grant->second.role != Role::kPoster) return absl::OkStatus();
  for (const std::string& entity : entities) {
    if (grant->second.entities.contains(entity)) return absl::OkStatus();
  }
  return absl::PermissionDeniedError(absl::StrCat("caller ", identity,
                                                  " may post only for its own entities; this "
                                                  "posting books ",
                                                  absl::StrJoin(entities, ", ")));
}

}  // namespace interco::security
