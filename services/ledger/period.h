// Period rules: which months are closed, and how a closed month rolls postings forward.
// The period type itself is in period_type.h.
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
#include "services/ledger/period_type.h"

namespace interco::ledger {

// Which months each entity has closed, and whether a close rolls postings forward
// (implemented by the pricing book, which keeps the closes with the other reference data).
class PeriodCalendar {
 public:
  virtual ~PeriodCalendar() = default;
  virtual bool IsClosed(absl::string_view entity_id, Period period) const = 0;
  // For a closed period that rolls forward, the entity's next open period; nullopt when
  // `period` is open, closed without roll-forward, or no open period follows before the
  // calendar ends.
  virtual std::optional<Period> RollForward(absl::string_view entity_id, Period period) const = 0;
};

// The period rule every posting passes at commit time (the Sequencer's admission, so a
// close cannot be raced): each line in a closed period of its entity moves to that
// entity's next open period when the close rolls forward (each entity on its own
// calendar), else the posting is refused, FAILED_PRECONDITION with reason PERIOD_CLOSED.
absl::Status AdmitPeriods(const PeriodCalendar& calendar, std::vector<LedgerLine>& lines);

}  // namespace interco::ledger

#endif  // INTERCO_SERVICES_LEDGER_PERIOD_H_
