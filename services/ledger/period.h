// Accounting periods: calendar months written "YYYY-MM".
#ifndef INTERCO_SERVICES_LEDGER_PERIOD_H_
#define INTERCO_SERVICES_LEDGER_PERIOD_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace interco::ledger {

// INVALID_ARGUMENT naming `field` unless `period` is "YYYY-MM" with a month 01-12 and a
// year 1900-9999.
absl::Status ValidatePeriod(absl::string_view field, absl::string_view period);

}  // namespace interco::ledger

#endif  // INTERCO_SERVICES_LEDGER_PERIOD_H_
