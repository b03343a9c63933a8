// Conversions between the wire types (interco.v1, google.type) and domain values.
// Each From-wire function validates what it reads and names the field in its errors.
#ifndef INTERCO_SERVICES_API_CONVERT_H_
#define INTERCO_SERVICES_API_CONVERT_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "google/type/date.pb.h"
#include "interco/v1/common.pb.h"
#include "interco/v1/group_structure.pb.h"
#include "interco/v1/transfer_pricing.pb.h"
#include "services/common/decimal.h"
#include "services/group/classifier.h"
#include "services/group/model.h"

namespace interco::api {

// A full calendar date: INVALID_ARGUMENT if unset (all zero), partial or not a real day.
absl::StatusOr<absl::CivilDay> DayFromProto(const google::type::Date& date,
                                            absl::string_view field);
google::type::Date DayToProto(absl::CivilDay day);

absl::StatusOr<Decimal> DecimalFromProto(const v1::Decimal& decimal, absl::string_view field,
                                         int max_places);
// Shares and ratios as returned to callers: rounded half-even to 12 places, trimmed.
v1::Decimal ShareToProto(Decimal share);

// INVALID_ARGUMENT naming functional_currency_effective_period unless it is empty or a
// period "YYYY-MM" (1900-01 to 9999-12).
absl::StatusOr<group::LegalEntity> EntityFromProto(const v1::LegalEntity& entity);
v1::LegalEntity EntityToProto(const group::LegalEntity& entity);
group::Department DepartmentFromProto(const v1::Department& department);
v1::Department DepartmentToProto(const group::Department& department);
group::Employee EmployeeFromProto(const v1::Employee& employee);
v1::Employee EmployeeToProto(const group::Employee& employee);
absl::StatusOr<group::OwnershipEdge> EdgeFromProto(const v1::OwnershipEdge& edge);
v1::OwnershipEdge EdgeToProto(const group::OwnershipEdge& edge);

// INVALID_ARGUMENT naming `field` if no kind of party is set.
absl::StatusOr<group::Party> PartyFromProto(const v1::Party& party, absl::string_view field);
v1::Relation RelationToProto(group::Relation relation);
v1::ClassifyResponse ClassificationToProto(const group::Classification& classification);

}  // namespace interco::api

#endif  // INTERCO_SERVICES_API_CONVERT_H_
