#include "services/group/validation.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/common/field_error.h"
#include "services/common/iso_codes.h"
#include "services/common/status_macros.h"

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
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7f) {
      return InvalidField(field, name, "INVALID_NAME", "contains a control character");
    }
  }
  return absl::OkStatus();
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

}  // namespace interco::group
