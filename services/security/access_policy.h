// AccessPolicy: who may call what. A policy file maps caller identities (SPIFFE IDs, as a
// service mesh or our own mTLS issues them) to one role each:
//   poster      post, batch, stream and reverse transactions of its named entities (a
//               posting must book at least one of them); read the group's reference data
//               and its own entities' data only (entity_read_scope.h says which)
//   controller  read, consolidate and report mismatches
//   admin       everything, including reference data, policies, rates and period closes
//   checkpointer  CreateCheckpoint and VerifyLedger only (the backup CronJob)
//   peer        another Interco pod (replicated mode): no permission of its own; a call it
//               forwards to a group's owner acts as the caller it names in
//               x-interco-forwarded-for (call_forwarding.h), which only a peer may name
// Each identity acts in the groups (tenants) its "groups" names: a list of group ids, or
// ["*"] for every group (operators); without "groups", in the group "default" only, as
// before groups existed.
// File format (JSON):
//   {"identities": [
//     {"identity": "spiffe://example.org/ns/erp/sa/sap-de", "role": "poster",
//      "entities": ["DE01", "DE02"], "groups": ["acme"]},
//     {"identity": "spiffe://example.org/ns/finance/sa/close", "role": "controller",
//      "groups": ["acme", "globex"]},
//     {"identity": "spiffe://example.org/ns/ops/sa/admin", "role": "admin", "groups": ["*"]}]}
// Plain C++: immutable after Parse, thread-safe.
#ifndef INTERCO_SERVICES_SECURITY_ACCESS_POLICY_H_
#define INTERCO_SERVICES_SECURITY_ACCESS_POLICY_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "services/security/entity_read_scope.h"

namespace interco::security {

enum class Permission { kRead, kPost, kConsolidate, kAdmin, kCheckpoint, kVerify };
enum class Role { kPoster, kController, kAdmin, kCheckpointer, kPeer };

// Whether `role` holds `permission`: admin everything, controller read, consolidate and
// verify, poster read and post, checkpointer checkpoint and verify (the backup CronJob's
// identity verifies before it copies: it reads no figure and changes nothing of the books).
bool RoleAllows(Role role, Permission permission);

inline constexpr size_t kMaxIdentities = 10000;
inline constexpr size_t kMaxIdentityBytes = 512;
inline constexpr size_t kMaxPolicyFileBytes = 4 << 20;
inline constexpr size_t kMaxGroupsPerIdentity = 10000;

// What a poster's write to its entities' books is, for the wording of a refusal.
enum class EntityWrite {
  kPosting,             // "may post only for its own entities; this posting books B"
  kTrialBalanceImport,  // "may import only its own entities' trial balances; this import is B's"
};

class AccessPolicy {
 public:
  // INVALID_ARGUMENT naming the entry ("identities[3].role") for anything malformed:
  // not JSON, an unknown role, a poster without entities, a duplicate identity, limits.
  static absl::StatusOr<AccessPolicy> Parse(absl::string_view json_text);

  // UNAUTHENTICATED when `identity` is empty (the caller presented none);
  // PERMISSION_DENIED when the identity is not in the policy or its role lacks
  // `permission`.
  absl::Status Authorize(absl::string_view identity, Permission permission) const;

  // For a poster, PERMISSION_DENIED unless one of `entities` (those a posting books, the
  // entity of an imported trial balance) is one of its own, worded for `write`; OK for the
  // other roles. Call after Authorize. Reads ask ReadScope, whose refusals say "read".
  absl::Status AuthorizeEntities(absl::string_view identity, absl::Span<const std::string> entities,
                                 EntityWrite write) const;

  // The entities' data `identity` may read: a poster's own entities, everything for the
  // other roles. Call after Authorize.
  EntityReadScope ReadScope(absl::string_view identity) const;

  // PERMISSION_DENIED (reason GROUP_NOT_ALLOWED) unless `identity` may act in group
  // `group`. Call after Authorize.
  absl::Status AuthorizeGroup(absl::string_view identity, absl::string_view group) const;

  // Whether `identity` is a peer pod's, whose forwarded calls name their original caller.
  bool IsPeer(absl::string_view identity) const;

  size_t size() const { return grants_.size(); }

 private:
  struct Grant {
    Role role = Role::kController;
    absl::flat_hash_set<std::string> entities;  // Posters only.
    absl::flat_hash_set<std::string> groups;    // Empty with all_groups.
    bool all_groups = false;
  };
  absl::flat_hash_map<std::string, Grant> grants_;
};

}  // namespace interco::security

#endif  // INTERCO_SERVICES_SECURITY_ACCESS_POLICY_H_
