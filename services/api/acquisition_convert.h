// Conversions between the wire's acquisitions (interco.v1.Acquisition, google.type.Money
// amounts) and the domain's (group::Acquisition, amounts without a currency where the
// record implies it). From-wire functions validate what they read and name the field
// relative to the acquisition.
#ifndef INTERCO_SERVICES_API_ACQUISITION_CONVERT_H_
#define INTERCO_SERVICES_API_ACQUISITION_CONVERT_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "interco/v1/group_structure.pb.h"
#include "services/group/acquisition.h"
#include "services/group/acquisition_upsert.h"
#include "services/group/structure.h"

namespace interco::api {

// The upsert `request` states. Errors name fields relative to the acquisition:
// INVALID_ARGUMENT acquisition_date (MISSING_FIELD, INVALID_DATE), consideration
// (MISSING_FIELD, INVALID_MONEY), consideration.currency_code (MISSING_FIELD),
// nci_measurement (MISSING_FIELD, INVALID_ENUM), nci_fair_value and
// fair_value_adjustments[i].amount (MISSING_FIELD for an adjustment, INVALID_MONEY), their
// currency_code (MISSING_FIELD; CURRENCY_MISMATCH when they name different currencies).
// The request_id is copied unchecked.
absl::StatusOr<group::AcquisitionUpsert> AcquisitionUpsertFromProto(
    const v1::UpsertAcquisitionRequest& request);

// `held_currency` is the held entity's functional currency on the acquisition date, the
// currency of nci_fair_value and the adjustments. INVALID_ARGUMENT (OVERFLOW) only for an
// amount beyond google.type.Money's range, which no stored acquisition has.
absl::StatusOr<v1::Acquisition> AcquisitionToProto(const group::Acquisition& acquisition,
                                                   absl::string_view held_currency);

// The held entity's functional currency on the date of `acquisition` in `structure`, which
// holds it (empty if the held entity is unknown to it).
std::string HeldCurrency(const group::GroupStructure& structure,
                         const group::Acquisition& acquisition);

}  // namespace interco::api

#endif  // INTERCO_SERVICES_API_ACQUISITION_CONVERT_H_
