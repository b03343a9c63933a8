#include "services/ledger/period_type.h"

#include "absl/strings/ascii.h"
#include "services/common/field_error.h"

namespace interco::ledger {

namespace {

// The year and month of "YYYY-MM" within the range; false for any other text. The digits
// by hand rather than SimpleAtoi: the journal scan checks every line's period.
bool SplitText(absl::string_view text, int* year, int* month) {
  if (text.size() != 7 || text[4] != '-') return false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (i != 4 && !absl::ascii_isdigit(text[i])) return false;
  }
  const auto digit = [text](size_t i) { return text[i] - '0'; };
  *year = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3);
  *month = digit(5) * 10 + digit(6);
  return *year >= Period::kMinYear && *year <= Period::kMaxYear && *month >= 1 && *month <= 12;
}

}  // namespace

absl::StatusOr<Period> Period::Parse(absl::string_view field, absl::string_view text) {
  int year = 0, month = 0;
  if (!SplitText(text, &year, &month)) {
    return InvalidField(field, text, "INVALID_PERIOD", "must be YYYY-MM, 1900-01 to 9999-12");
  }
  return Period(absl::CivilMonth(year, month));
}

bool Period::IsValidText(absl::string_view text) {
  int year = 0, month = 0;
  return SplitText(text, &year, &month);
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
  const char text[7] = {static_cast<char>('0' + y / 1000),
                        static_cast<char>('0' + y / 100 % 10),
                        static_cast<char>('0' + y / 10 % 10),
                        static_cast<char>('0' + y % 10),
                        '-',
                        static_cast<char>('0' + m / 10),
                        static_cast<char>('0' + m % 10)};
  return std::string(text, sizeof(text));
}

absl::Status ValidatePeriod(absl::string_view field, absl::string_view period) {
  return Period::Parse(field, period).status();
}

}  // namespace interco::ledger
