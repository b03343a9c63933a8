#include "services/ledger/reversal.h"

#include "absl/strings/str_cat.h"
#include "services/common/field_error.h"
#include "services/group/model.h"

namespace interco::ledger {

absl::StatusOr<Posting> ReversalOf(const JournalEntry& original, absl::CivilDay date) {
  if (original.posting.reverses.has_value()) {
    return FieldError(absl::StatusCode::kFailedPrecondition, "sequence",
                      absl::StrCat(original.sequence), "IS_A_REVERSAL",
                      absl::StrCat("is itself the reversal of entry ", *original.posting.reverses,
                                   "; post the transaction again instead"));
  }
  if (date < original.posting.date) {
    return InvalidField("date", group::DayText(date), "BEFORE_ORIGINAL",
                        absl::StrCat("must not be before the original's date ",
                                     group::DayText(original.posting.date)));
  }
  const std::optional<Period> period = Period::Of(date);
  if (!period.has_value()) {  // Callers validate `date` to the calendar.
    return absl::InternalError(
        absl::StrCat("the reversal date ", group::DayText(date), " has no period"));
  }
  Posting reversal = original.posting;
  reversal.date = date;
  reversal.reverses = original.sequence;
  reversal.explanation = absl::StrCat("reversal of entry ", original.sequence);
  for (LedgerLine& line : reversal.lines) {
    line.side = line.side == Side::kDebit ? Side::kCredit : Side::kDebit;
    line.period = *period;
  }
  return reversal;
}

}  // namespace interco::ledger
