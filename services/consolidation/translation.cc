#include "services/consolidation/translation.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/field_error.h"
#include "services/common/status_macros.h"
#include "services/pricing/money.h"

namespace interco::consolidation {

std::optional<AccountClass> ClassOf(absl::string_view account) {
  if (account.empty()) return std::nullopt;
  switch (account.front()) {
    case '1':
      return AccountClass::kAsset;
    case '2':
      return AccountClass::kLiability;
    case '3':
      return AccountClass::kEquity;
    case '4':
      return AccountClass::kIncome;
    case '5':
    case '6':
    case '7':
    case '8':
      return AccountClass::kExpense;
    default:
      return std::nullopt;
  }
}

Family FamilyOf(absl::string_view account) {
  const std::optional<AccountClass> cls = ClassOf(account);
  if (!cls.has_value()) return Family::kOther;
  switch (*cls) {
    case AccountClass::kAsset:
      return absl::StartsWith(account, "14") ? Family::kCost : Family::kReceivable;
    case AccountClass::kLiability:
      return Family::kPayable;
    case AccountClass::kIncome:
      return Family::kIncome;
    case AccountClass::kExpense:
      return Family::kCost;
    case AccountClass::kEquity:
      return Family::kOther;
  }
  return Family::kOther;
}

absl::StatusOr<Translation> Translate(const std::vector<AccountBalance>& balances,
                                      const TranslationRates& rates,
                                      absl::string_view presentation_currency) {
  for (const auto& [name, rate] : {std::pair{"rates.closing", rates.closing},
                                   {"rates.average", rates.average},
                                   {"rates.historical_equity", rates.historical_equity}}) {
    if (rate <= Decimal()) {
      return InvalidField(name, rate.ToString(), "NON_POSITIVE_RATE", "must be above zero");
    }
  }
  Translation out;
  Decimal functional_sum, presentation_sum;
  for (const AccountBalance& balance : balances) {
    const std::optional<AccountClass> cls = ClassOf(balance.account);
    if (!cls.has_value()) {
      return FieldError(absl::StatusCode::kFailedPrecondition, "account", balance.account,
                        "UNCLASSIFIED_ACCOUNT", "its number does not start with 1-8");
    }
    const Decimal rate = *cls == AccountClass::kAsset || *cls == AccountClass::kLiability
                             ? rates.closing
                         : *cls == AccountClass::kEquity ? rates.historical_equity
                                                         : rates.average;
    ASSIGN_OR_RETURN(const Decimal exact,
                     pricing::NoOverflow(Decimal::Mul(balance.functional, rate), "balances",
                                         absl::StrCat("the translation of ", balance.account,
                                                      " at the rate ", rate.ToString())));
    const Decimal presentation = pricing::RoundToMinor(exact, presentation_currency);
    out.lines.push_back({balance.account, balance.functional, rate, presentation});
    ASSIGN_OR_RETURN(
        functional_sum,
        pricing::NoOverflow(Decimal::Add(functional_sum, balance.functional), "balances",
                            "the sum of the balances in the functional currency"));
    ASSIGN_OR_RETURN(presentation_sum,
                     pricing::NoOverflow(Decimal::Add(presentation_sum, presentation), "balances",
                                         "the sum of the translated balances"));
    if (*cls == AccountClass::kIncome || *cls == AccountClass::kExpense) {
      ASSIGN_OR_RETURN(out.net_income,
                       pricing::NoOverflow(Decimal::Sub(out.net_income, presentation), "balances",
                                           "the translated net income"));
    } else if (*cls != AccountClass::kEquity) {
      ASSIGN_OR_RETURN(out.net_assets,
                       pricing::NoOverflow(Decimal::Add(out.net_assets, presentation), "balances",
                                           "the translated net assets"));
    }
  }
  if (!functional_sum.is_zero()) {
    return WithReason(absl::FailedPreconditionError(
                          absl::StrCat("the functional balances sum to ", functional_sum.ToString(),
                                       ", not zero: the trial balance is incomplete")),
                      "UNBALANCED_TRIAL_BALANCE");
  }
  out.cta = presentation_sum;  // A debit surplus is offset by a CTA credit of the same size.
  return out;
}

}  // namespace interco::consolidation
