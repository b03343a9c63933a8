#include "services/group/validation.h"

#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/common/booked_amount.h"
#include "services/common/field_error.h"
#include "services/common/iso_codes.h"
#include "services/common/status_macros.h"
#include "services/common/text.h"

namespace interco::group {
namespace {

bool IsIdChar(char c) { return absl::ascii_isalnum(c) || c == '.' || c == '_' || c == '-'; }

absl::Status ValidateShare(absl::string_view field, Decimal share) {
  if (share < Decimal() || share > Decimal::FromUnits(1)) {
    return InvalidField(field, share.ToString(), "SHARE_OUT_OF_RANGE", "must be in [0, 1]");
  }
  if (share.Round(kMaxSharePlaces) != share) {
    return InvalidField(field, share.ToString(), "INVALID_DECIMAL",
                        absl::StrCat("more than ", kMaxSharePlaces, " decimal places"));
  }
  return absl::OkStatus();
}

absl::Status ValidateInterval(absl::CivilDay from, absl::CivilDay to) {
  RETURN_IF_ERROR(ValidateDay("validity.valid_from", from));
  RETURN_IF_ERROR(ValidateDay("validity.valid_to", to));
  if (to <= from) {
    return InvalidField("validity.valid_to", DayText(to), "EMPTY_VALIDITY",
                        absl::StrCat("must be after valid_from ", DayText(from)));
  }
  return absl::OkStatus();
}

absl::Status ValidateNotNegative(absl::string_view field, Decimal amount) {
  if (amount.is_negative()) {
    return InvalidField(field, amount.ToString(), "NEGATIVE_AMOUNT", "must not be negative");
  }
  return CheckBookedAmount(field, amount);
}

absl::Status ValidateNciMeasurement(const Acquisition& acquisition) {
  switch (acquisition.nci_measurement) {
    case NciMeasurement::kProportionate:
      if (!acquisition.nci_fair_value.has_value()) return absl::OkStatus();
      return InvalidField("nci_fair_value", acquisition.nci_fair_value->ToString(), "NOT_ALLOWED",
                          "only an NCI measured at fair value has one");
    case NciMeasurement::kFairValue:
      if (!acquisition.nci_fair_value.has_value()) {
        return InvalidField("nci_fair_value", "", "MISSING_FIELD",
                            "is required when the NCI is measured at fair value");
      }
      return ValidateNotNegative("nci_fair_value", *acquisition.nci_fair_value);
  }
  return InvalidField("nci_measurement",
                      absl::StrCat(static_cast<int>(acquisition.nci_measurement)), "INVALID_ENUM",
                      "must be PROPORTIONATE or FAIR_VALUE");
}

absl::Status ValidateAdjustments(const std::vector<FairValueAdjustment>& adjustments) {
  if (adjustments.size() > kMaxFairValueAdjustments) {
    return InvalidField("fair_value_adjustments", absl::StrCat(adjustments.size()),
                        "TOO_MANY_ADJUSTMENTS",
                        absl::StrCat("at most ", kMaxFairValueAdjustments, " adjustments"));
  }
  std::map<absl::string_view, size_t> seen;  // account -> its first index.
  Decimal total;  // The consolidation adds them to the net assets acquired.
  for (size_t i = 0; i < adjustments.size(); ++i) {
    const std::string amount_field = absl::StrCat("fair_value_adjustments[", i, "].amount");
    RETURN_IF_ERROR(CheckBookedAmount(amount_field, adjustments[i].amount));
    // Each within 10^16 and so was the total: exact.
    total = *Decimal::Add(total, adjustments[i].amount);
    RETURN_IF_ERROR(CheckBookedTotal(
        "fair_value_adjustments",
        absl::StrCat("the adjustments up to fair_value_adjustments[", i, "]"), total));
    const std::string field = absl::StrCat("fair_value_adjustments[", i, "].account");
    RETURN_IF_ERROR(ValidateId(field, adjustments[i].account));
    const auto [it, added] = seen.emplace(adjustments[i].account, i);
    if (!added) {
      return InvalidField(field, adjustments[i].account, "DUPLICATE_ACCOUNT",
                          absl::StrCat("already adjusted by fair_value_adjustments[", it->second,
                                       "]; one adjustment per account"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateId(absl::string_view field, absl::string_view id) {
  if (id.empty()) return InvalidField(field, id, "MISSING_FIELD", "is required");
  if (id.size() > kMaxIdBytes) {
    return InvalidField(field, id, "TOO_LONG", absl::StrCat("longer than ", kMaxIdBytes, " bytes"));
  }
  for (char c : id) {
    if (!IsIdChar(c)) {
      return InvalidField(field, id, "INVALID_ID", "may contain only A-Z a-z 0-9 . _ -");
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateName(absl::string_view field, absl::string_view name) {
  if (name.empty()) return InvalidField(field, name, "MISSING_FIELD", "is required");
  if (name.size() > kMaxNameBytes) {
    return InvalidField(field, name, "TOO_LONG",
                        absl::StrCat("longer than ", kMaxNameBytes, " bytes"));
  }
  return CheckPrintableText(field, name, "INVALID_NAME");
}

absl::Status ValidateDay(absl::string_view field, absl::CivilDay day) {
  if (day < kMinDay || day > kMaxDay) {
    return InvalidField(field, DayText(day), "DATE_OUT_OF_RANGE",
                        "must be between 1900-01-01 and 9999-12-31");
  }
  return absl::OkStatus();
}

absl::Status ValidateEntity(const LegalEntity& entity) {
  RETURN_IF_ERROR(ValidateId("entity_id", entity.id));
  RETURN_IF_ERROR(ValidateName("name", entity.name));
  if (!IsCountryCode(entity.jurisdiction)) {
    return InvalidField("jurisdiction", entity.jurisdiction, "UNKNOWN_COUNTRY",
                        "not an ISO 3166-1 alpha-2 country code");
  }
  if (!CurrencyMinorUnits(entity.functional_currency).has_value()) {
    return InvalidField("functional_currency", entity.functional_currency, "UNKNOWN_CURRENCY",
                        "not an active ISO 4217 currency code");
  }
  if (entity.functional_currency_from.has_value() &&
      (absl::CivilDay(*entity.functional_currency_from) < kMinDay ||
       absl::CivilDay(*entity.functional_currency_from) > kMaxDay)) {
    return InvalidField("functional_currency_effective_period",
                        MonthText(*entity.functional_currency_from), "PERIOD_OUT_OF_RANGE",
                        "must be a month from 1900-01 to 9999-12");
  }
  if (!entity.parent_of_record_id.empty()) {
    RETURN_IF_ERROR(ValidateId("parent_of_record_id", entity.parent_of_record_id));
    if (entity.parent_of_record_id == entity.id) {
      return InvalidField("parent_of_record_id", entity.parent_of_record_id, "SELF_REFERENCE",
                          "an entity cannot be its own parent");
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateDepartment(const Department& department) {
  RETURN_IF_ERROR(ValidateId("department_id", department.id));
  RETURN_IF_ERROR(ValidateId("entity_id", department.entity_id));
  return ValidateName("name", department.name);
}

absl::Status ValidateEmployee(const Employee& employee) {
  RETURN_IF_ERROR(ValidateId("employee_id", employee.id));
  RETURN_IF_ERROR(ValidateId("entity_id", employee.entity_id));
  return ValidateName("name", employee.name);
}

absl::Status ValidateEdge(const OwnershipEdge& edge) {
  RETURN_IF_ERROR(ValidateId("holder_id", edge.holder_id));
  RETURN_IF_ERROR(ValidateId("held_id", edge.held_id));
  if (edge.holder_id == edge.held_id) {
    return InvalidField("held_id", edge.held_id, "SELF_HOLDING", "an entity cannot hold itself");
  }
  RETURN_IF_ERROR(ValidateShare("equity_share", edge.equity_share));
  RETURN_IF_ERROR(ValidateShare("voting_share", edge.voting_share));
  if (edge.equity_share.is_zero() && edge.voting_share.is_zero() && !edge.explicit_control) {
    return InvalidField("equity_share", "0", "EMPTY_EDGE",
                        "an edge needs an equity share, a voting share or explicit control");
  }
  RETURN_IF_ERROR(ValidateDay("validity.valid_from", edge.valid_from));
  if (edge.valid_to.has_value()) RETURN_IF_ERROR(ValidateInterval(edge.valid_from, *edge.valid_to));
  return absl::OkStatus();
}

absl::Status ValidateEndEdge(const EndEdge& end) {
  RETURN_IF_ERROR(ValidateId("holder_id", end.holder_id));
  RETURN_IF_ERROR(ValidateId("held_id", end.held_id));
  RETURN_IF_ERROR(ValidateDay("valid_from", end.valid_from));
  RETURN_IF_ERROR(ValidateDay("valid_to", end.valid_to));
  if (end.valid_to <= end.valid_from) {
    return InvalidField("valid_to", DayText(end.valid_to), "EMPTY_VALIDITY",
                        "must be after valid_from");
  }
  return absl::OkStatus();
}

absl::Status ValidateAcquisition(const Acquisition& acquisition) {
  RETURN_IF_ERROR(ValidateId("holder_id", acquisition.holder_id));
  RETURN_IF_ERROR(ValidateId("held_id", acquisition.held_id));
  if (acquisition.holder_id == acquisition.held_id) {
    return InvalidField("held_id", acquisition.held_id, "SELF_HOLDING",
                        "an entity cannot acquire itself");
  }
  RETURN_IF_ERROR(ValidateDay("acquisition_date", acquisition.acquisition_date));
  if (acquisition.acquisition_date.day() != 1) {
    // Periods are months: the held entity's trial balance of the month before is its
    // balance sheet at acquisition.
    return InvalidField("acquisition_date", DayText(acquisition.acquisition_date),
                        "NOT_FIRST_OF_MONTH", "must be the first day of a month");
  }
  RETURN_IF_ERROR(ValidateNotNegative("consideration", acquisition.consideration));
  const std::optional<int> minor_units = CurrencyMinorUnits(acquisition.consideration_currency);
  if (!minor_units.has_value()) {
    return InvalidField("consideration_currency", acquisition.consideration_currency,
                        "UNKNOWN_CURRENCY", "not an active ISO 4217 currency code");
  }
  if (acquisition.consideration.Round(*minor_units) != acquisition.consideration) {
    return InvalidField(
        "consideration", acquisition.consideration.ToString(), "TOO_MANY_PLACES",
        absl::StrCat("more decimal places than ", acquisition.consideration_currency, " has (",
                     *minor_units, ")"));
  }
  RETURN_IF_ERROR(ValidateId("investment_account", acquisition.investment_account));
  RETURN_IF_ERROR(ValidateNciMeasurement(acquisition));
  return ValidateAdjustments(acquisition.fair_value_adjustments);
}

}  // namespace interco::group
