// Prints the server's own authorization table as JSON, for tools that must agree with it
// (deploy/validate checks the mesh's AuthorizationPolicy against it; one source, no copy):
//   {"methods": {"/interco.v1.LedgerService/PostTransaction": "post", ...},
//    "roles": {"admin": ["read", ...], "controller": [...], "poster": [...]}}
// A public method's permission is "public".
#include <iostream>

#include "absl/strings/str_join.h"
#include "services/security/access_policy.h"
#include "services/security/method_permissions.h"

namespace {

const char* Label(interco::security::Permission permission) {
  switch (permission) {
    case interco::security::Permission::kRead:
      return "read";
    case interco::security::Permission::kPost:
      return "post";
    case interco::security::Permission::kConsolidate:
      return "consolidate";
    case interco::security::Permission::kAdmin:
      return "admin";
    case interco::security::Permission::kCheckpoint:
      return "checkpoint";
    case interco::security::Permission::kVerify:
      return "verify";
  }
  return "?";
}

}  // namespace

int main() {
  using interco::security::Permission;
  using interco::security::Role;
  std::cout << "{\"methods\": {";
  const char* separator = "";
  for (const interco::security::MethodRule& rule : interco::security::MethodRules()) {
    std::cout << separator << "\n  \"" << rule.method << "\": \""
              << (rule.is_public ? "public" : Label(rule.permission)) << "\"";
    separator = ",";
  }
  std::cout << "},\n \"roles\": {";
  separator = "";
  for (const auto& [name, role] :
       {std::pair{"admin", Role::kAdmin}, std::pair{"controller", Role::kController},
        std::pair{"poster", Role::kPoster}, std::pair{"checkpointer", Role::kCheckpointer},
        std::pair{"peer", Role::kPeer}}) {
    std::vector<std::string> held;
    for (Permission permission :
         {Permission::kRead, Permission::kPost, Permission::kConsolidate, Permission::kAdmin,
          Permission::kCheckpoint, Permission::kVerify}) {
      if (interco::security::RoleAllows(role, permission)) held.push_back(Label(permission));
    }
    std::cout << separator << "\n  \"" << name << "\": [\"" << absl::StrJoin(held, "\", \"")
              << "\"]";
    separator = ",";
  }
  std::cout << "}}\n";
  return 0;
}
