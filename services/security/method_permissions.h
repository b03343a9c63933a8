// The one table of who may call what: every RPC the server serves, by full method name, with
// the permission it needs (access_policy.h says which roles hold which). Posting methods
// need kPost, and then the posting itself must book one of a poster's entities (a manual
// journal entry: every line), checked by the ledger service on what it would write. Health
// and reflection are public: probes and tools call them without an identity.
//
// services/api/authorizer.h applies the table to every call; a test reads the services'
// descriptors and fails when a method has no entry, and another calls every method as each
// role. Plain C++: immutable, thread-safe.
#ifndef INTERCO_SERVICES_SECURITY_METHOD_PERMISSIONS_H_
#define INTERCO_SERVICES_SECURITY_METHOD_PERMISSIONS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "services/security/access_policy.h"

namespace interco::security {

struct MethodRule {
  std::string method;  // "/interco.v1.LedgerService/PostTransaction".
  bool is_public = false;
  Permission permission = Permission::kAdmin;  // Unless public.
};

// Every rule, in a fixed order.
const std::vector<MethodRule>& MethodRules();

// The rule of `full_method`; nullopt when the table has none (callers refuse the call).
std::optional<MethodRule> RuleFor(absl::string_view full_method);

}  // namespace interco::security

#endif  // INTERCO_SERVICES_SECURITY_METHOD_PERMISSIONS_H_
