// Accounting periods: calendar months from 1900-01 to 9999-12, written "YYYY-MM".
//
// A Period can only hold a month of that range, so a period computed from another (the
// next open one of a rolling close) cannot leave the calendar the API accepts, and two
// periods order as months. Their text form has a fixed width, so it sorts as they do; it
// is the form on the wire and in storage encodings, and nowhere else.
#ifndef INTERCO_SERVICES_LEDGER_PERIOD_TYPE_H_
#define INTERCO_SERVICES_LEDGER_PERIOD_TYPE_H_

#include <optional>
#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace interco::ledger {

class Period {
 public:
  static constexpr int kMinYear = 1900;
  static constexpr int kMaxYear = 9999;

  // 1900-01. Only so that records holding a period can be default-constructed; every
  // period a record keeps is set from a date or parsed before it is used.
  Period() : month_(kMinYear, 1) {}

  // INVALID_ARGUMENT naming `field` unless `text` is "YYYY-MM" within the range.
  static absl::StatusOr<Period> Parse(absl::string_view field, absl::string_view text);
  // Whether Parse accepts `text`, without building the period: the "as of" journal scan
  // checks every line's period and needs nothing else of it.
  static bool IsValidText(absl::string_view text);
  // The month of `day`; nullopt outside the range.
  static std::optional<Period> Of(absl::CivilDay day);
  static Period First() { return Period(absl::CivilMonth(kMinYear, 1)); }
  static Period Last() { return Period(absl::CivilMonth(kMaxYear, 12)); }

  // The following month; nullopt after 9999-12.
  std::optional<Period> Next() const;
  std::string ToString() const;  // "YYYY-MM".
  int year() const { return static_cast<int>(month_.year()); }
  int month() const { return month_.month(); }
  // The first and last day of the month.
  absl::CivilDay FirstDay() const { return absl::CivilDay(month_); }
  absl::CivilDay LastDay() const { return absl::CivilDay(month_ + 1) - 1; }

  friend bool operator==(Period a, Period b) { return a.month_ == b.month_; }
  friend bool operator!=(Period a, Period b) { return a.month_ != b.month_; }
  friend bool operator<(Period a, Period b) { return a.month_ < b.month_; }
  friend bool operator<=(Period a, Period b) { return a.month_ <= b.month_; }
  friend bool operator>(Period a, Period b) { return b.month_ < a.month_; }
  friend bool operator>=(Period a, Period b) { return b.month_ <= a.month_; }
  friend std::ostream& operator<<(std::ostream& os, Period p) { return os << p.ToString(); }
  template <typename H>
  friend H AbslHashValue(H h, Period p) {
    return H::combine(std::move(h), p.month_);
  }

 private:
  explicit Period(absl::CivilMonth month) : month_(month) {}
  absl::CivilMonth month_;
};

// INVALID_ARGUMENT naming `field` unless `period` is "YYYY-MM" with a month 01-12 and a
// year 1900-9999.
absl::Status ValidatePeriod(absl::string_view field, absl::string_view period);

}  // namespace interco::ledger

#endif  // INTERCO_SERVICES_LEDGER_PERIOD_TYPE_H_
