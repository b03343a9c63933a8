#include "services/consolidation/currency_restatement.h"

#include <algorithm>
#include <map>
#include <string>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "services/common/field_error.h"
#include "services/common/status_macros.h"
#include "services/consolidation/period_balances.h"
#include "services/pricing/money.h"

namespace interco::consolidation {
namespace {

absl::CivilMonth MonthOf(ledger::Period period) { return absl::CivilMonth(period.FirstDay()); }

// The entity's currencies in order: the earlier ones, then the latest.
std::vector<group::CurrencySpell> SpellsOf(const group::LegalEntity& entity) {
  std::vector<group::CurrencySpell> spells = entity.earlier_currencies;
  spells.push_back({entity.functional_currency_from, entity.functional_currency});
  return spells;
}

// Restates the entity's balances `rows` (indexes into `balances`, periods up to `end`) for
// each change of its functional currency that took effect by `end`.
absl::Status RestateEntity(const group::LegalEntity& entity, const pricing::FxTable& fx,
                           absl::CivilMonth end, absl::string_view pivot, std::vector<size_t> rows,
                           std::vector<ledger::PeriodBalance>& balances) {
  const std::vector<group::CurrencySpell> spells = SpellsOf(entity);
  for (size_t k = 1; k < spells.size(); ++k) {
    if (!spells[k].from.has_value() || *spells[k].from > end) break;
    const std::string& old_currency = spells[k - 1].currency;
    const std::string& new_currency = spells[k].currency;
    const absl::CivilMonth start = *spells[k].from;
    ASSIGN_OR_RETURN(const pricing::Conversion at_change,
                     fx.Find(old_currency, new_currency, pricing::RateType::kClosing,
                             absl::CivilDay(*spells[k].from) - 1, pivot));
    Decimal sum;
    for (size_t i : rows) {
      ledger::PeriodBalance& balance = balances[i];
      if (MonthOf(balance.period) >= start) continue;  // Already in the new currency.
      ASSIGN_OR_RETURN(
          const Decimal exact,
          pricing::NoOverflow(Decimal::Mul(balance.functional, at_change.rate), "balances",
                              absl::StrCat(balance.entity_id, "'s ", balance.account,
                                           " restated in ", new_currency)));
      balance.functional = pricing::RoundToMinor(exact, new_currency);
      ASSIGN_OR_RETURN(
          sum, pricing::NoOverflow(Decimal::Add(sum, balance.functional), "balances",
                                   absl::StrCat("the restated balances of ", balance.entity_id,
                                                " in ", new_currency)));
    }
    if (sum.is_zero()) continue;
    // The restated balances of a balanced trial balance sum to zero but for rounding.
    ASSIGN_OR_RETURN(const Decimal offset,
                     pricing::NoOverflow(Decimal::Sub(Decimal(), sum), "balances",
                                         "the restatement's rounding offset"));
    // Some balance precedes the change, so the month before it is in the calendar.
    const std::optional<ledger::Period> before =
        ledger::Period::Of(absl::CivilDay(*spells[k].from) - 1);
    if (!before.has_value()) return absl::InternalError("a change of currency before 1900-02");
    balances.push_back(
        {entity.id, *before, kRestatementRoundingAccount, "", offset, new_currency, Decimal()});
    rows.push_back(balances.size() - 1);
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<ledger::PeriodBalance>> RestateForPeriod(
    std::vector<ledger::PeriodBalance> balances, const group::GroupStructure& structure,
    const pricing::FxTable& fx, ledger::Period period, absl::string_view pivot) {
  std::map<std::string, std::vector<size_t>> rows_by_entity;
  for (size_t i = 0; i < balances.size(); ++i) {
    if (balances[i].period <= period) rows_by_entity[balances[i].entity_id].push_back(i);
  }
  const size_t stored = balances.size();
  for (auto& [entity_id, rows] : rows_by_entity) {
    const group::LegalEntity* entity = structure.FindEntity(entity_id);
    if (entity == nullptr || entity->earlier_currencies.empty()) continue;
    RETURN_IF_ERROR(RestateEntity(*entity, fx, MonthOf(period), pivot, std::move(rows), balances));
  }
  if (balances.size() != stored) {
    std::sort(balances.begin(), balances.end(),
              [](const ledger::PeriodBalance& a, const ledger::PeriodBalance& b) {
                return std::tie(a.entity_id, a.period, a.account, a.counterparty_id, a.currency) <
                       std::tie(b.entity_id, b.period, b.account, b.counterparty_id, b.currency);
              });
  }
  return balances;
}

absl::Status CheckStatedCurrencies(const group::GroupStructure& named,
                                   const group::GroupStructure& latest,
                                   const std::vector<ledger::PeriodBalance>& balances,
                                   ledger::Period period) {
  for (const ledger::PeriodBalance& balance : balances) {
    if (balance.period > period) continue;
    const group::LegalEntity* then = named.FindEntity(balance.entity_id);
    const group::LegalEntity* now = latest.FindEntity(balance.entity_id);
    if (then == nullptr || now == nullptr) continue;
    const absl::CivilMonth month = MonthOf(balance.period);
    const std::string& named_currency = then->FunctionalCurrencyIn(month);
    const std::string& stated_currency = now->FunctionalCurrencyIn(month);
    if (named_currency == stated_currency) continue;
    return FieldError(absl::StatusCode::kFailedPrecondition, "structure_version",
                      absl::StrCat(named.version()), "STRUCTURE_VERSION_BEFORE_CURRENCY_CHANGE",
                      absl::StrCat("the ledger holds ", balance.entity_id, "'s balances of ",
                                   balance.period.ToString(), " in ", stated_currency,
                                   ", its functional currency since a later "
                                   "structure version; this version says ",
                                   named_currency,
                                   ". Name a later version, or an as_of point before those "
                                   "postings"));
  }
  return absl::OkStatus();
}

}  // namespace interco::consolidation
