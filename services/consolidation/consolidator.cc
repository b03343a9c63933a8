#include "services/consolidation/consolidator.h"

#include <algorithm>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/field_error.h"
#include "services/common/status_macros.h"
#include "services/pricing/money.h"

namespace interco::consolidation {
namespace {

constexpr char kUnrealisedProfitAccount[] = "5990 unrealised intercompany profit";
constexpr char kInventoryAccount[] = "1400 inventory";

Decimal RateFor(absl::string_view account, const TranslationRates& rates) {
  const std::optional<AccountClass> cls = ClassOf(account);
  if (cls == AccountClass::kAsset || cls == AccountClass::kLiability) return rates.closing;
  if (cls == AccountClass::kEquity) return rates.historical_equity;
  return rates.average;
}

absl::StatusOr<Decimal> Present(Decimal functional, Decimal rate, absl::string_view currency) {
  ASSIGN_OR_RETURN(const Decimal exact,
                   pricing::NoOverflow(Decimal::Mul(functional, rate), "balances",
                                       absl::StrCat(functional.ToString(), " at the rate ",
                                                    rate.ToString(), " in ", currency)));
  return pricing::RoundToMinor(exact, currency);
}

absl::Status AddTo(std::map<std::string, Decimal>& balances, const std::string& account,
                   Decimal amount) {
  ASSIGN_OR_RETURN(balances[account],
                   pricing::NoOverflow(Decimal::Add(balances[account], amount), "balances",
                                       absl::StrCat("the consolidated balance of ", account)));
  return absl::OkStatus();
}

// -amount. Decimal::Sub refuses to negate the most negative value, so a balance at the very
// end of the range is an overflow the caller sees, like any other sum that leaves it.
absl::StatusOr<Decimal> Negated(Decimal amount) {
  return pricing::NoOverflow(Decimal::Sub(Decimal(), amount), "balances",
                             absl::StrCat("the reversal of ", amount.ToString()));
}

// 1 - the parent's effective share: the non-controlling interest. Effective shares are in
// [0, 1] (ownership.h; a cross-holding's rounding may pass 1 by at most 1e-9), so this cannot
// overflow; if it ever did, that is our bug, reported as INTERNAL, never a client error.
absl::StatusOr<Decimal> NonControllingShare(Decimal effective_share, absl::string_view entity_id) {
  const std::optional<Decimal> nci = Decimal::Sub(Decimal::FromUnits(1), effective_share);
  if (!nci.has_value()) {
    return absl::InternalError(absl::StrCat("the effective share ", effective_share.ToString(),
                                            " of ", entity_id, " is outside [0, 1]"));
  }
  return *nci;
}

struct Translated {
  Translation translation;
  TranslationRates rates;
};

// Eliminates the intercompany lines between two FULL entities, family by family, with the
// difference of each family pair to suspense.
absl::Status EliminatePair(const group::OwnershipAnalysis& analysis,
                           const ConsolidationInput& input,
                           const std::map<std::string, Translated>& translated, int a, int b,
                           const std::vector<const EntityBalance*>& pair_balances,
                           Consolidation& out) {
  const std::string& a_id = analysis.entities().ids[a];
  const std::string& b_id = analysis.entities().ids[b];
  const std::optional<int> level = analysis.FirstCommonParent(a, b);
  const std::string level_id =
      level.has_value() ? analysis.entities().ids[*level] : input.parent_id;
  std::map<Family, Decimal> family_sums;
  for (const EntityBalance* entry : pair_balances) {
    const EntityBalance& balance = *entry;
    const Family family = FamilyOf(balance.account);
    if (family == Family::kOther) continue;
    ASSIGN_OR_RETURN(const Decimal presented,
                     Present(balance.functional,
                             RateFor(balance.account, translated.at(balance.entity_id).rates),
                             input.presentation_currency));
    ASSIGN_OR_RETURN(const Decimal reversed, Negated(presented));
    out.eliminations.push_back({level_id, balance.entity_id, balance.counterparty_id,
                                balance.account, reversed, "intercompany balance"});
    RETURN_IF_ERROR(AddTo(out.trial_balance, balance.account, reversed));
    const Family pair_family = family == Family::kPayable ? Family::kReceivable
                               : family == Family::kCost  ? Family::kIncome
                                                          : family;
    ASSIGN_OR_RETURN(family_sums[pair_family],
                     pricing::NoOverflow(
                         Decimal::Add(family_sums[pair_family], presented), "balances",
                         absl::StrCat("the elimination difference between ", a_id, " and ", b_id)));
  }
  for (const auto& [family, difference] : family_sums) {
    if (difference.is_zero()) continue;
    out.eliminations.push_back({level_id, a_id, b_id, kSuspenseAccount, difference,
                                family == Family::kReceivable ? "receivable/payable difference"
                                                              : "income/expense difference"});
    RETURN_IF_ERROR(AddTo(out.trial_balance, kSuspenseAccount, difference));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Consolidation> Consolidate(const group::OwnershipAnalysis& analysis,
                                          const ConsolidationInput& input) {
  const std::optional<int> parent = analysis.entities().Find(input.parent_id);
  if (!parent.has_value()) {
    return FieldError(absl::StatusCode::kFailedPrecondition, "parent_id", input.parent_id,
                      "UNKNOWN_PARENT", "is not an entity of the structure");
  }
  Consolidation out;
  std::map<std::string, std::vector<AccountBalance>> trial_balances;
  for (const EntityBalance& balance : input.balances) {
    std::vector<AccountBalance>& tb = trial_balances[balance.entity_id];
    auto it = std::find_if(tb.begin(), tb.end(),
                           [&](const AccountBalance& b) { return b.account == balance.account; });
    if (it == tb.end()) {
      tb.push_back({balance.account, balance.functional});
    } else {
      ASSIGN_OR_RETURN(
          it->functional,
          pricing::NoOverflow(Decimal::Add(it->functional, balance.functional), "balances",
                              absl::StrCat(balance.entity_id, "'s balance of ", balance.account)));
    }
  }
  std::map<std::string, Translated> translated;
  const auto& ids = analysis.entities().ids;
  for (int i = 0; i < static_cast<int>(ids.size()); ++i) {
    const group::ConsolidationMethod method = analysis.Method(*parent, i);
    if (method == group::ConsolidationMethod::kNone) continue;
    out.scope.push_back({ids[i], method, analysis.EffectiveShare(*parent, i)});
    const auto rates = input.rates.find(ids[i]);
    if (rates == input.rates.end()) {
      return FieldError(absl::StatusCode::kFailedPrecondition, "rates", ids[i], "RATES_MISSING",
                        "no translation rates for an entity in scope");
    }
    ASSIGN_OR_RETURN(Translation t,
                     Translate(trial_balances[ids[i]], rates->second, input.presentation_currency));
    if (method == group::ConsolidationMethod::kEquity) {
      ASSIGN_OR_RETURN(
          const Decimal share,
          Present(t.net_assets, analysis.EffectiveShare(*parent, i), input.presentation_currency));
      RETURN_IF_ERROR(AddTo(out.trial_balance, kAssociatesAccount, share));
      ASSIGN_OR_RETURN(const Decimal income, Negated(share));
      RETURN_IF_ERROR(AddTo(out.trial_balance, kAssociatesIncome, income));
      continue;
    }
    for (const TranslatedBalance& line : t.lines) {
      RETURN_IF_ERROR(AddTo(out.trial_balance, line.account, line.presentation));
    }
    ASSIGN_OR_RETURN(const Decimal cta_debit, Negated(t.cta));
    RETURN_IF_ERROR(AddTo(out.trial_balance, kCtaAccount, cta_debit));
    ASSIGN_OR_RETURN(out.cta, pricing::NoOverflow(Decimal::Add(out.cta, t.cta), "balances",
                                                  "the cumulative translation adjustment"));
    if (i != *parent) {
      ASSIGN_OR_RETURN(const Decimal nci,
                       NonControllingShare(analysis.EffectiveShare(*parent, i), ids[i]));
      if (!nci.is_zero()) {
        ASSIGN_OR_RETURN(const Decimal profit,
                         Present(t.net_income, nci, input.presentation_currency));
        ASSIGN_OR_RETURN(const Decimal assets,
                         Present(t.net_assets, nci, input.presentation_currency));
        ASSIGN_OR_RETURN(const Decimal cta, Present(t.cta, nci, input.presentation_currency));
        out.nci.push_back({ids[i], nci, profit, assets, cta});
      }
    }
    translated[ids[i]] = {std::move(t), rates->second};
  }
  // Index the balances by pair once: cost grows with balances, not pairs x balances.
  std::map<std::pair<std::string, std::string>, std::vector<const EntityBalance*>> by_pair;
  for (const EntityBalance& balance : input.balances) {
    if (balance.counterparty_id.empty() || balance.counterparty_id == balance.entity_id) continue;
    by_pair[std::minmax(balance.entity_id, balance.counterparty_id)].push_back(&balance);
  }
  for (const auto& [pair, pair_balances] : by_pair) {
    if (translated.count(pair.first) == 0 || translated.count(pair.second) == 0) continue;
    RETURN_IF_ERROR(EliminatePair(analysis, input, translated,
                                  *analysis.entities().Find(pair.first),
                                  *analysis.entities().Find(pair.second), pair_balances, out));
  }
  for (const InventoryOnHand& stock : input.inventory) {
    const auto buyer = translated.find(stock.buyer_id);
    if (buyer == translated.end() || translated.count(stock.seller_id) == 0) continue;
    ASSIGN_OR_RETURN(
        const Decimal profit,
        Present(stock.unrealised_profit, buyer->second.rates.closing, input.presentation_currency));
    const std::optional<int> level = analysis.FirstCommonParent(
        *analysis.entities().Find(stock.seller_id), *analysis.entities().Find(stock.buyer_id));
    const std::string level_id = level.has_value() ? ids[*level] : input.parent_id;
    ASSIGN_OR_RETURN(const Decimal inventory_credit, Negated(profit));
    out.eliminations.push_back({level_id, stock.seller_id, stock.buyer_id, kUnrealisedProfitAccount,
                                profit, "unrealised profit on inventory on hand"});
    out.eliminations.push_back({level_id, stock.buyer_id, stock.seller_id, kInventoryAccount,
                                inventory_credit, "unrealised profit on inventory on hand"});
    RETURN_IF_ERROR(AddTo(out.trial_balance, kUnrealisedProfitAccount, profit));
    RETURN_IF_ERROR(AddTo(out.trial_balance, kInventoryAccount, inventory_credit));
  }
  for (auto it = out.trial_balance.begin(); it != out.trial_balance.end();) {
    it = it->second.is_zero() ? out.trial_balance.erase(it) : std::next(it);
  }
  return out;
}

}  // namespace interco::consolidation
