// EntityReadScope: which entities' data one caller may read. Entity data is an entity's
// books and their set-up: its journal entries, trial balances and their lines, chart
// mappings, account map, and the acquisitions that name it. A poster reads its own
// entities' data only (the entities its access-policy entry names); controllers and admins
// read every entity's. The group's shared reference data (the structure, policies, rates,
// the group chart's accounts, the period calendar) is not entity data: every reader reads it.
//
// One rule, one wording: every handler that reads entity data asks its caller's scope
// (services/api/authorizer.h, Authorizer::AuthorizeEntityRead), and a refusal says it is a
// read, naming what the call would have read. Plain C++: a value, immutable, thread-safe.
#ifndef INTERCO_SERVICES_SECURITY_ENTITY_READ_SCOPE_H_
#define INTERCO_SERVICES_SECURITY_ENTITY_READ_SCOPE_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace interco::security {

class EntityReadScope {
 public:
  // Every entity (controllers, admins, and every caller of a server without a policy).
  static EntityReadScope Unlimited() { return EntityReadScope(); }
  // The entities of `identity` (a poster) only; `entities` need not be sorted or unique.
  static EntityReadScope Limited(std::string identity, std::vector<std::string> entities);

  bool unlimited() const { return unlimited_; }

  // Whether the caller may read `entity`'s data.
  bool Allows(absl::string_view entity) const;
  // Whether the caller may read a record that belongs to each of `entities` (an entry that
  // books them, an acquisition of one by another): one of them must be its own, as for a
  // posting.
  bool AllowsAny(absl::Span<const std::string> entities) const;

  // OK when Allows(entity); otherwise PERMISSION_DENIED, "caller X may read only its own
  // entities' data (A); this call reads B".
  absl::Status Check(absl::string_view entity) const;
  // OK when AllowsAny(entities); otherwise PERMISSION_DENIED with the wording of Check,
  // naming every entity of the record.
  absl::Status CheckAny(absl::Span<const std::string> entities) const;

  // The caller's entities, sorted and unique; empty when unlimited(). A list without an
  // entity filter reads these entities' records only.
  const std::vector<std::string>& entities() const { return entities_; }

 private:
  EntityReadScope() = default;
  absl::Status Refused(absl::string_view what) const;

  bool unlimited_ = true;
  std::string identity_;
  std::vector<std::string> entities_;  // Sorted, unique; empty when unlimited_.
};

}  // namespace interco::security

#endif  // INTERCO_SERVICES_SECURITY_ENTITY_READ_SCOPE_H_
