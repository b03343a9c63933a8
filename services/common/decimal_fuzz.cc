// Fuzz target for the decimal parser and arithmetic: any text either parses or is refused;
// what parses prints back to text that parses to the same value; arithmetic on it reports
// overflow instead of wrapping (UBSan in the libFuzzer build checks the 128-bit maths).
#include <cstdint>
#include <cstdlib>
#include <string>

#include "absl/strings/string_view.h"
#include "services/common/decimal.h"

namespace {

void Require(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using interco::Decimal;
  const absl::string_view text(reinterpret_cast<const char*>(data), size);
  // The first byte, when there is one, picks the places allowed.
  const int max_places = size == 0 ? Decimal::kPlaces : data[0] % (Decimal::kPlaces + 1);
  const absl::StatusOr<Decimal> parsed = Decimal::Parse(text, max_places);
  if (!parsed.ok()) {
    Require(parsed.status().code() == absl::StatusCode::kInvalidArgument);
    return 0;
  }
  const absl::StatusOr<Decimal> again = Decimal::Parse(parsed->ToString());
  Require(again.ok() && *again == *parsed);
  for (int places = 0; places <= Decimal::kPlaces; ++places) {
    const Decimal rounded = parsed->Round(places);
    const absl::StatusOr<Decimal> printed = Decimal::Parse(parsed->ToString(places));
    Require(printed.ok() && *printed == rounded);
  }
  const Decimal value = *parsed;
  if (auto sum = Decimal::Add(value, value)) Require(*Decimal::Sub(*sum, value) == value);
  Decimal::Mul(value, value);
  if (auto quotient = Decimal::Div(value, value)) Require(*quotient == Decimal::FromUnits(1));
  return 0;
}
