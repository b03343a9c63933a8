#include "services/consolidation/capital.h"

#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/field_error.h"
#include "services/common/status_macros.h"
#include "services/consolidation/capital_builder.h"
#include "services/consolidation/capital_parts.h"
#include "services/consolidation/capital_statements.h"
#include "services/pricing/money.h"

namespace interco::consolidation {
namespace capital_internal {

void Builder::Post(EliminationType type, const std::string& entity, const std::string& counterparty,
                   const std::string& account, Decimal amount, std::string reason) {
  if (amount.is_zero()) return;
  out_.eliminations.push_back({type, entity, counterparty, account, amount, std::move(reason)});
}

absl::Status Builder::Prepare() {
  std::map<std::string, const CapitalAcquisition*> acquisitions;
  for (const CapitalAcquisition& acquisition : input_.acquisitions) {
    acquisitions[acquisition.acquisition.held_id] = &acquisition;
  }
  for (const CapitalEntity& entity : input_.entities) {
    Holding& holding = holdings_[entity.entity_id];
    holding.entity = &entity;
    holding.nci_share = arith_.Sub(kOne, entity.group_share);
    RETURN_IF_ERROR(capital_internal::SumBooks(
                        chart_,
                        absl::StrCat(entity.entity_id, " ", entity.reporting.period.ToString()),
                        entity.reporting.lines, arith_)
                        .status());
    if (entity.entity_id == input_.parent_id) {
      holding.translated = capital_internal::TranslateParent(chart_, entity, arith_);
      continue;
    }
    const auto found = acquisitions.find(entity.entity_id);
    if (found == acquisitions.end()) {
      return Precondition("acquisitions", entity.entity_id, "MISSING_ACQUISITION",
                          "capital consolidation needs the acquisition of every subsidiary "
                          "and associate (its date, consideration and NCI)");
    }
    holding.acquisition = found->second;
    RETURN_IF_ERROR(PrepareAcquired(holding));
  }
  if (holdings_.count(input_.parent_id) == 0) {
    return Precondition("parent_id", input_.parent_id, "MISSING_TRIAL_BALANCE",
                        "the parent has no books for the period");
  }
  return absl::OkStatus();
}

absl::Status Builder::PrepareAcquired(Holding& holding) {
  const group::Acquisition& acquisition = holding.acquisition->acquisition;
  const ledger::Period acquired = *ledger::Period::Of(acquisition.acquisition_date);
  if (acquired > input_.period) {
    return Precondition("acquisitions", holding.entity->entity_id, "ACQUISITION_AFTER_PERIOD",
                        absl::StrCat("acquired on ", group::DayText(acquisition.acquisition_date),
                                     ", after the period"));
  }
  for (const group::FairValueAdjustment& adjustment : acquisition.fair_value_adjustments) {
    ASSIGN_OR_RETURN(const LineKind kind,
                     KindOf(chart_, holding.entity->entity_id, adjustment.account));
    if (kind != LineKind::kNetAssets) {
      return Precondition(
          "acquisitions", absl::StrCat(holding.entity->entity_id, " ", adjustment.account),
          "NOT_ASSET_OR_LIABILITY", "a fair-value adjustment must be to an asset or a liability");
    }
  }
  ASSIGN_OR_RETURN(holding.position, capital_internal::PositionAt(
                                         chart_, *holding.acquisition, holding.entity->reporting,
                                         holding.acquisition->year_ends, arith_));
  if (holding.full()) holding.translated = std::move(holding.position.translated);
  return absl::OkStatus();
}

absl::StatusOr<Holding*> Builder::HolderOf(const Holding& held) {
  const std::string& holder_id = held.acquisition->acquisition.holder_id;
  const std::string pair = absl::StrCat(holder_id, " -> ", held.entity->entity_id);
  const auto found = holdings_.find(holder_id);
  if (found == holdings_.end() || !found->second.full()) {
    return Precondition("acquisitions", pair, "HOLDER_NOT_CONSOLIDATED",
                        "the holder of an acquisition must be the parent or a subsidiary");
  }
  // Only chains of single holdings are modelled: the group's share of the held entity must
  // be the holder's share times the holder's direct share. An entity also held by another
  // group entity, or a cross holding, would leave an investment uneliminated.
  const Decimal through_holder =
      arith_.Mul(found->second.entity->group_share, held.acquisition->direct_share);
  if (through_holder.Round(12) != held.entity->group_share.Round(12)) {
    return Precondition(
        "acquisitions", pair, "INDIRECT_HOLDINGS_NOT_MODELLED",
        absl::StrCat("the group holds ", held.entity->group_share.ToString(), " of it, not ",
                     through_holder.ToString(), " through this holder alone"));
  }
  return &found->second;
}

absl::StatusOr<std::string> Builder::DividendIncomeAccount(const Holding& holder) const {
  for (const BookLine& line : holder.entity->reporting.lines) {
    const trial_balance::GroupAccount* account = chart_.FindAccount(line.account);
    if (account != nullptr && account->dividend_income) return line.account;
  }
  for (const auto& [id, written] : chart_.accounts()) {
    if (written.record->dividend_income) return id;
  }
  return Precondition("chart", holder.entity->entity_id, "NO_DIVIDEND_INCOME_ACCOUNT",
                      "dividends within the group need a group account flagged dividend_income");
}

absl::Status Builder::Capital(Holding& held) {
  ASSIGN_OR_RETURN(Holding * holder, HolderOf(held));
  const CapitalAcquisition& facts = *held.acquisition;
  const group::Acquisition& acquisition = facts.acquisition;
  const std::string& id = held.entity->entity_id;
  const std::string& holder_id = holder->entity->entity_id;
  const size_t begin = out_.eliminations.size();
  for (const BookLine& line : held.position.pre_acquisition_equity) {
    Post(EliminationType::kCapital, id, holder_id, line.account, arith_.Neg(line.amount),
         "pre-acquisition equity eliminated");
  }
  const Decimal investment =
      arith_.Money(acquisition.consideration, holder->entity->reporting.closing_rate);
  Post(EliminationType::kCapital, holder_id, id, acquisition.investment_account,
       arith_.Neg(investment), "investment eliminated against the equity acquired");
  // NCI at acquisition: the fair value stated, or the effective share of the identifiable
  // net assets; across tiers the holder's NCI also holds part of them indirectly.
  const Decimal net_assets = held.position.identifiable_net_assets;
  Decimal nci_functional = arith_.Mul(held.nci_share, net_assets);
  if (acquisition.nci_measurement == group::NciMeasurement::kFairValue) {
    const Decimal indirect =
        arith_.Mul(arith_.Mul(facts.direct_share, holder->nci_share), net_assets);
    nci_functional = arith_.Add(acquisition.nci_fair_value.value_or(Decimal()), indirect);
  }
  const Decimal nci = arith_.Money(nci_functional, facts.acquisition_rate);
  Post(EliminationType::kCapital, id, holder_id, kNciAccount, arith_.Neg(nci),
       "non-controlling interest at acquisition");
  nci_[id].acquisition = arith_.Sub(nci_[id].acquisition, nci);
  if (!holder->nci_share.is_zero()) {
    const Decimal borne = arith_.Money(holder->nci_share, investment);
    Post(EliminationType::kCapital, holder_id, id, kNciAccount, borne,
         "the holder's NCI bears its share of the investment's cost");
    nci_[holder_id].acquisition = arith_.Add(nci_[holder_id].acquisition, borne);
  }
  Goodwill(held, *holder, nci_functional, begin);
  return absl::OkStatus();
}

void Builder::Goodwill(Holding& held, const Holding& holder, Decimal nci_functional, size_t begin) {
  const CapitalAcquisition& facts = *held.acquisition;
  const std::string& id = held.entity->entity_id;
  const std::string& holder_id = holder.entity->entity_id;
  Decimal posted;  // This acquisition's capital entries so far.
  for (size_t i = begin; i < out_.eliminations.size(); ++i) {
    posted = arith_.Add(posted, out_.eliminations[i].amount);
  }
  GoodwillEntry entry;
  entry.holder_id = holder_id;
  entry.entity_id = id;
  entry.currency = facts.held_currency;
  // Rounded to the held entity's minor unit first, so that the bargain test, the figure at
  // acquisition and the one on the wire agree.
  entry.functional = pricing::RoundToMinor(
      arith_.Sub(
          arith_.Add(arith_.Mul(holder.entity->group_share, facts.consideration_held_currency),
                     nci_functional),
          held.position.identifiable_net_assets),
      facts.held_currency);
  entry.at_acquisition = arith_.Money(entry.functional, facts.acquisition_rate);
  Decimal booked;
  if (entry.functional.is_negative()) {
    entry.bargain_purchase = true;
    booked = entry.at_acquisition;
    Post(EliminationType::kCapital, id, holder_id,
         AcquiredThisYear(held) ? kBargainPurchaseGain : kPostAcquisitionReserves, booked,
         "bargain purchase gain (IFRS 3.34)");
  } else {
    entry.closing = arith_.Money(entry.functional, held.entity->reporting.closing_rate);
    booked = entry.closing;
    Post(EliminationType::kCapital, id, holder_id, kGoodwillAccount, booked, "goodwill");
  }
  // Goodwill is the held entity's asset at the closing rate (IAS 21.47): its translation
  // since the acquisition, with any difference of the entries above, is CTA.
  const Decimal plug = arith_.Neg(arith_.Add(posted, booked));
  Post(EliminationType::kCapital, id, holder_id, kGroupCtaAccount, plug,
       "translation of goodwill and of the equity acquired");
  cta_[id].closing = arith_.Add(cta_[id].closing, plug);
  const group::Acquisition& acquisition = facts.acquisition;
  if (!entry.bargain_purchase && acquisition.nci_measurement == group::NciMeasurement::kFairValue) {
    // The NCI's own goodwill, and so its part of the goodwill's translation.
    const Decimal outside = arith_.Sub(kOne, facts.direct_share);
    const Decimal nci_goodwill =
        arith_.Sub(acquisition.nci_fair_value.value_or(Decimal()),
                   arith_.Mul(outside, held.position.identifiable_net_assets));
    const Decimal gain = arith_.Sub(arith_.Money(nci_goodwill, held.entity->reporting.closing_rate),
                                    arith_.Money(nci_goodwill, facts.acquisition_rate));
    Post(EliminationType::kNci, id, "", kGroupCtaAccount, gain,
         "the NCI's part of the goodwill's translation");
    Post(EliminationType::kNci, id, "", kNciAccount, arith_.Neg(gain),
         "the NCI's part of the goodwill's translation");
    nci_[id].cta = arith_.Sub(nci_[id].cta, gain);
    cta_[id].nci = arith_.Sub(cta_[id].nci, gain);
  }
  out_.goodwill.push_back(entry);
}

absl::Status Builder::Dividends(Holding& held) {
  if (held.position.dividends.is_zero()) return absl::OkStatus();
  ASSIGN_OR_RETURN(Holding * holder, HolderOf(held));
  ASSIGN_OR_RETURN(const std::string income, DividendIncomeAccount(*holder));
  const std::string& id = held.entity->entity_id;
  const std::string& holder_id = holder->entity->entity_id;
  const Decimal declared = held.position.dividends;
  const Decimal received = arith_.Money(held.acquisition->direct_share, declared);
  Post(EliminationType::kDividends, holder_id, id, income, received,
       "dividend income from the group eliminated");
  holder->profit_adjust = arith_.Sub(holder->profit_adjust, received);
  for (const BookLine& line : held.translated) {
    const absl::StatusOr<LineKind> kind = KindOf(chart_, "", line.account);
    if (!kind.ok() || *kind != LineKind::kDividends) continue;  // Synthetic accounts too.
    Post(EliminationType::kDividends, id, holder_id, line.account, arith_.Neg(line.amount),
         "dividends declared within the group eliminated");
  }
  // The NCI's share; across tiers the part the holder's NCI holds indirectly returns to it.
  const Decimal to_nci =
      holder->parent() ? arith_.Sub(declared, received) : arith_.Money(held.nci_share, declared);
  Post(EliminationType::kDividends, id, holder_id, kNciAccount, to_nci,
       "the NCI's share of the dividends");
  nci_[id].dividends = arith_.Add(nci_[id].dividends, to_nci);
  const Decimal credit = arith_.Neg(arith_.Add(arith_.Sub(received, declared), to_nci));
  Post(EliminationType::kDividends, holder_id, id, kNciAccount, credit,
       "the holder's NCI keeps its indirect share of the dividends");
  if (!credit.is_zero()) nci_[holder_id].dividends = arith_.Add(nci_[holder_id].dividends, credit);
  return absl::OkStatus();
}

absl::Status Builder::EquityMethod(Holding& associate) {
  ASSIGN_OR_RETURN(Holding * holder, HolderOf(associate));
  const AcquiredPosition& at = associate.position;
  const Decimal share = associate.acquisition->direct_share;
  const std::string& id = associate.entity->entity_id;
  const std::string& holder_id = holder->entity->entity_id;
  const Decimal change =
      arith_.Add(arith_.Add(at.reserves_bf, arith_.Sub(at.profit, at.dividends)), at.cta);
  const Decimal carrying = arith_.Money(share, change);
  const Decimal reserves = arith_.Money(share, at.reserves_bf);
  const Decimal profit = arith_.Money(share, at.profit);
  const Decimal dividends = arith_.Money(share, at.dividends);
  const EliminationType type = EliminationType::kEquityMethod;
  Post(type, holder_id, id, associate.acquisition->acquisition.investment_account, carrying,
       "share of post-acquisition changes in the associate's net assets");
  Post(type, holder_id, id, kPostAcquisitionReserves, arith_.Neg(reserves),
       "share of the associate's post-acquisition reserves");
  Post(type, holder_id, id, kAssociatesProfit, arith_.Neg(profit),
       "share of the associate's profit (IAS 28.10)");
  if (!dividends.is_zero()) {
    ASSIGN_OR_RETURN(const std::string income, DividendIncomeAccount(*holder));
    Post(type, holder_id, id, income, dividends, "dividends received reduce the investment");
  }
  const Decimal cta = arith_.Sub(arith_.Add(reserves, profit), arith_.Add(carrying, dividends));
  Post(type, holder_id, id, kGroupCtaAccount, cta, "share of the associate's CTA");
  holder->profit_adjust = arith_.Add(holder->profit_adjust, arith_.Sub(profit, dividends));
  holder->reserves_adjust = arith_.Add(holder->reserves_adjust, reserves);
  holder->cta_adjust = arith_.Sub(holder->cta_adjust, cta);
  cta_[holder_id].closing = arith_.Add(cta_[holder_id].closing, cta);
  return absl::OkStatus();
}

absl::StatusOr<CapitalConsolidation> Builder::Run() {
  RETURN_IF_ERROR(Prepare());
  for (auto& [id, holding] : holdings_) {
    out_.scope.push_back({id, holding.entity->method, holding.entity->group_share});
    if (holding.parent() || !holding.full()) continue;
    RETURN_IF_ERROR(Capital(holding));
    RETURN_IF_ERROR(Dividends(holding));
  }
  for (auto& [id, holding] : holdings_) {
    if (!holding.full()) RETURN_IF_ERROR(EquityMethod(holding));
  }
  Balances();
  RETURN_IF_ERROR(Inventory());
  for (auto& [id, holding] : holdings_) {
    if (!holding.full()) continue;
    if (holding.parent()) {
      for (const BookLine& line : holding.translated) {
        if (line.account == kGroupCtaAccount)
          cta_[id].closing = arith_.Add(cta_[id].closing, line.amount);
      }
      continue;
    }
    cta_[id].closing = arith_.Sub(cta_[id].closing, holding.position.cta);
    Nci(holding);
  }
  for (const auto& [id, holding] : holdings_) {
    for (const BookLine& line : holding.translated) {
      Decimal& sum = out_.trial_balance[line.account];
      sum = arith_.Add(sum, line.amount);
    }
  }
  for (const JournalLine& line : out_.eliminations) {
    Decimal& sum = out_.trial_balance[line.account];
    sum = arith_.Add(sum, line.amount);
  }
  for (auto it = out_.trial_balance.begin(); it != out_.trial_balance.end();) {
    it = it->second.is_zero() ? out_.trial_balance.erase(it) : std::next(it);
  }
  RETURN_IF_ERROR(capital_internal::BuildStatements(chart_, arith_, &out_));
  if (!out_.trial_balance_sum.is_zero()) {
    return absl::InternalError(
        absl::StrCat("the consolidated trial balance sums to ", out_.trial_balance_sum.ToString()));
  }
  RollForwards();
  RETURN_IF_ERROR(arith_.status());
  return std::move(out_);
}

}  // namespace capital_internal

absl::StatusOr<CapitalConsolidation> ConsolidateCapital(const CapitalInput& input,
                                                        const CapitalConsolidation* opening) {
  if (input.chart == nullptr) return absl::InternalError("capital consolidation without chart");
  return capital_internal::Builder(input, opening).Run();
}

const char* EliminationTypeName(EliminationType type) {
  switch (type) {
    case EliminationType::kCapital:
      return "CAPITAL";
    case EliminationType::kNci:
      return "NCI";
    case EliminationType::kBalances:
      return "BALANCES";
    case EliminationType::kIncomeExpense:
      return "INCOME_EXPENSE";
    case EliminationType::kDividends:
      return "DIVIDENDS";
    case EliminationType::kUnrealisedProfit:
      return "UNREALISED_PROFIT";
    case EliminationType::kEquityMethod:
      return "EQUITY_METHOD";
  }
  return "UNKNOWN";
}

}  // namespace interco::consolidation
