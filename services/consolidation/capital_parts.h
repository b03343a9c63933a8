// The parts of capital consolidation (capital.h) that concern one entity at a time: checked
// arithmetic, sums of its books by kind of account, the position of an acquired entity
// since its acquisition, and the translation of its books. Internal to the capital library.
#ifndef INTERCO_SERVICES_CONSOLIDATION_CAPITAL_PARTS_H_
#define INTERCO_SERVICES_CONSOLIDATION_CAPITAL_PARTS_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/common/decimal.h"
#include "services/consolidation/books.h"
#include "services/consolidation/capital.h"
#include "services/trial_balance/chart.h"

namespace interco::consolidation::capital_internal {

inline const Decimal kOne = Decimal::FromUnits(1);

// FAILED_PRECONDITION with a google.rpc detail naming `field`, `value` and `reason`: how
// every refusal of a capital consolidation reads.
absl::Status Precondition(absl::string_view field, absl::string_view value,
                          absl::string_view reason, absl::string_view message);

// Checked arithmetic with a sticky error: the first overflow is kept and every later
// result is zero, so a computation of many sums checks once, at its end (as leveldb's
// iterators keep their status).
class Arith {
 public:
  explicit Arith(std::string presentation_currency) : currency_(std::move(presentation_currency)) {}

  Decimal Add(Decimal a, Decimal b) { return Keep(Decimal::Add(a, b), a, "+", b); }
  Decimal Sub(Decimal a, Decimal b) { return Keep(Decimal::Sub(a, b), a, "-", b); }
  Decimal Neg(Decimal a) { return Sub(Decimal(), a); }
  // The exact product (18 places).
  Decimal Mul(Decimal a, Decimal b) { return Keep(Decimal::Mul(a, b), a, "x", b); }
  // a * b rounded half-even to the presentation currency's minor unit.
  Decimal Money(Decimal a, Decimal b);

  // INVALID_ARGUMENT (reason OVERFLOW, field "balances") after any overflow, naming the
  // first figure that left the range by its terms ("1.7e20 + 1"): the total, not a line.
  absl::Status status() const;

 private:
  // `result`, or zero after the first overflow, which is kept as "<a> <op> <b>".
  Decimal Keep(std::optional<Decimal> result, Decimal a, absl::string_view op, Decimal b);

  std::string currency_;
  bool overflow_ = false;
  std::string first_overflow_;
};

// What a line of the books is, by its group account.
enum class LineKind {
  kNetAssets,  // Asset or liability: cumulative, at the closing rate.
  kEquity,     // Equity other than dividends declared: at historical rates.
  kDividends,  // Flagged dividends_declared: the year's dividends, at the closing rate.
  kResult,     // Income or expense, year to date, at the average rate.
};

// The kind of `account`; FAILED_PRECONDITION (reason UNKNOWN_ACCOUNT) naming the entity
// and account when the chart has no such account.
absl::StatusOr<LineKind> KindOf(const trial_balance::Chart& chart, absl::string_view entity_id,
                                absl::string_view account);

// Natural signs: net assets, profit and dividends declared are positive.
struct BookSums {
  Decimal net_assets;
  Decimal profit;
  Decimal dividends;
};

// FAILED_PRECONDITION naming `label` ("S 2023-12": the entity and the period of the books)
// when an account is unknown or the books do not balance (reason NOT_BALANCED, value the
// label and the difference).
absl::StatusOr<BookSums> SumBooks(const trial_balance::Chart& chart, absl::string_view label,
                                  const Books& books, Arith& arith);

// An acquired entity (subsidiary or associate) at the end of one period, since its
// acquisition. Natural signs (net assets, profit, reserves, a CTA gain positive); the
// presentation amounts are sums of amounts rounded to the minor unit, as the translated
// lines are, so that equity_at_acquisition + reserves_bf + profit - dividends + cta equals
// net_assets exactly.
struct AcquiredPosition {
  bool same_year_as_acquisition = false;  // Pre-acquisition results are in this year's.
  // Functional currency.
  Decimal identifiable_net_assets;  // At acquisition, with fair-value adjustments.
  Decimal profit_functional;        // Post-acquisition, this year.
  Decimal dividends_functional;     // Post-acquisition, this year.
  // Presentation currency.
  Decimal equity_at_acquisition;
  Decimal reserves_bf;  // Post-acquisition profit less dividends of earlier years.
  Decimal profit;
  Decimal dividends;
  Decimal net_assets;  // With fair-value adjustments, at the closing rate.
  Decimal cta;
  // The books at `at` translated, debit positive, summing to zero: assets and liabilities
  // (and the fair-value adjustments) at the closing rate; post-acquisition income and
  // expense at the average rate; post-acquisition dividends declared at the closing rate;
  // pre-acquisition equity at the acquisition-date rate on its own accounts (the year's
  // pre-acquisition result and the revaluation on kPreAcquisitionEquity); the reserves of
  // earlier years on kPostAcquisitionReserves; the CTA on kGroupCtaAccount.
  Books translated;
  // The pre-acquisition equity lines of `translated` (debit positive; they sum to
  // -equity_at_acquisition), which the capital elimination reverses.
  Books pre_acquisition_equity;
};

// `acquisition`'s entity at `at`; `year_ends` are its Decembers after the acquisition month
// and before `at`'s year, oldest first (FAILED_PRECONDITION, reason MISSING_TRIAL_BALANCE,
// naming the first one missing). FAILED_PRECONDITION (EQUITY_MOVED_OTHERWISE) when its net
// assets moved since the acquisition by more than its profit less dividends.
absl::StatusOr<AcquiredPosition> PositionAt(const trial_balance::Chart& chart,
                                            const CapitalAcquisition& acquisition,
                                            const PeriodBooks& at,
                                            const std::vector<PeriodBooks>& year_ends,
                                            Arith& arith);

// The parent's books translated: net assets at the closing rate, results at the average,
// dividends at the closing, equity at `historical_equity_rate`, the difference to
// kGroupCtaAccount. Sums to zero.
std::vector<BookLine> TranslateParent(const trial_balance::Chart& chart,
                                      const CapitalEntity& parent, Arith& arith);

}  // namespace interco::consolidation::capital_internal

#endif  // INTERCO_SERVICES_CONSOLIDATION_CAPITAL_PARTS_H_
