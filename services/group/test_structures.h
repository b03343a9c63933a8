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

// An acquisition of `held` by `holder` on `day` for `consideration` (in EUR) into account
// "1500", NCI at its proportionate share, no fair-value adjustments.
inline Acquisition AcquisitionOf(const std::string& holder, const std::string& held,
                                 absl::CivilDay day = absl::CivilDay(2020, 1, 1),
                                 absl::string_view consideration = "1000",
                                 const std::string& currency = "EUR") {
  Acquisition acquisition;
  acquisition.holder_id = holder;
  acquisition.held_id = held;
  acquisition.acquisition_date = day;
  acquisition.consideration = *Decimal::Parse(consideration);
  acquisition.consideration_currency = currency;
  acquisition.investment_account = "1500";
  return acquisition;
}

// Applies `change`, returning the status (for chaining in ASSERT_OK-style checks).
inline absl::Status Add(GroupStructure& structure, const ChangeBody& change) {
  return structure.Apply(change).status();
}

}  // namespace interco::group::testing

#endif  // INTERCO_SERVICES_GROUP_TEST_STRUCTURES_H_
