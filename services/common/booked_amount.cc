#include "services/common/booked_amount.h"

#include "absl/strings/str_cat.h"
#include "services/common/field_error.h"

namespace interco {
namespace {

bool WithinRange(Decimal amount) {
  return amount <= BookedAmountMax() && amount >= Decimal::FromUnits(-kBookedUnitsMax);
}

constexpr char kRangeText[] = "10^16 (10000000000000000) units";

}  // namespace

absl::Status CheckBookedAmount(absl::string_view field, Decimal amount) {
  if (WithinRange(amount)) return absl::OkStatus();
  return InvalidField(field, amount.ToString(), "AMOUNT_OUT_OF_RANGE",
                      absl::StrCat("beyond the largest amount the books accept, ", kRangeText,
                                   " either way, so that every sum of the consolidation stays "
                                   "exact"));
}

absl::Status CheckBookedTotal(absl::string_view field, absl::string_view what, Decimal total) {
  if (WithinRange(total)) return absl::OkStatus();
  return InvalidField(
      field, total.ToString(), "TOTAL_OUT_OF_RANGE",
      absl::StrCat(what, ": ", total.ToString(), ", beyond the largest total one record may hold, ",
                   kRangeText, " either way"));
}

}  // namespace interco
