#include "services/consolidation/mismatches.h"

#include <algorithm>
#include <tuple>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "services/pricing/money.h"

namespace interco::consolidation {
namespace {

constexpr char kBalanceFamily[] = "receivable/payable";
constexpr char kResultFamily[] = "income/expense";

// The report's name for a line's family pair, or nullptr for accounts that do not pair.
const char* FamilyName(absl::string_view account) {
  switch (FamilyOf(account)) {
    case Family::kReceivable:
    case Family::kPayable:
      return kBalanceFamily;
    case Family::kIncome:
    case Family::kCost:
      return kResultFamily;
    case Family::kOther:
      return nullptr;
  }
  return nullptr;
}

struct Sides {
  Decimal presented[2];                          // Lower id, higher id; this period.
  std::map<std::string, Decimal> period_amount;  // By currency, both sides: this period.
  std::map<std::string, Decimal> to_date;        // By currency, both sides: periods <= this.
};

// `total` names the sum for its overflow error (money.h, NoOverflow).
absl::Status Accumulate(Decimal& sum, Decimal value, absl::string_view total) {
  ASSIGN_OR_RETURN(sum, pricing::NoOverflow(Decimal::Add(sum, value), "balances", total));
  return absl::OkStatus();
}

// |value|. Decimal::Sub refuses to negate the most negative value: a difference at the very
// end of the range is an overflow the caller sees, like the sums.
absl::StatusOr<Decimal> Magnitude(Decimal value) {
  if (!value.is_negative()) return value;
  return pricing::NoOverflow(Decimal::Sub(Decimal(), value), "balances",
                             absl::StrCat("the size of the difference ", value.ToString()));
}

// `functional` at `rate`, rounded to the presentation currency.
absl::StatusOr<Decimal> Present(Decimal functional, Decimal rate, absl::string_view currency) {
  ASSIGN_OR_RETURN(const Decimal exact,
                   pricing::NoOverflow(Decimal::Mul(functional, rate), "balances",
                                       absl::StrCat(functional.ToString(), " at the rate ",
                                                    rate.ToString(), " in ", currency)));
  return pricing::RoundToMinor(exact, currency);
}

bool AllZero(const std::map<std::string, Decimal>& sums) {
  for (const auto& [currency, sum] : sums) {
    if (!sum.is_zero()) return false;
  }
  return true;
}

}  // namespace

const char* MismatchTypeName(MismatchType type) {
  switch (type) {
    case MismatchType::kMissingCounterpart:
      return "MISSING_COUNTERPART";
    case MismatchType::kFx:
      return "FX";
    case MismatchType::kTiming:
      return "TIMING";
    case MismatchType::kBeyondTolerance:
      return "BEYOND_TOLERANCE";
    case MismatchType::kLedgerVsGl:
      return "LEDGER_VS_GL";
  }
  return "UNKNOWN";
}

absl::StatusOr<std::vector<Mismatch>> FindMismatches(
    const std::vector<ledger::PeriodBalance>& balances, ledger::Period period,
    const std::set<std::string>& group, const std::map<std::string, TranslationRates>& rates,
    absl::string_view presentation_currency, Decimal tolerance) {
  std::map<std::tuple<std::string, std::string, std::string>, Sides> pairs;
  for (const ledger::PeriodBalance& b : balances) {
    const char* family = FamilyName(b.account);
    if (family == nullptr || b.period > period || b.entity_id == b.counterparty_id ||
        group.count(b.entity_id) == 0 || group.count(b.counterparty_id) == 0) {
      continue;
    }
    const bool lower = b.entity_id < b.counterparty_id;
    Sides& sides = pairs[{lower ? b.entity_id : b.counterparty_id,
                          lower ? b.counterparty_id : b.entity_id, family}];
    const std::string pair = lower ? absl::StrCat(b.entity_id, "/", b.counterparty_id)
                                   : absl::StrCat(b.counterparty_id, "/", b.entity_id);
    RETURN_IF_ERROR(
        Accumulate(sides.to_date[b.currency], b.amount,
                   absl::StrCat("the ", family, " balance to date of ", pair, " in ", b.currency)));
    // Results count in their own period; balances accumulate to the period end.
    if (family == kResultFamily && b.period != period) continue;
    RETURN_IF_ERROR(Accumulate(
        sides.period_amount[b.currency], b.amount,
        absl::StrCat("the ", family, " balance for the period of ", pair, " in ", b.currency)));
    const TranslationRates& r = rates.at(b.entity_id);
    const Decimal rate =
        family == kResultFamily && !absl::StartsWith(b.account, "14") ? r.average : r.closing;
    ASSIGN_OR_RETURN(const Decimal presented, Present(b.functional, rate, presentation_currency));
    RETURN_IF_ERROR(Accumulate(
        sides.presented[lower ? 0 : 1], presented,
        absl::StrCat(b.entity_id, "'s presented ", family, " balance with ", b.counterparty_id)));
  }
  std::vector<Mismatch> out;
  for (const auto& [key, sides] : pairs) {
    Mismatch m;
    m.entity_id = std::get<0>(key);
    m.counterparty_id = std::get<1>(key);
    m.family = std::get<2>(key);
    m.entity_amount = sides.presented[0];
    m.counterparty_amount = sides.presented[1];
    ASSIGN_OR_RETURN(
        m.difference,
        pricing::NoOverflow(
            Decimal::Add(m.entity_amount, m.counterparty_amount), "balances",
            absl::StrCat("the difference between ", m.entity_id, " and ", m.counterparty_id)));
    ASSIGN_OR_RETURN(const Decimal magnitude, Magnitude(m.difference));
    if (magnitude <= tolerance) continue;
    if (m.family == kResultFamily && AllZero(sides.to_date) && !AllZero(sides.period_amount)) {
      m.type = MismatchType::kTiming;
    } else if (m.entity_amount.is_zero() || m.counterparty_amount.is_zero()) {
      m.type = MismatchType::kMissingCounterpart;
    } else if (AllZero(sides.period_amount)) {
      m.type = MismatchType::kFx;
    }
    out.push_back(std::move(m));
  }
  return out;
}

absl::StatusOr<std::vector<Mismatch>> FindLedgerVsGl(
    const std::vector<LedgerGlDifference>& differences,
    const std::map<std::string, TranslationRates>& rates, absl::string_view presentation_currency,
    Decimal tolerance) {
  std::vector<Mismatch> out;
  for (const LedgerGlDifference& d : differences) {
    const bool balance_sheet = trial_balance::IsBalanceSheet(d.account_class);
    const TranslationRates& r = rates.at(d.entity_id);
    const Decimal rate = balance_sheet ? r.closing : r.average;
    Mismatch m;
    m.entity_id = d.entity_id;
    m.family = balance_sheet ? kBalanceFamily : kResultFamily;
    m.type = MismatchType::kLedgerVsGl;
    m.group_account = d.group_account;
    ASSIGN_OR_RETURN(m.general_ledger_amount,
                     Present(d.general_ledger, rate, presentation_currency));
    ASSIGN_OR_RETURN(m.ledger_amount, Present(d.ledger, rate, presentation_currency));
    ASSIGN_OR_RETURN(
        m.difference,
        pricing::NoOverflow(
            Decimal::Sub(m.general_ledger_amount, m.ledger_amount), "balances",
            absl::StrCat(m.entity_id, "'s general ledger minus ledger of ", m.group_account)));
    ASSIGN_OR_RETURN(const Decimal magnitude, Magnitude(m.difference));
    if (magnitude <= tolerance) continue;
    out.push_back(std::move(m));
  }
  std::sort(out.begin(), out.end(), [](const Mismatch& a, const Mismatch& b) {
    return std::tie(a.entity_id, a.group_account) < std::tie(b.entity_id, b.group_account);
  });
  return out;
}

}  // namespace interco::consolidation
