// Currency translation by the current-rate method (IAS 21 / ASC 830).
//
// Assets and liabilities translate at the closing rate, income and expenses at the period's
// average rate, equity at its historical rate. A functional-currency trial balance sums to
// zero; its translation generally does not, and the difference is the cumulative
// translation adjustment (CTA), booked to equity so the translated balance sums to zero.
//
// Account classes come from the first digit of the account number, the convention of the
// default chart (services/ledger/account_map.h): 1 assets, 2 liabilities, 3 equity,
// 4 income, 5 to 8 expenses.
#ifndef INTERCO_SERVICES_CONSOLIDATION_TRANSLATION_H_
#define INTERCO_SERVICES_CONSOLIDATION_TRANSLATION_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/common/decimal.h"

namespace interco::consolidation {

enum class AccountClass { kAsset, kLiability, kEquity, kIncome, kExpense };

// nullopt for an account whose number does not start with 1-8.
std::optional<AccountClass> ClassOf(absl::string_view account);

// Which side of an intercompany pair a line is on: receivable against payable, income
// against cost. Inventory (14xx) is what a buyer debits for goods, so it counts as cost;
// equity and unclassified accounts do not pair (kOther).
enum class Family { kReceivable, kPayable, kIncome, kCost, kOther };

Family FamilyOf(absl::string_view account);

// Units of the presentation currency per unit of the functional currency.
struct TranslationRates {
  Decimal closing;
  Decimal average;
  Decimal historical_equity;  // The rate(s) at which equity arose, as one blended rate.
};

// A closing balance in the functional currency, debit positive.
struct AccountBalance {
  std::string account;
  Decimal functional;
};

struct TranslatedBalance {
  std::string account;
  Decimal functional;
  Decimal rate;
  Decimal presentation;  // Rounded to the presentation currency's minor unit.
};

struct Translation {
  std::vector<TranslatedBalance> lines;
  // Credit positive: a gain from translation. The translated lines plus a credit of `cta`
  // sum to zero.
  Decimal cta;
  // In the presentation currency: income minus expenses (credit positive), and net assets.
  Decimal net_income;
  Decimal net_assets;
};

inline constexpr char kCtaAccount[] = "3900 cumulative translation adjustment";

// INVALID_ARGUMENT naming "rates.<name>" for a rate <= 0; FAILED_PRECONDITION naming the
// account for one outside the chart's classes, or when the functional balances do not sum
// to zero (an incomplete trial balance).
absl::StatusOr<Translation> Translate(const std::vector<AccountBalance>& balances,
                                      const TranslationRates& rates,
                                      absl::string_view presentation_currency);

}  // namespace interco::consolidation

#endif  // INTERCO_SERVICES_CONSOLIDATION_TRANSLATION_H_
