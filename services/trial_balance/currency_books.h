// Imported trial balances as books a change of functional currency must respect: a
// trial balance holds an entity's amounts for a period in the currency then in force, so a
// change from that period or an earlier one would contradict it (as postings would).
#ifndef INTERCO_SERVICES_TRIAL_BALANCE_CURRENCY_BOOKS_H_
#define INTERCO_SERVICES_TRIAL_BALANCE_CURRENCY_BOOKS_H_

#include <optional>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/ledger/journal.h"
#include "services/trial_balance/store.h"

namespace interco::trial_balance {

class TrialBalanceCurrencyBooks final : public ledger::CurrencyBooks {
 public:
  // `store` must outlive this.
  explicit TrialBalanceCurrencyBooks(const TrialBalanceStore* store) : store_(store) {}

  // Pages through the entity's trial balance headers (one entity's periods and versions).
  absl::StatusOr<bool> HasEntriesFrom(absl::string_view entity_id,
                                      std::optional<ledger::Period> from) const override;

 private:
  const TrialBalanceStore* const store_;
};

}  // namespace interco::trial_balance

#endif  // INTERCO_SERVICES_TRIAL_BALANCE_CURRENCY_BOOKS_H_
