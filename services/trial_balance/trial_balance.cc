#include "services/trial_balance/trial_balance.h"

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"

namespace interco::trial_balance {

bool operator==(const TrialBalanceHeader& a, const TrialBalanceHeader& b) {
  return a.entity_id == b.entity_id && a.period == b.period && a.version == b.version &&
         a.import_sequence == b.import_sequence && a.request_id == b.request_id &&
         a.currency == b.currency && a.source_system == b.source_system &&
         a.chart_version == b.chart_version && a.line_count == b.line_count &&
         a.debit_total == b.debit_total;
}

std::string LinesRecordName(const TrialBalanceHeader& header) {
  return absl::StrCat("the lines of trial balance ", header.entity_id, " ",
                      header.period.ToString(), " version ", header.version);
}

bool SameImport(const TrialBalance& stored, const TrialBalanceImport& request) {
  const TrialBalanceHeader& h = stored.header;
  if (h.entity_id != request.entity_id || h.period != request.period ||
      h.currency != request.currency || h.source_system != request.source_system ||
      stored.lines.size() != request.lines.size()) {
    return false;
  }
  for (size_t i = 0; i < stored.lines.size(); ++i) {
    if (stored.lines[i].local_account != request.lines[i].account ||
        stored.lines[i].balance != request.lines[i].balance) {
      return false;
    }
  }
  return true;
}

absl::Status CheckStoredInvariants(const TrialBalance& trial_balance) {
  const TrialBalanceHeader& header = trial_balance.header;
  const std::string what = absl::StrCat("trial balance ", header.entity_id, " ",
                                        header.period.ToString(), " v", header.version);
  if (header.version == 0 || header.import_sequence == 0) {
    return absl::InternalError(absl::StrCat(what, " has no version or import sequence"));
  }
  if (trial_balance.lines.empty() || trial_balance.lines.size() != header.line_count ||
      trial_balance.lines.size() > kMaxTrialBalanceLines) {
    return absl::InternalError(absl::StrCat(what, " holds ", trial_balance.lines.size(),
                                            " lines, its header says ", header.line_count));
  }
  Decimal sum, debits;
  absl::flat_hash_set<absl::string_view> accounts;
  for (const TrialBalanceLine& line : trial_balance.lines) {
    if (!accounts.insert(line.local_account).second) {
      return absl::InternalError(
          absl::StrCat(what, " holds account ", line.local_account, " twice"));
    }
    std::optional<Decimal> next = Decimal::Add(sum, line.balance);
    std::optional<Decimal> next_debits =
        line.balance.is_negative() ? debits : Decimal::Add(debits, line.balance);
    if (!next.has_value() || !next_debits.has_value()) {
      return absl::InternalError(absl::StrCat(what, " overflows its totals"));
    }
    sum = *next;
    debits = *next_debits;
  }
  if (!sum.is_zero() || debits != header.debit_total) {
    return absl::InternalError(absl::StrCat(what, " does not balance (sum ", sum.ToString(),
                                            ", debits ", debits.ToString(), ", header ",
                                            header.debit_total.ToString(), ")"));
  }
  return absl::OkStatus();
}

}  // namespace interco::trial_balance
