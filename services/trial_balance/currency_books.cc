#include "services/trial_balance/currency_books.h"

#include <vector>

#include "services/common/status_macros.h"

namespace interco::trial_balance {

absl::StatusOr<bool> TrialBalanceCurrencyBooks::HasEntriesFrom(
    absl::string_view entity_id, std::optional<ledger::Period> from) const {
  constexpr size_t kPage = 256;
  std::optional<VersionKey> after;
  while (true) {
    ASSIGN_OR_RETURN(const std::vector<TrialBalanceHeader> headers,
                     store_->List(entity_id, std::nullopt, after, kPage));
    for (const TrialBalanceHeader& header : headers) {
      if (!from.has_value() || *from <= header.period) return true;
    }
    if (headers.size() < kPage) return false;
    const TrialBalanceHeader& last = headers.back();
    after = VersionKey{last.entity_id, last.period, last.version};
  }
}

}  // namespace interco::trial_balance
