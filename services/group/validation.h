// Field-level validation of group reference data: formats and ranges that need no state.
// Each function returns INVALID_ARGUMENT naming the field (relative to the record, e.g.
// "equity_share") and the value.
#ifndef INTERCO_SERVICES_GROUP_VALIDATION_H_
#define INTERCO_SERVICES_GROUP_VALIDATION_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "services/group/model.h"

namespace interco::group {

inline constexpr size_t kMaxIdBytes = 64;
inline constexpr size_t kMaxNameBytes = 200;
inline constexpr int kMaxSharePlaces = 12;
// Dates outside [1900-01-01, 9999-12-31] are rejected as typing errors.
inline constexpr absl::CivilDay kMinDay{1900, 1, 1};
inline constexpr absl::CivilDay kMaxDay{9999, 12, 31};

// 1 to 64 bytes of [A-Za-z0-9._-].
absl::Status ValidateId(absl::string_view field, absl::string_view id);
// 1 to 200 bytes, no control characters.
absl::Status ValidateName(absl::string_view field, absl::string_view name);
absl::Status ValidateDay(absl::string_view field, absl::CivilDay day);

absl::Status ValidateEntity(const LegalEntity& entity);
absl::Status ValidateDepartment(const Department& department);
absl::Status ValidateEmployee(const Employee& employee);
// Shares in [0, 1], not both zero; holder != held; valid_from < valid_to.
absl::Status ValidateEdge(const OwnershipEdge& edge);
absl::Status ValidateEndEdge(const EndEdge& end);
// What an acquisition says on its own: ids (holder != held, SELF_HOLDING), the date (the
// first of a month, NOT_FIRST_OF_MONTH), amounts >= 0 (NEGATIVE_AMOUNT), the consideration
// in an active currency (UNKNOWN_CURRENCY) with at most its minor units (TOO_MANY_PLACES),
// nci_fair_value given exactly with kFairValue (MISSING_FIELD, NOT_ALLOWED), at most
// kMaxFairValueAdjustments adjustments (TOO_MANY_ADJUSTMENTS), each account once
// (DUPLICATE_ACCOUNT). What needs the structure (the parties, their currencies, the edge)
// is GroupStructure::Apply's; what needs the chart, the upsert's (acquisition_upsert.h).
absl::Status ValidateAcquisition(const Acquisition& acquisition);

}  // namespace interco::group

#endif  // INTERCO_SERVICES_GROUP_VALIDATION_H_
