// Ledger entries as plain values: the lines one posting appends for both entities, and the
// journal entry that carries them with their sequence and hash chain.
#ifndef INTERCO_SERVICES_LEDGER_ENTRY_H_
#define INTERCO_SERVICES_LEDGER_ENTRY_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "services/common/decimal.h"
#include "services/common/transaction_type.h"
#include "services/group/classifier.h"
#include "services/ledger/period_type.h"

namespace interco::ledger {

enum class Side { kDebit, kCredit };

struct LedgerLine {
  std::string entity_id;
  std::string counterparty_id;  // The other party (entity, department, employee, outsider).
  std::string account;
  Side side = Side::kDebit;
  Decimal amount;  // Transaction currency, > 0.
  std::string currency;
  Decimal functional_amount;  // The entity's functional currency, > 0.
  std::string functional_currency;
  Decimal fx_rate;  // Functional units per transaction unit.
  absl::CivilDay fx_rate_date;
  Period period;  // The month of the posting's date, or a later one a close rolled it to.

  friend bool operator==(const LedgerLine& a, const LedgerLine& b);
};

// Everything one posting writes, before it has a sequence.
struct Posting {
  std::string transaction_id;
  absl::CivilDay date;
  TransactionType transaction_type = TransactionType::kGoods;
  group::Relation relation = group::Relation::kExternal;
  std::string policy_id;  // Empty when no transfer pricing applies.
  uint64_t policy_version = 0;
  uint64_t structure_version = 0;
  std::optional<uint64_t> reverses;  // The sequence this posting reverses.
  // The price the posting was booked at, so a retry's reply can repeat it.
  Decimal quantity;
  Decimal unit_price;  // Transaction currency.
  std::string explanation;
  std::vector<LedgerLine> lines;

  friend bool operator==(const Posting& a, const Posting& b);
};

using Hash = std::array<uint8_t, 32>;

// A posting in the journal: its sequence, and SHA-256 over its content, sequence and the
// previous entry's hash.
struct JournalEntry {
  uint64_t sequence = 0;
  std::string request_id;
  Posting posting;
  Hash previous_hash{};
  Hash hash{};
};

// Empty when, for every entity and transaction currency, the posting's debits equal its
// credits both in that currency and in the entity's functional currency; otherwise what
// does not balance. The invariant of every posting, asserted before it is written.
std::string Imbalance(const Posting& posting);

// Lower-case hex, 64 characters.
std::string HashHex(const Hash& hash);

}  // namespace interco::ledger

#endif  // INTERCO_SERVICES_LEDGER_ENTRY_H_
