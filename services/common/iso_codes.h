// ISO 3166-1 alpha-2 country codes and ISO 4217 currency codes with their minor units.
#ifndef INTERCO_SERVICES_COMMON_ISO_CODES_H_
#define INTERCO_SERVICES_COMMON_ISO_CODES_H_

#include <optional>

#include "absl/strings/string_view.h"

namespace interco {

// True for an officially assigned ISO 3166-1 alpha-2 code in upper case ("DE", "US").
bool IsCountryCode(absl::string_view code);

// The number of minor-unit digits of an active ISO 4217 currency in upper case (JPY 0,
// USD 2, KWD 3); nullopt for anything else, including funds and precious-metal codes
// (XAU, XDR, ...) that are not booked as money.
std::optional<int> CurrencyMinorUnits(absl::string_view code);

}  // namespace interco

#endif  // INTERCO_SERVICES_COMMON_ISO_CODES_H_
