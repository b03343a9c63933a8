// Accounting periods: calendar months from 1900-01 to 9999-12, written "YYYY-MM".
//
// A Period can only hold a month of that range, so a period computed from another (the
// next open one of a rolling close) cannot leave the calendar the API accepts, and two
// periods order as months. Their text form has a fixed width, so it sorts as they do.
#ifndef INTERCO_SERVICES_LEDGER_PERIOD_H_
#define INTERCO_SERVICES_LEDGER_PERIOD_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "services/ledger/entry.h"

namespace interco::ledger {

class Period {
 public:
  static constexpr int kMinYear = 1900;
  static constexpr int kMaxYear = 9999;

  // INVALID_ARGUMENT naming `field` unless `text` is "YYYY-MM" within the range.
  static absl::StatusOr<Period> Parse(absl::string_view field, absl::string_view text);
  // The month of `day`; nullopt outside the range.
  static std::optional<Period> Of(absl::CivilDay day);
  static Period First() { return Period(absl::CivilMonth(kMinYear, 1)); }
  static Period Last() { return Period(absl::CivilMonth(kMaxYear, 12)); }

  // The following month; nullopt after 9999-12.
  std::optional<Period> Next() const;
  std::string ToString() const;  // "YYYY-MM".
  int year() const { return static_cast<int>(month_.year()); }
  int month() const { return month_.month(); }

  friend bool operator==(Period a, Period b) { return a.month_ == b.month_; }
  friend bool operator!=(Period a, Period b) { return a.month_ != b.month_; }
  friend bool operator<(Period a, Period b) { return a.month_ < b.month_; }
  friend bool operator<=(Period a, Period b) { return a.month_ <= b.month_; }

 private:
  explicit Period(absl::CivilMonth month) : month_(month) {}
  absl::CivilMonth month_;
};

// INVALID_ARGUMENT naming `field` unless `period` is "YYYY-MM" with a month 01-12 and a
// year 1900-9999.
absl::Status ValidatePeriod(absl::string_view field, absl::string_view period);

// Which months each entity has closed, and whether a close rolls postings forward
// (implemented by the pricing book, which keeps the closes with the other reference data).
class PeriodCalendar {
 public:
  virtual ~PeriodCalendar() = default;
  virtual bool IsClosed(absl::string_view entity_id, absl::string_view period) const = 0;
  // For a closed period that rolls forward, the entity's next open period; nullopt when
  // `period` is open, closed without roll-forward, or no open period follows before the
  // calendar ends.
  virtual std::optional<std::string> RollForward(absl::string_view entity_id,
                                                 absl::string_view period) const = 0;
};

// The period rule every posting passes at commit time (the Sequencer's admission, so a
// close cannot be raced): each line in a closed period of its entity moves to that
// entity's next open period when the close rolls forward (each entity on its own
// calendar), else the posting is refused, FAILED_PRECONDITION with reason PERIOD_CLOSED.
absl::Status AdmitPeriods(const PeriodCalendar& calendar, std::vector<LedgerLine>& lines);

}  // namespace interco::ledger

#endif  // INTERCO_SERVICES_LEDGER_PERIOD_H_
