#include "services/ledger/period_type.h"

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "services/common/field_error.h"

namespace interco::ledger {

absl::StatusOr<Period> Period::Parse(absl::string_view field, absl::string_view text) {
  bool ok = text.size() == 7 && text[4] == '-';
  for (size_t i = 0; ok && i < text.size(); ++i) {
    if (i != 4 && !absl::ascii_isdigit(text[i])) ok = false;
  }
  int year = 0, month = 0;
  ok = ok && absl::SimpleAtoi(text.substr(0, 4), &year) &&
       absl::SimpleAtoi(text.substr(5, 2), &month) && year >= kMinYear && year <= kMaxYear &&
       month >= 1 && month <= 12;
  if (!ok) {
    return InvalidField(field, text, "INVALID_PERIOD", "must be YYYY-MM, 1900-01 to 9999-12");
  }
  return Period(absl::CivilMonth(year, month));
}

std::optional<Period> Period::Of(absl::CivilDay day) {
  const absl::CivilMonth month(day);
  if (month < First().month_ || Last().month_ < month) return std::nullopt;
  return Period(month);
}

std::optional<Period> Period::Next() const {
  if (*this == Last()) return std::nullopt;
  return Period(month_ + 1);
}

std::string Period::ToString() const {
  // By hand rather than StrFormat: balance and index keys are built from it per line.
  const int y = year(), m = month();
  const char text[7] = {static_cast<char>('0' + y / 1000),     static_cast<char>('0' + y / 100 % 10),
                        static_cast<char>('0' + y / 10 % 10),  static_cast<char>('0' + y % 10),
                        '-',
                        static_cast<char>('0' + m / 10),       static_cast<char>('0' + m % 10)};
  return std::string(text, sizeof(text));
}

absl::Status ValidatePeriod(absl::string_view field, absl::string_view period) {
  return Period::Parse(field, period).status();
}

}  // namespace interco::ledger
