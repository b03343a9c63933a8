// The group chart of accounts and each entity's mapping of local accounts to it, at one
// chart version. Changes go through VersionedRegistry (ChartRegistry below): each accepted
// upsert of an account or a mapping is one version, exactly once per request_id.
//
// Rules the chart keeps, so that what was imported against it keeps its meaning: an
// account is never removed and never changes class (a new account instead); a mapping
// names only accounts of the chart. Copyable value (mappings are shared between versions,
// so a copy costs the accounts, not the mappings); const methods are thread-safe.
#ifndef INTERCO_SERVICES_TRIAL_BALANCE_CHART_H_
#define INTERCO_SERVICES_TRIAL_BALANCE_CHART_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "services/common/versioned_registry.h"

namespace interco::trial_balance {

enum class AccountClass { kAsset = 1, kLiability, kEquity, kIncome, kExpense };
enum class EliminationFamily {
  kNone = 1,
  kReceivablePayable,
  kRevenueCost,
  kInterest,
  kDividend,
  kInvestmentEquity,
};

// "ASSET", "RECEIVABLE_PAYABLE": the names of the CLI's files and of messages.
const char* AccountClassName(AccountClass account_class);
const char* EliminationFamilyName(EliminationFamily family);
// Balance-sheet classes (asset, liability, equity) carry cumulative balances; income and
// expense carry the year to date.
bool IsBalanceSheet(AccountClass account_class);

struct GroupAccount {
  std::string id;
  std::string name;
  AccountClass account_class = AccountClass::kAsset;
  std::string statement_line;
  EliminationFamily elimination_family = EliminationFamily::kNone;
  bool intercompany_by_counterparty = false;
  bool investment_in_held_entity = false;
  bool dividend_income = false;
  bool dividends_declared = false;
  friend bool operator==(const GroupAccount& a, const GroupAccount& b);
};

// One entity's local accounts from `valid_from` until its next mapping. `mappings` pairs
// (local, group) in the order given; Chart::Apply stores them sorted by local account. A
// local account is an account id of the entity's general ledger (what its trial balances
// carry) or an account name of Interco's ledger as posted ("1310 IC receivable", which
// consolidation places on the chart through the same mapping): 1 to kMaxLocalAccountBytes
// bytes without control characters.
struct ChartMapping {
  std::string entity_id;
  absl::CivilDay valid_from;
  std::vector<std::pair<std::string, std::string>> mappings;
  friend bool operator==(const ChartMapping& a, const ChartMapping& b) {
    return a.entity_id == b.entity_id && a.valid_from == b.valid_from && a.mappings == b.mappings;
  }
};

inline constexpr size_t kMaxLocalAccountsPerMapping = 20000;
// As long as a ledger account name (services/ledger/account_map.h) and an id.
inline constexpr size_t kMaxLocalAccountBytes = 64;

using ChartBody = std::variant<GroupAccount, ChartMapping>;

struct ChartChange {
  std::string request_id;
  ChartBody body;
  friend bool operator==(const ChartChange& a, const ChartChange& b) {
    return a.request_id == b.request_id && a.body == b.body;
  }
};

// "upsert group account 1200", "map 3 local accounts of A from 2024-01-01".
std::string Describe(const ChartBody& body);

// Field-level checks of one account or mapping on its own (ids, names, flags against the
// class). Errors name fields relative to the record ("account_class", "mappings[2]...").
absl::Status ValidateGroupAccount(const GroupAccount& account);
absl::Status ValidateChartMapping(const ChartMapping& mapping);

template <typename Record>
struct ChartWritten {
  std::shared_ptr<const Record> record;
  uint64_t version = 0;  // The chart version that last wrote it.
};

// Where a local account of an entity lands in the group chart.
struct ResolvedAccount {
  const GroupAccount* account = nullptr;  // Points into the Chart; null when not found.
  bool mapped = false;                    // The entity has a mapping in effect.
};

class Chart {
 public:
  Chart() = default;

  uint64_t version() const { return version_; }

  // Validates and applies an upsert; on error changes nothing. NOT_FOUND (reason
  // UNKNOWN_ACCOUNT) for a mapping naming an account outside the chart;
  // FAILED_PRECONDITION (reason CLASS_CHANGED) for an account changing class.
  absl::StatusOr<ChartBody> Apply(const ChartBody& body);

  const GroupAccount* FindAccount(absl::string_view id) const;
  // The mapping of `entity_id` in effect on `day` (the latest valid_from on or before
  // it); null when there is none.
  const ChartMapping* MappingOn(absl::string_view entity_id, absl::CivilDay day) const;
  // Where `local_account` of `entity_id` lands on `day`: through the mapping in effect,
  // or, without one, as a group account of the same id.
  ResolvedAccount Resolve(absl::string_view entity_id, absl::CivilDay day,
                          absl::string_view local_account) const;

  using MappingKey = std::pair<std::string, absl::CivilDay>;  // (entity, valid_from).
  const std::map<std::string, ChartWritten<GroupAccount>, std::less<>>& accounts() const {
    return accounts_;
  }
  const std::map<MappingKey, ChartWritten<ChartMapping>>& mappings() const { return mappings_; }

 private:
  absl::StatusOr<ChartBody> ApplyAccount(const GroupAccount& account);
  absl::StatusOr<ChartBody> ApplyMapping(const ChartMapping& mapping);

  uint64_t version_ = 0;
  std::map<std::string, ChartWritten<GroupAccount>, std::less<>> accounts_;
  // The same accounts by id for FindAccount, which consolidation calls for every line it
  // reads: a hash lookup instead of a string-ordered tree's. The records are shared with
  // accounts_ (and with every copy of the chart), so the pointers stay valid in a copy.
  absl::flat_hash_map<std::string, const GroupAccount*> index_;
  std::map<MappingKey, ChartWritten<ChartMapping>> mappings_;
};

using ChartLog = ChangeLog<ChartChange>;
using ChartRegistry = VersionedRegistry<Chart, ChartChange>;

}  // namespace interco::trial_balance

#endif  // INTERCO_SERVICES_TRIAL_BALANCE_CHART_H_
