// Manual journal entries (opening balances, corrections): the caller states the lines, and
// these rules decide whether they may be booked. Plain C++; the gRPC handler only converts.
//
// An entry is booked like a priced posting: through the Sequencer (exactly once by request
// id and by its business key JournalEntryKey(entry_id); closed periods refused or rolled
// forward at commit by the sequencer's admission), and corrected only by reversal.
#ifndef INTERCO_SERVICES_POSTING_JOURNAL_ENTRY_BUILDER_H_
#define INTERCO_SERVICES_POSTING_JOURNAL_ENTRY_BUILDER_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "services/common/decimal.h"
#include "services/group/structure.h"
#include "services/ledger/entry.h"
#include "services/pricing/pricing_book.h"

namespace interco::posting {

inline constexpr size_t kMaxJournalEntryLines = 200;
inline constexpr size_t kMaxJournalMemoBytes = 256;

// One line as the caller states it. Amounts are exact; their currencies are ISO 4217 codes
// as given (the builder checks them).
struct JournalLineInput {
  std::string entity_id;
  std::string account;
  std::string counterparty_id;  // Optional.
  ledger::Side side = ledger::Side::kDebit;
  Decimal amount;
  std::string currency;
  // At most one of the two; neither when `currency` is the entity's functional currency.
  std::optional<Decimal> functional_amount;
  std::string functional_currency;  // The currency functional_amount is stated in.
  std::optional<Decimal> fx_rate;   // Functional units per transaction unit.
};

struct JournalEntryInput {
  std::string entry_id;
  absl::CivilDay date;
  std::string memo;
  std::vector<JournalLineInput> lines;
};

// The business key of a manual entry: "journal:" + entry_id. An invoice's key is
// seller + "/" + transaction_id (BusinessKey, journal.h), and neither ids nor entry ids
// contain '/' or ':', so the two kinds of key can never be equal, whatever the entity ids.
std::string JournalEntryKey(absl::string_view entry_id);

// Checks `input` against the group structure and the pricing book (for account maps) and
// builds the posting: the lines in the order given, each in the entity's functional
// currency (the stated amount, or amount x fx_rate rounded half-even to its minor unit; the
// rate recorded is the one given or functional / amount), rate date and period from the
// entry's date. Errors name the field ("lines[3].account"):
//   INVALID_ARGUMENT: entry_id, date, memo, line count (1 to kMaxJournalEntryLines),
//     account not in DefaultChart() nor the entity's map, an amount <= 0 or finer than its
//     currency's minor unit, an unknown currency, a functional amount not in the entity's
//     functional currency, a missing or contradictory functional amount or rate, a line
//     whose counterparty is its own entity, an intercompany line without its mirror
//     (reason UNMIRRORED_INTERCOMPANY_LINE), lines of an entity and currency that do not
//     balance in either currency (field "lines", reason UNBALANCED, naming the entity,
//     currency and difference);
//   NOT_FOUND: an entity_id that is not a legal entity of the structure.
// The posting carries no policy, quantity or price; its relation is INTERCOMPANY when it
// has an intercompany line, else SAME_ENTITY.
absl::StatusOr<ledger::Posting> BuildJournalEntry(const JournalEntryInput& input,
                                                  const group::GroupStructure& structure,
                                                  const pricing::PricingBook& book);

}  // namespace interco::posting

#endif  // INTERCO_SERVICES_POSTING_JOURNAL_ENTRY_BUILDER_H_
