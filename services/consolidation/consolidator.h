// One consolidation of a parent's group for a period, from entity balances.
//
// Steps: scope from the ownership analysis on the period end (FULL: controlled; EQUITY:
// significant influence); each FULL entity's trial balance translated to the presentation
// currency (translation.h); intercompany balances between FULL entities eliminated 100%
// (receivable against payable, income against expense, by the default chart's pairs), the
// difference of each pair to a suspense account, each entry naming the pair's first common
// parent; unrealised profit on intercompany inventory on hand (an input) eliminated from the
// buyer's inventory and the seller's income; EQUITY entities carried at the parent's share of
// their translated net assets; non-controlling interests of every FULL subsidiary at
// 1 - the parent's effective share, of its profit, net assets and CTA.
// Pure: no I/O. Deterministic: every output is sorted.
#ifndef INTERCO_SERVICES_CONSOLIDATION_CONSOLIDATOR_H_
#define INTERCO_SERVICES_CONSOLIDATION_CONSOLIDATOR_H_

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/decimal.h"
#include "services/consolidation/translation.h"
#include "services/group/ownership.h"

namespace interco::consolidation {

// Closing functional balance of one (entity, account, counterparty), debit positive.
struct EntityBalance {
  std::string entity_id;
  std::string account;
  std::string counterparty_id;
  Decimal functional;
};

struct InventoryOnHand {
  std::string seller_id;
  std::string buyer_id;
  Decimal unrealised_profit;  // In the buyer's functional currency.
};

struct ConsolidationInput {
  std::string parent_id;
  std::string presentation_currency;
  std::vector<EntityBalance> balances;
  std::map<std::string, TranslationRates> rates;  // By entity id.
  std::vector<InventoryOnHand> inventory;
};

struct ScopeEntry {
  std::string entity_id;
  group::ConsolidationMethod method;
  Decimal effective_share;
};

struct EliminationEntry {
  std::string level_parent_id;  // The first common parent of the pair.
  std::string entity_id;
  std::string counterparty_id;
  std::string account;
  Decimal amount;  // Presentation currency, debit positive.
  std::string reason;
};

struct NciEntry {
  std::string entity_id;
  Decimal nci_share;
  Decimal profit;
  Decimal net_assets;
  Decimal cta;
};

struct Consolidation {
  std::vector<ScopeEntry> scope;
  std::map<std::string, Decimal> trial_balance;  // Account -> presentation, debit positive.
  std::vector<EliminationEntry> eliminations;
  std::vector<NciEntry> nci;
  Decimal cta;  // Group total, credit positive.
};

inline constexpr char kSuspenseAccount[] = "1999 intercompany suspense";
inline constexpr char kAssociatesAccount[] = "1500 investments in associates";
inline constexpr char kAssociatesIncome[] = "4900 share of associates' net assets";

// FAILED_PRECONDITION when the parent is unknown, a FULL or EQUITY entity has no rates,
// or a trial balance does not balance; the translation's errors otherwise.
absl::StatusOr<Consolidation> Consolidate(const group::OwnershipAnalysis& analysis,
                                          const ConsolidationInput& input);

}  // namespace interco::consolidation

#endif  // INTERCO_SERVICES_CONSOLIDATION_CONSOLIDATOR_H_
