#include "services/ledger/entry.h"

#include <map>
#include <utility>

#include "absl/numeric/int128.h"
#include "absl/strings/str_cat.h"

namespace interco::ledger {

bool operator==(const LedgerLine& a, const LedgerLine& b) {
  return a.entity_id == b.entity_id && a.counterparty_id == b.counterparty_id &&
         a.account == b.account && a.side == b.side && a.amount == b.amount &&
         a.currency == b.currency && a.functional_amount == b.functional_amount &&
         a.functional_currency == b.functional_currency && a.fx_rate == b.fx_rate &&
         a.fx_rate_date == b.fx_rate_date && a.period == b.period;
}

bool operator==(const Posting& a, const Posting& b) {
  return a.transaction_id == b.transaction_id && a.date == b.date &&
         a.transaction_type == b.transaction_type && a.relation == b.relation &&
         a.policy_id == b.policy_id && a.policy_version == b.policy_version &&
         a.structure_version == b.structure_version && a.reverses == b.reverses &&
         a.quantity == b.quantity && a.unit_price == b.unit_price &&
         a.explanation == b.explanation && a.lines == b.lines;
}

std::string Imbalance(const Posting& posting) {
  struct Sum {
    absl::int128 amount = 0;
    absl::int128 functional = 0;
  };
  std::map<std::pair<std::string, std::string>, Sum> sums;
  for (const LedgerLine& line : posting.lines) {
    Sum& sum = sums[{line.entity_id, line.currency}];
    const int sign = line.side == Side::kDebit ? 1 : -1;
    sum.amount += sign * line.amount.raw();
    sum.functional += sign * line.functional_amount.raw();
  }
  for (const auto& [key, sum] : sums) {
    if (sum.amount != 0 || sum.functional != 0) {
      return absl::StrCat("lines of ", key.first, " ", key.second, " do not balance");
    }
  }
  return "";
}

std::string HashHex(const Hash& hash) {
  // By hand: every reply carries a chain hash, and a formatted append per byte showed in
  // the posting profile.
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex(2 * hash.size(), '0');
  for (size_t i = 0; i < hash.size(); ++i) {
    hex[2 * i] = kDigits[hash[i] >> 4];
    hex[2 * i + 1] = kDigits[hash[i] & 0xf];
  }
  return hex;
}

}  // namespace interco::ledger
