// Trial balances: one entity's closing balances for one period, per account, in its
// functional currency, debit positive (balance-sheet accounts cumulative, income and
// expense year to date). Each accepted import of an (entity, period) is the next version;
// nothing is ever overwritten. Every import also takes the next import sequence of the
// group, so that a read as of a sequence sees exactly what had been imported by then.
#ifndef INTERCO_SERVICES_TRIAL_BALANCE_TRIAL_BALANCE_H_
#define INTERCO_SERVICES_TRIAL_BALANCE_TRIAL_BALANCE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/common/decimal.h"
#include "services/ledger/period_type.h"

namespace interco::trial_balance {

// An import carries at most this many lines (a stream included): bounds the memory of one
// import and the size of one stored record.
inline constexpr size_t kMaxTrialBalanceLines = 100000;

// A line as the caller sends it.
struct ImportLine {
  std::string account;  // Local account (a group account for an entity without mapping).
  Decimal balance;      // Debit positive.
  friend bool operator==(const ImportLine& a, const ImportLine& b) {
    return a.account == b.account && a.balance == b.balance;
  }
};

// What an import asks for, converted from the wire; nothing checked against reference
// data yet (that is TrialBalanceBook::Import's work).
struct TrialBalanceImport {
  std::string request_id;
  std::string entity_id;
  ledger::Period period;
  std::string currency;
  std::string source_system;
  std::vector<ImportLine> lines;
};

// A stored line: the local account, the group account it mapped to when imported.
struct TrialBalanceLine {
  std::string local_account;
  std::string group_account;
  Decimal balance;
  friend bool operator==(const TrialBalanceLine& a, const TrialBalanceLine& b) {
    return a.local_account == b.local_account && a.group_account == b.group_account &&
           a.balance == b.balance;
  }
};

// One stored version without its lines.
struct TrialBalanceHeader {
  std::string entity_id;
  ledger::Period period;
  uint64_t version = 0;          // 1, 2, ... per (entity, period).
  uint64_t import_sequence = 0;  // 1, 2, ... over the group.
  std::string request_id;
  std::string currency;
  std::string source_system;
  uint64_t chart_version = 0;  // The chart the accounts were mapped with.
  uint64_t line_count = 0;
  Decimal debit_total;  // The credits are its negative: a stored version balances.
  friend bool operator==(const TrialBalanceHeader& a, const TrialBalanceHeader& b);
};

// A stored version: header and lines, the lines in the order imported.
struct TrialBalance {
  TrialBalanceHeader header;
  std::vector<TrialBalanceLine> lines;
};

// The key of a version's lines record as errors name it: "the lines of trial balance S
// 2024-12 version 2".
std::string LinesRecordName(const TrialBalanceHeader& header);

// True if `stored` is what `request` would store: same entity, period, currency, source
// and lines in the same order. A retry of an import is answered only when this holds.
bool SameImport(const TrialBalance& stored, const TrialBalanceImport& request);

// The checks of a stored version that hold whatever the reference data says: lines
// balance to zero, each local account once, counts and totals match the header. INTERNAL
// naming what is wrong: used before writing and after reading (never a caller's error).
absl::Status CheckStoredInvariants(const TrialBalance& trial_balance);

}  // namespace interco::trial_balance

#endif  // INTERCO_SERVICES_TRIAL_BALANCE_TRIAL_BALANCE_H_
