// Helpers for building group structures in tests.
#ifndef INTERCO_SERVICES_GROUP_TEST_STRUCTURES_H_
#define INTERCO_SERVICES_GROUP_TEST_STRUCTURES_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "services/group/structure.h"

namespace interco::group::testing {

inline Decimal Share(absl::string_view text) { return *Decimal::Parse(text); }

inline LegalEntity Entity(const std::string& id, const std::string& currency = "EUR") {
  LegalEntity entity;
  entity.id = id;
  entity.name = "Entity " + id;
  entity.jurisdiction = "DE";
  entity.functional_currency = currency;
  return entity;
}

inline OwnershipEdge Edge(const std::string& holder, const std::string& held,
                          absl::string_view equity,
                          absl::CivilDay from = absl::CivilDay(2020, 1, 1),
                          std::optional<absl::CivilDay> to = std::nullopt) {
  OwnershipEdge edge;
  edge.holder_id = holder;
  edge.held_id = held;
  edge.equity_share = Share(equity);
  edge.voting_share = Share(equity);
  edge.valid_from = from;
  edge.valid_to = to;
  return edge;
}

// Applies `change`, returning the status (for chaining in ASSERT_OK-style checks).
inline absl::Status Add(GroupStructure& structure, const ChangeBody& change) {
  return structure.Apply(change).status();
}

}  // namespace interco::group::testing

#endif  // INTERCO_SERVICES_GROUP_TEST_STRUCTURES_H_
