#include "services/consolidation/period_balances.h"

#include <map>
#include <optional>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "services/consolidation/translation.h"
#include "services/pricing/money.h"

namespace interco::consolidation {

namespace {

// Balance-sheet accounts to `period`; income and expenses of `first_result` through
// `period`, those before `first_result` folded into retained earnings.
absl::StatusOr<std::vector<EntityBalance>> SumBalances(
    const std::vector<ledger::PeriodBalance>& balances, ledger::Period first_result,
    ledger::Period period) {
  std::map<std::tuple<std::string, std::string, std::string>, Decimal> sums;
  for (const ledger::PeriodBalance& b : balances) {
    if (b.period > period) continue;
    const std::optional<AccountClass> cls = ClassOf(b.account);
    const bool result = cls == AccountClass::kIncome || cls == AccountClass::kExpense;
    const bool earlier_result = result && b.period < first_result;
    const auto key =
        earlier_result ? std::make_tuple(b.entity_id, std::string(kRetainedEarnings), std::string())
                       : std::make_tuple(b.entity_id, b.account, b.counterparty_id);
    Decimal& sum = sums[key];
    ASSIGN_OR_RETURN(
        sum, pricing::NoOverflow(
                 Decimal::Add(sum, b.functional), "balances",
                 absl::StrCat(std::get<0>(key), "'s year-to-date balance of ", std::get<1>(key))));
  }
  std::vector<EntityBalance> out;
  for (const auto& [key, amount] : sums) {
    if (amount.is_zero()) continue;
    out.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), amount});
  }
  return out;
}

}  // namespace

absl::StatusOr<std::vector<EntityBalance>> BalancesForPeriod(
    const std::vector<ledger::PeriodBalance>& balances, ledger::Period period) {
  return SumBalances(balances, period, period);
}

absl::StatusOr<std::vector<EntityBalance>> BalancesYearToDate(
    const std::vector<ledger::PeriodBalance>& balances, ledger::Period period) {
  // January of a year the Period range holds is itself in the range.
  const std::optional<ledger::Period> january =
      ledger::Period::Of(absl::CivilDay(period.year(), 1, 1));
  if (!january.has_value()) {
    return absl::InternalError(absl::StrCat("no January for period ", period.ToString()));
  }
  return SumBalances(balances, *january, period);
}

absl::StatusOr<TranslationRates> PeriodRatesFor(const pricing::FxTable& fx,
                                                absl::string_view functional,
                                                absl::string_view presentation,
                                                ledger::Period period) {
  const Decimal one = Decimal::FromUnits(1);
  if (functional == presentation) return TranslationRates{one, one, Decimal()};
  const absl::CivilDay end = period.LastDay();
  ASSIGN_OR_RETURN(
      const pricing::Conversion closing,
      fx.Find(functional, presentation, pricing::RateType::kClosing, end, presentation));
  ASSIGN_OR_RETURN(
      const pricing::Conversion average,
      fx.Find(functional, presentation, pricing::RateType::kAverage, end, presentation));
  return TranslationRates{closing.rate, average.rate, Decimal()};
}

absl::StatusOr<TranslationRates> RatesFor(const pricing::FxTable& fx, absl::string_view functional,
                                          absl::string_view presentation, ledger::Period period) {
  ASSIGN_OR_RETURN(TranslationRates rates, PeriodRatesFor(fx, functional, presentation, period));
  if (functional == presentation) {
    rates.historical_equity = Decimal::FromUnits(1);
    return rates;
  }
  ASSIGN_OR_RETURN(const pricing::Conversion historical,
                   fx.Find(functional, presentation, pricing::RateType::kClosing,
                           period.FirstDay() - 1, presentation));
  rates.historical_equity = historical.rate;
  return rates;
}

}  // namespace interco::consolidation
