// Classification of a transaction between two parties on a date, from the structure.
#ifndef INTERCO_SERVICES_GROUP_CLASSIFIER_H_
#define INTERCO_SERVICES_GROUP_CLASSIFIER_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "services/common/decimal.h"
#include "services/group/ownership.h"
#include "services/group/structure.h"

namespace interco::group {

enum class PartyKind { kEntity, kDepartment, kEmployee, kExternal };

struct Party {
  PartyKind kind = PartyKind::kEntity;
  std::string id;
};

enum class Relation { kSameEntity, kIntercompany, kAffiliate, kEmployee, kExternal };

struct ClassifiedSide {
  std::string entity_id;           // Empty for an external party.
  std::string ultimate_parent_id;  // Empty for an external party.
  // The reference parent's effective equity share of entity_id (see Classification).
  Decimal effective_ownership;
  ConsolidationMethod method = ConsolidationMethod::kNone;
};

// The reference parent is the first common parent when there is one, otherwise the seller's
// ultimate parent (for AFFILIATE: the parent of the group the associate belongs to).
struct Classification {
  Relation relation = Relation::kExternal;
  std::string first_common_parent_id;
  ClassifiedSide seller;
  ClassifiedSide buyer;
  uint64_t structure_version = 0;
  std::string reason;
};

// Classifies a sale from `seller` to `buyer` on `date` under `structure`. Pure.
// Errors: NOT_FOUND naming "seller.<kind>_id" or "buyer.<kind>_id" for an unknown party;
// INVALID_ARGUMENT when both sides are the same party.
absl::StatusOr<Classification> Classify(const GroupStructure& structure, const Party& seller,
                                        const Party& buyer, absl::CivilDay date);

}  // namespace interco::group

#endif  // INTERCO_SERVICES_GROUP_CLASSIFIER_H_
