#include "services/api/acquisition_convert.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "services/api/convert.h"
#include "services/api/pricing_convert.h"
#include "services/common/field_error.h"
#include "services/common/status_macros.h"

namespace interco::api {
namespace {

struct NciMeasurementName {
  v1::NciMeasurement wire;
  group::NciMeasurement domain;
};
constexpr NciMeasurementName kNciMeasurements[] = {
    {v1::NCI_MEASUREMENT_PROPORTIONATE, group::NciMeasurement::kProportionate},
    {v1::NCI_MEASUREMENT_FAIR_VALUE, group::NciMeasurement::kFairValue},
};

absl::StatusOr<group::NciMeasurement> NciMeasurementFromProto(v1::NciMeasurement wire) {
  if (wire == v1::NCI_MEASUREMENT_UNSPECIFIED) {
    return InvalidField("nci_measurement", "NCI_MEASUREMENT_UNSPECIFIED", "MISSING_FIELD",
                        "PROPORTIONATE or FAIR_VALUE");
  }
  for (const NciMeasurementName& name : kNciMeasurements) {
    if (name.wire == wire) return name.domain;
  }
  return InvalidField("nci_measurement", absl::StrCat(static_cast<int>(wire)), "INVALID_ENUM",
                      "not a known NCI measurement");
}

v1::NciMeasurement NciMeasurementToProto(group::NciMeasurement domain) {
  for (const NciMeasurementName& name : kNciMeasurements) {
    if (name.domain == domain) return name.wire;
  }
  return v1::NCI_MEASUREMENT_UNSPECIFIED;
}

// An amount in the held entity's currency: every one must name the same currency, which
// `*currency` collects (the use case checks it against the entity's).
absl::StatusOr<Decimal> HeldAmount(const google::type::Money& money, absl::string_view field,
                                   std::string* currency) {
  const std::string currency_field = absl::StrCat(field, ".currency_code");
  if (money.currency_code().empty()) {
    return InvalidField(currency_field, "", "MISSING_FIELD", "is required");
  }
  if (currency->empty()) {
    *currency = money.currency_code();
  } else if (money.currency_code() != *currency) {
    return InvalidField(currency_field, money.currency_code(), "CURRENCY_MISMATCH",
                        absl::StrCat("the held entity's amounts are all in its functional "
                                     "currency; an earlier one is in ",
                                     *currency));
  }
  return MoneyFromProto(money, field, "");
}

}  // namespace

absl::StatusOr<group::AcquisitionUpsert> AcquisitionUpsertFromProto(
    const v1::UpsertAcquisitionRequest& request) {
  const v1::Acquisition& wire = request.acquisition();
  group::AcquisitionUpsert upsert;
  upsert.request_id = request.request_id();
  group::Acquisition& out = upsert.acquisition;
  out.holder_id = wire.holder_id();
  out.held_id = wire.held_id();
  ASSIGN_OR_RETURN(out.acquisition_date, DayFromProto(wire.acquisition_date(), "acquisition_date"));
  if (!wire.has_consideration()) {
    return InvalidField("consideration", "", "MISSING_FIELD", "is required");
  }
  if (wire.consideration().currency_code().empty()) {
    return InvalidField("consideration.currency_code", "", "MISSING_FIELD", "is required");
  }
  ASSIGN_OR_RETURN(out.consideration, MoneyFromProto(wire.consideration(), "consideration", ""));
  out.consideration_currency = wire.consideration().currency_code();
  out.investment_account = wire.investment_account();
  ASSIGN_OR_RETURN(out.nci_measurement, NciMeasurementFromProto(wire.nci_measurement()));
  if (wire.has_nci_fair_value()) {
    ASSIGN_OR_RETURN(out.nci_fair_value, HeldAmount(wire.nci_fair_value(), "nci_fair_value",
                                                    &upsert.held_amounts_currency));
  }
  for (int i = 0; i < wire.fair_value_adjustments_size(); ++i) {
    const v1::FairValueAdjustment& adjustment = wire.fair_value_adjustments(i);
    const std::string field = absl::StrCat("fair_value_adjustments[", i, "].amount");
    if (!adjustment.has_amount()) return InvalidField(field, "", "MISSING_FIELD", "is required");
    ASSIGN_OR_RETURN(Decimal amount,
                     HeldAmount(adjustment.amount(), field, &upsert.held_amounts_currency));
    out.fair_value_adjustments.push_back({adjustment.account(), amount});
  }
  return upsert;
}

absl::StatusOr<v1::Acquisition> AcquisitionToProto(const group::Acquisition& acquisition,
                                                   absl::string_view held_currency) {
  v1::Acquisition out;
  out.set_holder_id(acquisition.holder_id);
  out.set_held_id(acquisition.held_id);
  *out.mutable_acquisition_date() = DayToProto(acquisition.acquisition_date);
  ASSIGN_OR_RETURN(
      *out.mutable_consideration(),
      MoneyToProto(acquisition.consideration, acquisition.consideration_currency, "consideration"));
  out.set_investment_account(acquisition.investment_account);
  out.set_nci_measurement(NciMeasurementToProto(acquisition.nci_measurement));
  if (acquisition.nci_fair_value.has_value()) {
    ASSIGN_OR_RETURN(*out.mutable_nci_fair_value(),
                     MoneyToProto(*acquisition.nci_fair_value, held_currency, "nci_fair_value"));
  }
  for (const group::FairValueAdjustment& adjustment : acquisition.fair_value_adjustments) {
    v1::FairValueAdjustment* wire = out.add_fair_value_adjustments();
    wire->set_account(adjustment.account);
    ASSIGN_OR_RETURN(*wire->mutable_amount(),
                     MoneyToProto(adjustment.amount, held_currency, "fair_value_adjustments"));
  }
  return out;
}

std::string HeldCurrency(const group::GroupStructure& structure,
                         const group::Acquisition& acquisition) {
  const group::LegalEntity* held = structure.FindEntity(acquisition.held_id);
  if (held == nullptr) return "";
  return held->FunctionalCurrencyIn(absl::CivilMonth(acquisition.acquisition_date));
}

}  // namespace interco::api
