// An entity's books as consolidation reads them: closing balances by group account (and, for
// intercompany accounts, by counterparty) in the entity's functional currency.
#ifndef INTERCO_SERVICES_CONSOLIDATION_BOOKS_H_
#define INTERCO_SERVICES_CONSOLIDATION_BOOKS_H_

#include <string>
#include <vector>

#include "services/common/decimal.h"

namespace interco::consolidation {

// One balance, debit positive: balance-sheet accounts cumulative, income and expense year
// to date (as trial balances carry them).
struct BookLine {
  std::string account;          // A group account of the chart.
  std::string counterparty_id;  // Empty except on intercompany accounts.
  Decimal amount;
  friend bool operator==(const BookLine& a, const BookLine& b) {
    return a.account == b.account && a.counterparty_id == b.counterparty_id && a.amount == b.amount;
  }
};

using Books = std::vector<BookLine>;

}  // namespace interco::consolidation

#endif  // INTERCO_SERVICES_CONSOLIDATION_BOOKS_H_
