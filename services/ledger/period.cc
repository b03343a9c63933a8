#include "services/ledger/period.h"

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
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

std::string Period::ToString() const { return absl::StrFormat("%04d-%02d", year(), month()); }

absl::Status AdmitPeriods(const PeriodCalendar& calendar, std::vector<LedgerLine>& lines) {
  for (LedgerLine& line : lines) {
    if (!calendar.IsClosed(line.entity_id, line.period)) continue;
    if (std::optional<std::string> next = calendar.RollForward(line.entity_id, line.period)) {
      line.period = *std::move(next);
      continue;
    }
    return WithReason(absl::FailedPreconditionError(
                          absl::StrCat("period ", line.period, " of ", line.entity_id,
                                       " is closed; date the posting in an open period")),
                      "PERIOD_CLOSED");
  }
  return absl::OkStatus();
}

absl::Status ValidatePeriod(absl::string_view field, absl::string_view period) {
  return Period::Parse(field, period).status();
}

}  // namespace interco::ledger
