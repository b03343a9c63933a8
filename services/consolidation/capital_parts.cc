#include "services/consolidation/capital_parts.h"

#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/field_error.h"
#include "services/common/status_macros.h"
#include "services/pricing/money.h"

namespace interco::consolidation::capital_internal {

absl::Status Precondition(absl::string_view field, absl::string_view value,
                          absl::string_view reason, absl::string_view message) {
  return FieldError(absl::StatusCode::kFailedPrecondition, field, value, reason, message);
}

namespace {

using LineKey = std::pair<std::string, std::string>;  // (account, counterparty).

// The translated lines of the books' non-equity accounts, and the pre-acquisition equity.
struct Flows {
  Books net_assets, results, dividends, pre_equity;
};

// Post-acquisition result and dividend lines of `at`: the pre-acquisition part of the same
// year comes off each account's line without counterparty.
std::map<LineKey, Decimal> PostAcquisitionFlows(const trial_balance::Chart& chart, const Books& at,
                                                const Books& pre, bool same_year, Arith& arith) {
  std::map<LineKey, Decimal> flows;
  for (const BookLine& line : at) {
    const auto kind = KindOf(chart, "", line.account);
    if (kind.ok() && (*kind == LineKind::kResult || *kind == LineKind::kDividends)) {
      Decimal& sum = flows[{line.account, line.counterparty_id}];
      sum = arith.Add(sum, line.amount);
    }
  }
  if (!same_year) return flows;
  for (const BookLine& line : pre) {
    const auto kind = KindOf(chart, "", line.account);
    if (kind.ok() && (*kind == LineKind::kResult || *kind == LineKind::kDividends)) {
      Decimal& sum = flows[{line.account, ""}];
      sum = arith.Sub(sum, line.amount);
    }
  }
  return flows;
}

Flows TranslateFlows(const trial_balance::Chart& chart, const CapitalAcquisition& acquisition,
                     const PeriodBooks& at, bool same_year, Arith& arith) {
  Flows flows;
  for (const BookLine& line : at.lines) {
    if (*KindOf(chart, "", line.account) != LineKind::kNetAssets) continue;
    flows.net_assets.push_back(
        {line.account, line.counterparty_id, arith.Money(line.amount, at.closing_rate)});
  }
  for (const group::FairValueAdjustment& adjustment :
       acquisition.acquisition.fair_value_adjustments) {
    flows.net_assets.push_back(
        {adjustment.account, "", arith.Money(adjustment.amount, at.closing_rate)});
  }
  const Books& pre = acquisition.pre_acquisition.lines;
  for (const auto& [key, amount] : PostAcquisitionFlows(chart, at.lines, pre, same_year, arith)) {
    if (amount.is_zero()) continue;
    const bool result = *KindOf(chart, "", key.first) == LineKind::kResult;
    (result ? flows.results : flows.dividends)
        .push_back({key.first, key.second,
                    arith.Money(amount, result ? at.average_rate : at.closing_rate)});
  }
  // Pre-acquisition equity: its accounts, and the year's result, dividends and the
  // revaluation to fair value (a credit for a debit adjustment) in one line.
  Decimal unclosed;
  for (const BookLine& line : pre) {
    const LineKind kind = *KindOf(chart, "", line.account);
    if (kind == LineKind::kEquity) {
      flows.pre_equity.push_back({line.account, line.counterparty_id,
                                  arith.Money(line.amount, acquisition.acquisition_rate)});
    } else if (kind != LineKind::kNetAssets) {
      unclosed = arith.Add(unclosed, line.amount);
    }
  }
  for (const group::FairValueAdjustment& adjustment :
       acquisition.acquisition.fair_value_adjustments) {
    unclosed = arith.Sub(unclosed, adjustment.amount);
  }
  if (!unclosed.is_zero()) {
    flows.pre_equity.push_back(
        {kPreAcquisitionEquity, "", arith.Money(unclosed, acquisition.acquisition_rate)});
  }
  return flows;
}

Decimal Total(const Books& lines, Arith& arith) {
  Decimal total;
  for (const BookLine& line : lines) total = arith.Add(total, line.amount);
  return total;
}

const PeriodBooks* FindPeriod(const std::vector<PeriodBooks>& books, ledger::Period period) {
  for (const PeriodBooks& candidate : books) {
    if (candidate.period == period) return &candidate;
  }
  return nullptr;
}

// Post-acquisition profit less dividends of the years after the acquisition and before
// `at`'s, in the functional currency and at each year's rates.
struct Reserves {
  Decimal functional, presentation;
};

absl::StatusOr<Reserves> ReservesBroughtForward(const trial_balance::Chart& chart,
                                                const CapitalAcquisition& acquisition,
                                                const BookSums& pre, ledger::Period at,
                                                const std::vector<PeriodBooks>& year_ends,
                                                Arith& arith) {
  const std::string& held = acquisition.acquisition.held_id;
  const int pre_year = acquisition.pre_acquisition.period.year();
  const int first_year = static_cast<int>(acquisition.acquisition.acquisition_date.year());
  Reserves reserves;
  for (int year = first_year; year < at.year(); ++year) {
    const ledger::Period december = *ledger::Period::Of(absl::CivilDay(year, 12, 31));
    const PeriodBooks* books = FindPeriod(year_ends, december);
    if (books == nullptr) {
      return Precondition("trial_balance", absl::StrCat(held, " ", december.ToString()),
                          "MISSING_TRIAL_BALANCE",
                          "the December trial balance of every year since the acquisition "
                          "is needed to carry its equity at historical rates");
    }
    ASSIGN_OR_RETURN(
        const BookSums sums,
        SumBooks(chart, absl::StrCat(held, " ", december.ToString()), books->lines, arith));
    const bool same = year == pre_year;
    const Decimal profit = same ? arith.Sub(sums.profit, pre.profit) : sums.profit;
    const Decimal dividends = same ? arith.Sub(sums.dividends, pre.dividends) : sums.dividends;
    reserves.functional = arith.Add(reserves.functional, arith.Sub(profit, dividends));
    reserves.presentation =
        arith.Add(reserves.presentation, arith.Sub(arith.Money(profit, books->average_rate),
                                                   arith.Money(dividends, books->closing_rate)));
  }
  return reserves;
}

}  // namespace

Decimal Arith::Money(Decimal a, Decimal b) {
  const Decimal product = Mul(a, b);
  return overflow_ ? Decimal() : pricing::RoundToMinor(product, currency_);
}

Decimal Arith::Keep(std::optional<Decimal> result, Decimal a, absl::string_view op, Decimal b) {
  if (!result.has_value() && !overflow_) {
    overflow_ = true;
    first_overflow_ = absl::StrCat(a.ToString(), " ", op, " ", b.ToString());
  }
  return overflow_ ? Decimal() : *result;
}

absl::Status Arith::status() const {
  if (!overflow_) return absl::OkStatus();
  return InvalidField("balances", "", "OVERFLOW",
                      absl::StrCat("a figure of the consolidation, ", first_overflow_,
                                   ", exceeds the exact range (+/-170141183460469231731 units)"));
}

absl::StatusOr<LineKind> KindOf(const trial_balance::Chart& chart, absl::string_view entity_id,
                                absl::string_view account) {
  const trial_balance::GroupAccount* found = chart.FindAccount(account);
  if (found == nullptr) {
    return Precondition("trial_balance", absl::StrCat(entity_id, " ", account), "UNKNOWN_ACCOUNT",
                        "the entity's books name an account the group chart does not have");
  }
  switch (found->account_class) {
    case trial_balance::AccountClass::kAsset:
    case trial_balance::AccountClass::kLiability:
      return LineKind::kNetAssets;
    case trial_balance::AccountClass::kEquity:
      return found->dividends_declared ? LineKind::kDividends : LineKind::kEquity;
    case trial_balance::AccountClass::kIncome:
    case trial_balance::AccountClass::kExpense:
      return LineKind::kResult;
  }
  return LineKind::kResult;
}

absl::StatusOr<BookSums> SumBooks(const trial_balance::Chart& chart, absl::string_view label,
                                  const Books& books, Arith& arith) {
  BookSums sums;
  Decimal total;
  for (const BookLine& line : books) {
    ASSIGN_OR_RETURN(const LineKind kind, KindOf(chart, label, line.account));
    total = arith.Add(total, line.amount);
    if (kind == LineKind::kNetAssets) sums.net_assets = arith.Add(sums.net_assets, line.amount);
    if (kind == LineKind::kResult) sums.profit = arith.Sub(sums.profit, line.amount);
    if (kind == LineKind::kDividends) sums.dividends = arith.Add(sums.dividends, line.amount);
  }
  if (!total.is_zero()) {
    return Precondition("trial_balance", absl::StrCat(label, " ", total.ToString()), "NOT_BALANCED",
                        "the entity's books do not sum to zero");
  }
  return sums;
}

absl::StatusOr<AcquiredPosition> PositionAt(const trial_balance::Chart& chart,
                                            const CapitalAcquisition& acquisition,
                                            const PeriodBooks& at,
                                            const std::vector<PeriodBooks>& year_ends,
                                            Arith& arith) {
  const std::string& held = acquisition.acquisition.held_id;
  ASSIGN_OR_RETURN(
      const BookSums pre,
      SumBooks(chart, absl::StrCat(held, " ", acquisition.pre_acquisition.period.ToString()),
               acquisition.pre_acquisition.lines, arith));
  ASSIGN_OR_RETURN(const BookSums now,
                   SumBooks(chart, absl::StrCat(held, " ", at.period.ToString()), at.lines, arith));
  ASSIGN_OR_RETURN(const Reserves reserves,
                   ReservesBroughtForward(chart, acquisition, pre, at.period, year_ends, arith));
  AcquiredPosition position;
  position.same_year_as_acquisition = at.period.year() == acquisition.pre_acquisition.period.year();
  const bool same = position.same_year_as_acquisition;
  Decimal adjustments;
  for (const auto& adjustment : acquisition.acquisition.fair_value_adjustments) {
    adjustments = arith.Add(adjustments, adjustment.amount);
  }
  position.identifiable_net_assets = arith.Add(pre.net_assets, adjustments);
  position.profit_functional = same ? arith.Sub(now.profit, pre.profit) : now.profit;
  position.dividends_functional = same ? arith.Sub(now.dividends, pre.dividends) : now.dividends;
  const Decimal explained = arith.Add(
      reserves.functional, arith.Sub(position.profit_functional, position.dividends_functional));
  const Decimal moved = arith.Sub(now.net_assets, pre.net_assets);
  if (moved != explained) {
    return Precondition(
        "trial_balance",
        absl::StrCat(held, " ", at.period.ToString(), " ", arith.Sub(moved, explained).ToString()),
        "EQUITY_MOVED_OTHERWISE",
        "net assets moved since the acquisition by more than profit less "
        "dividends (capital changes are not modelled)");
  }
  Flows flows = TranslateFlows(chart, acquisition, at, same, arith);
  position.equity_at_acquisition = arith.Neg(Total(flows.pre_equity, arith));
  position.reserves_bf = reserves.presentation;
  position.profit = arith.Neg(Total(flows.results, arith));
  position.dividends = Total(flows.dividends, arith);
  position.net_assets = Total(flows.net_assets, arith);
  const Decimal historical =
      arith.Add(arith.Add(position.equity_at_acquisition, position.reserves_bf),
                arith.Sub(position.profit, position.dividends));
  position.cta = arith.Sub(position.net_assets, historical);
  Books& lines = position.translated;
  for (Books* part : {&flows.net_assets, &flows.results, &flows.dividends, &flows.pre_equity}) {
    lines.insert(lines.end(), part->begin(), part->end());
  }
  if (!position.reserves_bf.is_zero()) {
    lines.push_back({kPostAcquisitionReserves, "", arith.Neg(position.reserves_bf)});
  }
  if (!position.cta.is_zero()) lines.push_back({kGroupCtaAccount, "", arith.Neg(position.cta)});
  position.pre_acquisition_equity = std::move(flows.pre_equity);
  return position;
}

std::vector<BookLine> TranslateParent(const trial_balance::Chart& chart,
                                      const CapitalEntity& parent, Arith& arith) {
  std::vector<BookLine> lines;
  Decimal total;
  for (const BookLine& line : parent.reporting.lines) {
    Decimal rate = parent.historical_equity_rate;
    switch (*KindOf(chart, "", line.account)) {
      case LineKind::kNetAssets:
      case LineKind::kDividends:
        rate = parent.reporting.closing_rate;
        break;
      case LineKind::kResult:
        rate = parent.reporting.average_rate;
        break;
      case LineKind::kEquity:
        break;
    }
    lines.push_back({line.account, line.counterparty_id, arith.Money(line.amount, rate)});
    total = arith.Add(total, lines.back().amount);
  }
  if (!total.is_zero()) lines.push_back({kGroupCtaAccount, "", arith.Neg(total)});
  return lines;
}

}  // namespace interco::consolidation::capital_internal
