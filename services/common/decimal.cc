#include "services/common/decimal.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/common/field_error.h"

namespace interco {
namespace {

// 10^n for n in [0, 18]: fits in 64 bits, so computed there (int128 arithmetic is not
// constexpr in this Abseil).
constexpr int64_t Pow10(int n) {
  int64_t value = 1;
  for (int i = 0; i < n; ++i) value *= 10;
  return value;
}

const absl::int128 kScale = Pow10(Decimal::kPlaces);
// The largest whole number of units below 2^127, scaled: every value in [kMin, kMax]
// rounds (to any number of places) to a value still in it, so Round cannot overflow.
const absl::int128 kMax = absl::Int128Max() / kScale * kScale;
const absl::int128 kMin = -kMax;

absl::uint128 Abs(absl::int128 v) {
  return v < 0 ? absl::uint128(0) - static_cast<absl::uint128>(v) : static_cast<absl::uint128>(v);
}

// Divides with rounding; divisor > 0.
absl::int128 DivRound(absl::int128 numerator, absl::int128 divisor, RoundingMode mode) {
  absl::int128 quotient = numerator / divisor;  // Truncates toward zero.
  const absl::int128 remainder = numerator % divisor;
  if (remainder == 0) return quotient;
  const absl::uint128 twice = Abs(remainder) * 2;
  const absl::uint128 d = static_cast<absl::uint128>(divisor);
  const bool away =
      twice > d || (twice == d && (mode == RoundingMode::kHalfUp || (quotient % 2 != 0)));
  if (away) quotient += numerator < 0 ? -1 : 1;
  return quotient;
}

std::string Digits(absl::uint128 value) {
  // Almost every value fits in 64 bits, where formatting needs no 128-bit division.
  if (absl::Uint128High64(value) == 0) return absl::StrCat(absl::Uint128Low64(value));
  std::string text;
  do {
    text.push_back(static_cast<char>('0' + static_cast<int>(value % 10)));
    value /= 10;
  } while (value != 0);
  std::reverse(text.begin(), text.end());
  return text;
}

}  // namespace

absl::int128 DecimalScale() { return kScale; }

Decimal Decimal::FromUnits(int64_t units) { return Decimal(absl::int128(units) * kScale); }

absl::StatusOr<Decimal> Decimal::Parse(absl::string_view text, int max_places) {
  const absl::string_view original = text;
  auto invalid = [original](absl::string_view why) {
    return InvalidField("", original, "INVALID_DECIMAL", why);
  };
  const bool negative = !text.empty() && text.front() == '-';
  if (negative) text.remove_prefix(1);
  const size_t point = text.find('.');
  const absl::string_view whole = text.substr(0, point);
  const absl::string_view fraction =
      point == absl::string_view::npos ? absl::string_view() : text.substr(point + 1);
  if (whole.empty()) return invalid("not a decimal number: needs a digit before any '.'");
  if (point != absl::string_view::npos && fraction.empty()) {
    return invalid("not a decimal number: needs a digit after '.'");
  }
  for (absl::string_view part : {whole, fraction}) {
    for (char c : part) {
      if (!absl::ascii_isdigit(c)) return invalid("not a decimal number");
    }
  }
  if (static_cast<int>(fraction.size()) > std::min(max_places, kPlaces)) {
    return invalid(absl::StrCat("more than ", std::min(max_places, kPlaces), " decimal places"));
  }
  absl::uint128 value = 0;
  const absl::uint128 limit = static_cast<absl::uint128>(kMax);
  for (absl::string_view part : {whole, fraction}) {
    for (char c : part) {
      const unsigned digit = static_cast<unsigned>(c - '0');
      if (value > (limit - digit) / 10) return invalid("out of range");
      value = value * 10 + digit;
    }
  }
  const absl::uint128 scale = static_cast<absl::uint128>(Pow10(kPlaces - fraction.size()));
  if (value != 0 && value > limit / scale) return invalid("out of range");
  const absl::int128 raw = static_cast<absl::int128>(value * scale);
  return Decimal(negative ? -raw : raw);
}

std::string Decimal::ToString() const {
  // One 128-bit division; the 18 fraction digits fit in 64 bits. Used for every
  // explanation and reason, so it avoids the rounding path of ToString(places).
  const absl::uint128 magnitude = Abs(raw_);
  const absl::uint128 scale = static_cast<absl::uint128>(kScale);
  const absl::uint128 whole = magnitude / scale;
  uint64_t fraction = absl::Uint128Low64(magnitude - whole * scale);
  std::string text = absl::StrCat(raw_ < 0 ? "-" : "", Digits(whole));
  if (fraction == 0) return text;
  char digits[kPlaces];
  int length = kPlaces;
  for (int i = kPlaces - 1; i >= 0; --i, fraction /= 10) {
    digits[i] = static_cast<char>('0' + fraction % 10);
  }
  while (digits[length - 1] == '0') --length;
  text.push_back('.');
  text.append(digits, length);
  return text;
}

std::string Decimal::ToString(int places, RoundingMode mode) const {
  places = std::clamp(places, 0, kPlaces);
  const absl::int128 rounded = DivRound(raw_, Pow10(kPlaces - places), mode);
  const absl::uint128 magnitude = Abs(rounded);
  const absl::uint128 unit = static_cast<absl::uint128>(Pow10(places));
  std::string text = absl::StrCat(rounded < 0 ? "-" : "", Digits(magnitude / unit));
  if (places > 0) {
    std::string fraction = Digits(magnitude % unit);
    absl::StrAppend(&text, ".", std::string(places - fraction.size(), '0'), fraction);
  }
  return text;
}

Decimal Decimal::Round(int places, RoundingMode mode) const {
  places = std::clamp(places, 0, kPlaces);
  const absl::int128 unit = Pow10(kPlaces - places);
  return Decimal(DivRound(raw_, unit, mode) * unit);
}

std::optional<Decimal> Decimal::Add(Decimal a, Decimal b) {
  if ((b.raw_ > 0 && a.raw_ > kMax - b.raw_) || (b.raw_ < 0 && a.raw_ < kMin - b.raw_)) {
    return std::nullopt;
  }
  return Decimal(a.raw_ + b.raw_);
}

std::optional<Decimal> Decimal::Sub(Decimal a, Decimal b) {
  if (b.raw_ == kMin) return std::nullopt;
  return Add(a, Decimal(-b.raw_));
}

std::optional<Decimal> Decimal::Mul(Decimal a, Decimal b, RoundingMode mode) {
  // Split b into whole and fraction parts so that no intermediate exceeds 128 bits:
  // a*b/S = a*whole + a*fraction/S, with fraction < S = 10^18.
  const absl::int128 whole = b.raw_ / kScale;
  const absl::int128 fraction = b.raw_ % kScale;
  if (whole != 0 && Abs(a.raw_) > static_cast<absl::uint128>(kMax) / Abs(whole)) {
    return std::nullopt;
  }
  const absl::int128 big = a.raw_ * whole;
  // a*fraction may still overflow for |a| > ~1.7e20 raw units; split a as well.
  const absl::int128 a_whole = a.raw_ / kScale;
  const absl::int128 a_fraction = a.raw_ % kScale;
  const absl::int128 small = a_whole * fraction + DivRound(a_fraction * fraction, kScale, mode);
  return Add(Decimal(big), Decimal(small));
}

std::optional<Decimal> Decimal::Div(Decimal a, Decimal b, RoundingMode mode) {
  if (b.raw_ == 0) return std::nullopt;
  // a/b scaled = a*S/b. Long division digit by digit avoids a 256-bit intermediate.
  const bool negative = (a.raw_ < 0) != (b.raw_ < 0);
  const absl::uint128 divisor = Abs(b.raw_);
  if (divisor >= static_cast<absl::uint128>(kMax) / 10) return std::nullopt;
  absl::uint128 quotient = Abs(a.raw_) / divisor;
  absl::uint128 remainder = Abs(a.raw_) % divisor;
  const absl::uint128 limit = static_cast<absl::uint128>(kMax);
  for (int i = 0; i < kPlaces; ++i) {
    if (quotient > limit / 10) return std::nullopt;
    remainder *= 10;  // remainder < divisor < 2^127 / 10: fits in 128 bits.
    quotient = quotient * 10 + remainder / divisor;
    remainder %= divisor;
  }
  const absl::uint128 twice = remainder * 2;
  if (twice > divisor ||
      (twice == divisor && (mode == RoundingMode::kHalfUp || quotient % 2 != 0))) {
    ++quotient;
  }
  if (quotient > limit) return std::nullopt;
  const absl::int128 raw = static_cast<absl::int128>(quotient);
  return Decimal(negative ? -raw : raw);
}

}  // namespace interco
