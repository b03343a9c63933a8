#include "services/ledger/period.h"

#include "absl/strings/str_cat.h"
#include "services/common/field_error.h"

namespace interco::ledger {

absl::Status AdmitPeriods(const PeriodCalendar& calendar, std::vector<LedgerLine>& lines) {
  for (LedgerLine& line : lines) {
    if (!calendar.IsClosed(line.entity_id, line.period)) continue;
    if (std::optional<Period> next = calendar.RollForward(line.entity_id, line.period)) {
      line.period = *next;
      continue;
    }
    return WithReason(absl::FailedPreconditionError(
                          absl::StrCat("period ", line.period.ToString(), " of ", line.entity_id,
                                       " is closed; date the posting in an open period")),
                      "PERIOD_CLOSED");
  }
  return absl::OkStatus();
}

}  // namespace interco::ledger
