#include <map>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/consolidation/capital_builder.h"

namespace interco::consolidation::capital_internal {

void Builder::Balances() {
  using PairKey = std::tuple<std::string, std::string, trial_balance::EliminationFamily>;
  std::map<PairKey, std::vector<std::pair<std::string, const BookLine*>>> pairs;
  for (const auto& [id, holding] : holdings_) {
    if (!holding.full()) continue;
    for (const BookLine& line : holding.translated) {
      const auto other = holdings_.find(line.counterparty_id);
      if (line.counterparty_id.empty() || line.counterparty_id == id || other == holdings_.end() ||
          !other->second.full()) {
        continue;
      }
      const trial_balance::GroupAccount* account = chart_.FindAccount(line.account);
      if (account == nullptr) continue;
      const auto family = account->elimination_family;
      if (family != trial_balance::EliminationFamily::kReceivablePayable &&
          family != trial_balance::EliminationFamily::kRevenueCost &&
          family != trial_balance::EliminationFamily::kInterest) {
        continue;
      }
      const bool lower = id < line.counterparty_id;
      pairs[{lower ? id : line.counterparty_id, lower ? line.counterparty_id : id, family}]
          .push_back({id, &line});
    }
  }
  for (const auto& [key, lines] : pairs) {
    const auto& [low, high, family] = key;
    const EliminationType type = family == trial_balance::EliminationFamily::kReceivablePayable
                                     ? EliminationType::kBalances
                                     : EliminationType::kIncomeExpense;
    Decimal difference;
    for (const auto& [entity, line] : lines) {
      Post(type, entity, line->counterparty_id, line->account, arith_.Neg(line->amount),
           "intercompany balance eliminated");
      difference = arith_.Add(difference, line->amount);
    }
    // A balance-sheet difference waits in suspense until the sides agree; an income or
    // expense difference stays in the year's result, on a line of its own, so that the
    // elimination changes no entity's profit (a sale into the buyer's stock has no cost
    // line to meet; its unrealised margin is the inventory step's).
    const bool balances = type == EliminationType::kBalances;
    Post(type, low, high, balances ? kSuspenseAccount : kIntercompanyDifferences, difference,
         balances ? "difference between the two sides, to suspense"
                  : "difference between the two sides, kept in the result");
  }
}

absl::Status Builder::Inventory() {
  for (size_t i = 0; i < input_.inventory.size(); ++i) {
    const InventoryOnHand& stock = input_.inventory[i];
    const auto seller = holdings_.find(stock.seller_id);
    const auto buyer = holdings_.find(stock.buyer_id);
    if (seller == holdings_.end() || buyer == holdings_.end() || !seller->second.full() ||
        !buyer->second.full()) {
      return Precondition(absl::StrCat("inventory_on_hand[", i, "]"),
                          absl::StrCat(stock.seller_id, "->", stock.buyer_id), "NOT_CONSOLIDATED",
                          "seller and buyer must both be fully consolidated");
    }
    const Decimal profit =
        arith_.Money(stock.unrealised_profit, buyer->second.entity->reporting.closing_rate);
    Post(EliminationType::kUnrealisedProfit, stock.seller_id, stock.buyer_id,
         kUnrealisedProfitAccount, profit, "unrealised profit in the buyer's inventory");
    Post(EliminationType::kUnrealisedProfit, stock.buyer_id, stock.seller_id,
         kUnrealisedInventoryAccount, arith_.Neg(profit), "inventory reduced to the group's cost");
    seller->second.profit_adjust = arith_.Sub(seller->second.profit_adjust, profit);
  }
  return absl::OkStatus();
}

void Builder::Nci(Holding& holding) {
  const std::string& id = holding.entity->entity_id;
  const Decimal share = holding.nci_share;
  const AcquiredPosition& at = holding.position;
  const Decimal reserves = arith_.Money(share, arith_.Add(at.reserves_bf, holding.reserves_adjust));
  const Decimal profit = arith_.Money(share, arith_.Add(at.profit, holding.profit_adjust));
  const Decimal cta = arith_.Money(share, arith_.Add(at.cta, holding.cta_adjust));
  const EliminationType type = EliminationType::kNci;
  Post(type, id, "", kPostAcquisitionReserves, reserves, "NCI's share of reserves brought forward");
  Post(type, id, "", kNciProfitAccount, profit, "NCI's share of the year's profit");
  Post(type, id, "", kGroupCtaAccount, cta, "NCI's share of the CTA");
  Post(type, id, "", kNciAccount, arith_.Neg(arith_.Add(reserves, arith_.Add(profit, cta))),
       "NCI's share of post-acquisition equity");
  nci_reserves_[id] = arith_.Neg(reserves);
  nci_[id].profit = arith_.Sub(nci_[id].profit, profit);
  nci_[id].cta = arith_.Sub(nci_[id].cta, cta);
  cta_[id].nci = arith_.Sub(cta_[id].nci, cta);
}

void Builder::RollForwards() {
  const auto opening_nci = [&](const std::string& id) -> const NciRollForward* {
    if (opening_ == nullptr) return nullptr;
    for (const NciRollForward& entry : opening_->nci) {
      if (entry.entity_id == id) return &entry;
    }
    return nullptr;
  };
  for (auto& [id, entry] : nci_) {
    const Holding& holding = holdings_.at(id);
    entry.entity_id = id;
    entry.nci_share = holding.nci_share;
    entry.closing = arith_.Add(arith_.Add(entry.acquisition, nci_reserves_[id]),
                               arith_.Add(arith_.Add(entry.profit, entry.dividends), entry.cta));
    if (holding.parent() || !AcquiredThisYear(holding)) {
      // Without the run of the year before, the opening is what the NCI held at
      // acquisition plus its reserves at historical rates.
      const NciRollForward* before = opening_nci(id);
      entry.opening =
          before != nullptr ? before->closing : arith_.Add(entry.acquisition, nci_reserves_[id]);
      entry.acquisition = Decimal();
    }
    entry.cta = arith_.Sub(entry.closing, arith_.Add(arith_.Add(entry.opening, entry.acquisition),
                                                     arith_.Add(entry.profit, entry.dividends)));
    if (entry.nci_share.is_zero() && entry.closing.is_zero() && entry.opening.is_zero()) continue;
    out_.nci.push_back(entry);
  }
  for (auto& [id, entry] : cta_) {
    // The parent's own equity is translated at the period's opening rate (docs/
    // CONSOLIDATION.md, "Limits"), so its CTA is not cumulative: no roll-forward for it.
    if (id == input_.parent_id) continue;
    entry.entity_id = id;
    entry.owners = arith_.Sub(entry.closing, entry.nci);
    if (opening_ != nullptr) {
      for (const CtaRollForward& before : opening_->cta) {
        if (before.entity_id == id) entry.opening = before.closing;
      }
    }
    entry.movement = arith_.Sub(entry.closing, entry.opening);
    if (!entry.closing.is_zero() || !entry.opening.is_zero()) out_.cta.push_back(entry);
  }
}

}  // namespace interco::consolidation::capital_internal
