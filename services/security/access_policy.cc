#include "services/security/access_policy.h"

#include <utility>
#include <vector>

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
      return permission == Permission::kRead || permission == Permission::kConsolidate ||
             permission == Permission::kVerify;
    case Role::kPoster:
      return permission == Permission::kRead || permission == Permission::kPost;
    case Role::kCheckpointer:
      return permission == Permission::kCheckpoint || permission == Permission::kVerify;
    case Role::kPeer:
      return false;  // A peer only relays; the caller it names is authorized.
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
    case Permission::kCheckpoint:
      return "checkpoint";
    case Permission::kVerify:
      return "verify the books";
  }
  return "?";
}

absl::StatusOr<Role> RoleFromName(const nlohmann::json& value, const std::string& where) {
  if (value == "poster") return Role::kPoster;
  if (value == "controller") return Role::kController;
  if (value == "admin") return Role::kAdmin;
  if (value == "checkpointer") return Role::kCheckpointer;
  if (value == "peer") return Role::kPeer;
  return Bad(where,
             "must be \"poster\", \"controller\", \"admin\", \"checkpointer\" or \"peer\"");
}

// The "groups" of one entry: absent means the group "default" alone.
absl::Status ParseGroups(const nlohmann::json& entry, const std::string& where, bool* all,
                         absl::flat_hash_set<std::string>* groups) {
  const auto list = entry.find("groups");
  if (list == entry.end()) {
    groups->insert("default");
    return absl::OkStatus();
  }
  if (!list->is_array() || list->empty() || list->size() > kMaxGroupsPerIdentity) {
    return Bad(where, "a non-empty array of group ids, or [\"*\"], of at most 10,000");
  }
  for (const nlohmann::json& group : *list) {
    if (!group.is_string() || group.empty() || group.get_ref<const std::string&>().size() > 63) {
      return Bad(where, "group ids are strings of 1 to 63 characters");
    }
    if (group == "*") {
      *all = true;
    } else {
      groups->insert(group.get<std::string>());
    }
  }
  if (*all && !groups->empty()) return Bad(where, "\"*\" already names every group");
  return absl::OkStatus();
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
    Grant grant{*role, {}, {}, false};
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
    if (absl::Status groups =
            ParseGroups(entry, where + ".groups", &grant.all_groups, &grant.groups);
        !groups.ok()) {
      return groups;
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
                                             absl::Span<const std::string> entities,
                                             EntityWrite write) const {
  const auto grant = grants_.find(identity);
  if (grant == grants_.end() || grant->second.role != Role::kPoster) return absl::OkStatus();
  for (const std::string& entity : entities) {
    if (grant->second.entities.contains(entity)) return absl::OkStatus();
  }
  const std::string named = absl::StrJoin(entities, ", ");
  switch (write) {
    case EntityWrite::kPosting:
      return absl::PermissionDeniedError(absl::StrCat(
          "caller ", identity, " may post only for its own entities; this posting books ", named));
    case EntityWrite::kTrialBalanceImport:
      return absl::PermissionDeniedError(absl::StrCat(
          "caller ", identity, " may import only its own entities' trial balances; this import is ",
          named, "'s"));
  }
  return absl::InternalError("unknown kind of write");
}

EntityReadScope AccessPolicy::ReadScope(absl::string_view identity) const {
  const auto grant = grants_.find(identity);
  if (grant == grants_.end() || grant->second.role != Role::kPoster) {
    return EntityReadScope::Unlimited();
  }
  return EntityReadScope::Limited(
      std::string(identity),
      std::vector<std::string>(grant->second.entities.begin(), grant->second.entities.end()));
}

bool AccessPolicy::IsPeer(absl::string_view identity) const {
  const auto grant = grants_.find(identity);
  return grant != grants_.end() && grant->second.role == Role::kPeer;
}

absl::Status AccessPolicy::AuthorizeGroup(absl::string_view identity,
                                          absl::string_view group) const {
  const auto grant = grants_.find(identity);
  if (grant != grants_.end() &&
      (grant->second.all_groups || grant->second.groups.contains(group))) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      absl::StrCat("caller ", identity, " may not act in group \"", group,
                   "\" (the access policy's \"groups\" of this identity)"));
}

}  // namespace interco::security
