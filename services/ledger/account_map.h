// Which accounts a posting uses: a default chart per transaction type and relation, which
// an entity's account map may override (PolicyService.UpsertAccountMap, later).
//
// Intercompany and affiliate sales (INTERCOMPANY, AFFILIATE):
//   seller: Dr intercompany receivable / Cr intercompany revenue (income by type)
//   buyer:  Dr inventory or expense (by type) / Cr intercompany payable
// Sales to outsiders (EXTERNAL): trade receivable / revenue, or purchases / trade payable,
// on the group entity's side only. Employee sales: receivable from employees / revenue, on
// the seller's side only. Departments of one entity (SAME_ENTITY): the buyer department is
// charged and the seller department relieved, both in the one entity.
#ifndef INTERCO_SERVICES_LEDGER_ACCOUNT_MAP_H_
#define INTERCO_SERVICES_LEDGER_ACCOUNT_MAP_H_

#include <string>

#include "services/group/classifier.h"
#include "services/pricing/policy.h"

namespace interco::ledger {

struct AccountPair {
  std::string debit;
  std::string credit;
};

struct AccountMapping {
  AccountPair seller;
  AccountPair buyer;
};

AccountMapping DefaultAccounts(pricing::TransactionType type, group::Relation relation);

}  // namespace interco::ledger

#endif  // INTERCO_SERVICES_LEDGER_ACCOUNT_MAP_H_
