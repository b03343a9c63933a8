#include "services/pricing/money.h"

#include "services/common/field_error.h"
#include "services/common/iso_codes.h"

namespace interco::pricing {

absl::StatusOr<int> MinorUnitsOf(absl::string_view currency, absl::string_view field) {
  const std::optional<int> minor = CurrencyMinorUnits(currency);
  if (!minor.has_value()) {
    return InvalidField(field, currency, "UNKNOWN_CURRENCY",
                        "not an active ISO 4217 currency code");
  }
  return *minor;
}

Decimal RoundToMinor(Decimal amount, absl::string_view currency, RoundingMode mode) {
  return amount.Round(CurrencyMinorUnits(currency).value_or(2), mode);
}

absl::StatusOr<Decimal> NoOverflow(std::optional<Decimal> result, absl::string_view field,
                                   absl::string_view total) {
  if (!result.has_value()) {
    return InvalidField(field, "", "OVERFLOW",
                        absl::StrCat(total, " exceeds the exact range (+/-",
                                     "170141183460469231731 units) and cannot be computed"));
  }
  return *result;
}

}  // namespace interco::pricing
