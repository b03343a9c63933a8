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

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "services/group/classifier.h"
#include "services/common/transaction_type.h"

namespace interco::ledger {

struct AccountPair {
  std::string debit;
  std::string credit;
};

struct AccountMapping {
  AccountPair seller;
  AccountPair buyer;
  friend bool operator==(const AccountMapping& a, const AccountMapping& b) {
    return a.seller.debit == b.seller.debit && a.seller.credit == b.seller.credit &&
           a.buyer.debit == b.buyer.debit && a.buyer.credit == b.buyer.credit;
  }
};

AccountMapping DefaultAccounts(TransactionType type, group::Relation relation);

// One entity's own intercompany accounts by transaction type (PolicyService.UpsertAccountMap).
// An entity's map replaces the defaults for INTERCOMPANY and AFFILIATE postings: its seller
// pair when it sells, its buyer pair when it buys. Other relations use the defaults.
struct EntityAccountMap {
  std::string entity_id;
  std::map<TransactionType, AccountMapping> mappings;
  friend bool operator==(const EntityAccountMap& a, const EntityAccountMap& b) {
    return a.entity_id == b.entity_id && a.mappings == b.mappings;
  }
};

inline constexpr size_t kMaxAccountBytes = 64;

// Every account of the default chart: those DefaultAccounts uses for any transaction type
// and relation, and the balance-sheet accounts an opening balance needs that no priced
// posting uses (cash, share capital, retained earnings). Sorted. Manual journal entries may
// use these, or an account of the entity's own map.
const std::vector<std::string>& DefaultChart();
bool InDefaultChart(absl::string_view account);

// Account names: 1 to 64 bytes without control characters; one mapping per type; every
// account of a mapping set. INVALID_ARGUMENT naming "mappings[i].<field>".
absl::Status ValidateAccountMap(const EntityAccountMap& map);

}  // namespace interco::ledger

#endif  // INTERCO_SERVICES_LEDGER_ACCOUNT_MAP_H_
