#include "services/ledger/period.h"

#include "absl/strings/ascii.h"
#include "services/common/field_error.h"

namespace interco::ledger {

absl::Status ValidatePeriod(absl::string_view field, absl::string_view period) {
  bool ok = period.size() == 7 && period[4] == '-';
  for (size_t i = 0; ok && i < period.size(); ++i) {
    if (i != 4 && !absl::ascii_isdigit(period[i])) ok = false;
  }
  ok = ok && period >= "1900-01" && period <= "9999-12" && period.substr(5) >= "01" &&
       period.substr(5) <= "12";
  if (!ok) return InvalidField(field, period, "INVALID_PERIOD", "must be YYYY-MM");
  return absl::OkStatus();
}

}  // namespace interco::ledger
