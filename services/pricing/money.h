// Amounts in ISO 4217 currencies: minor units, rounding to them, and the overflow check the
// pricing and consolidation arithmetic reports as an error naming the field (never wrapped).
#ifndef INTERCO_SERVICES_PRICING_MONEY_H_
#define INTERCO_SERVICES_PRICING_MONEY_H_

#include <optional>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/common/decimal.h"

namespace interco::pricing {

// The currency's minor-unit digits; INVALID_ARGUMENT naming `field` for a code that is not
// an active ISO 4217 currency.
absl::StatusOr<int> MinorUnitsOf(absl::string_view currency, absl::string_view field);

// `amount` rounded to `currency`'s minor unit (JPY 0, USD 2, KWD 3). `currency` must be valid.
Decimal RoundToMinor(Decimal amount, absl::string_view currency,
                     RoundingMode mode = RoundingMode::kHalfEven);

// The value of an arithmetic result, or INVALID_ARGUMENT (reason OVERFLOW) naming `field`
// and `total`, the sum or product that left Decimal's range ("the consolidated balance of
// 4000 in EUR"): "<total> exceeds the exact range ...". Never an operand: each is within
// the range, the result is not.
absl::StatusOr<Decimal> NoOverflow(std::optional<Decimal> result, absl::string_view field,
                                   absl::string_view total);

}  // namespace interco::pricing

#endif  // INTERCO_SERVICES_PRICING_MONEY_H_
