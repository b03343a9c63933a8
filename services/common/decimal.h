// Decimal: an exact base-10 fixed-point number with 18 fraction digits in an absl::int128.
//
// Shares, rates, percentages and markups are Decimals; binary floating point is never used
// for them. The range is +/-170141183460469231731 exactly (whole units, about 1.7e20),
// enough for any amount a group books; every operation that could leave it reports
// failure instead of wrapping, and rounding never leaves it.
// Value type, cheap to copy, thread-compatible.
#ifndef INTERCO_SERVICES_COMMON_DECIMAL_H_
#define INTERCO_SERVICES_COMMON_DECIMAL_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/numeric/int128.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace interco {

enum class RoundingMode {
  kHalfEven,  // Banker's rounding: the default for money and shares.
  kHalfUp,    // Ties away from zero.
};

class Decimal {
 public:
  static constexpr int kPlaces = 18;

  constexpr Decimal() = default;

  // From whole units, e.g. FromUnits(100) == 100.
  static Decimal FromUnits(int64_t units);
  // From the raw scaled value: raw / 10^18.
  static constexpr Decimal FromRaw(absl::int128 raw) { return Decimal(raw); }

  // Parses "[-]digits[.digits]": no '+', exponent, spaces or separators; at least one digit
  // before the point; at most `max_places` (<= 18) digits after it. INVALID_ARGUMENT
  // otherwise, or when the value is out of range.
  static absl::StatusOr<Decimal> Parse(absl::string_view text, int max_places = kPlaces);

  absl::int128 raw() const { return raw_; }

  // Shortest exact form: "0.8", "-12", "44.5".
  std::string ToString() const;
  // Rounded to `places` (0..18) with `mode`, always `places` digits after the point.
  std::string ToString(int places, RoundingMode mode = RoundingMode::kHalfEven) const;

  // Rounded to `places` (0..18) fraction digits.
  Decimal Round(int places, RoundingMode mode = RoundingMode::kHalfEven) const;

  // Arithmetic; nullopt on overflow. Mul rounds the 36-digit product back to 18 places
  // with `mode`; Div rounds the quotient. Div by zero is nullopt, and so is a divisor of
  // magnitude 1e19 or more (its long division would need more than 128 bits).
  static std::optional<Decimal> Add(Decimal a, Decimal b);
  static std::optional<Decimal> Sub(Decimal a, Decimal b);
  static std::optional<Decimal> Mul(Decimal a, Decimal b,
                                    RoundingMode mode = RoundingMode::kHalfEven);
  static std::optional<Decimal> Div(Decimal a, Decimal b,
                                    RoundingMode mode = RoundingMode::kHalfEven);

  bool is_zero() const { return raw_ == 0; }
  bool is_negative() const { return raw_ < 0; }

  friend bool operator==(Decimal a, Decimal b) { return a.raw_ == b.raw_; }
  friend bool operator!=(Decimal a, Decimal b) { return a.raw_ != b.raw_; }
  friend bool operator<(Decimal a, Decimal b) { return a.raw_ < b.raw_; }
  friend bool operator<=(Decimal a, Decimal b) { return a.raw_ <= b.raw_; }
  friend bool operator>(Decimal a, Decimal b) { return a.raw_ > b.raw_; }
  friend bool operator>=(Decimal a, Decimal b) { return a.raw_ >= b.raw_; }

 private:
  constexpr explicit Decimal(absl::int128 raw) : raw_(raw) {}
  absl::int128 raw_ = 0;
};

// 10^18, the scale of Decimal::raw().
absl::int128 DecimalScale();

}  // namespace interco

#endif  // INTERCO_SERVICES_COMMON_DECIMAL_H_
