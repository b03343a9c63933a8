// An entity's books for consolidation: its imported trial balance (the whole general ledger,
// by group account, in its functional currency) merged with what Interco's ledger knows
// better, the intercompany balances by counterparty (docs/TRIAL_BALANCES.md, "The merge").
//
// The trial balance is complete but names no counterparties; the ledger names them but holds
// only what was posted through it. For each group account flagged
// intercompany_by_counterparty the ledger's balances by counterparty are authoritative: the
// merged books carry them, and the rest of the trial balance's figure (trial balance minus
// ledger) stays on the same account with no counterparty, so the books still balance and no
// amount is counted twice. Every other account is the trial balance's figure alone: the
// ledger's lines on it are already in the general ledger. The difference of each flagged
// account is returned beside the books (GetMismatches reports it as LEDGER_VS_GL).
//
// Ledger accounts ("1310 IC receivable") are the entity's local accounts: each lands on the
// group chart through the entity's chart mapping in effect on the period's last day, or,
// without one, as the group account of the same id (Chart::Resolve).
//
// A ledger account that lands nowhere is needed only when one of its balances in the basis
// is intercompany (not zero, its counterparty a legal entity of the group other than the
// entity itself) and the chart has a flagged account: it could belong there, and leaving it
// out would misstate both the books by counterparty and the difference. Such an account is
// FAILED_PRECONDITION (reason UNMAPPED_LEDGER_ACCOUNT, naming the entity, the account and a
// counterparty); the remedy is a chart mapping naming it (chart.h: local accounts may be the
// ledger's account names). Balances with outsiders, employees or departments on accounts
// outside the chart are ignored like every non-flagged ledger line, and so is everything
// when the chart flags no account (nothing is compared then).
#ifndef INTERCO_SERVICES_CONSOLIDATION_ENTITY_BOOKS_H_
#define INTERCO_SERVICES_CONSOLIDATION_ENTITY_BOOKS_H_

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/common/decimal.h"
#include "services/consolidation/books.h"
#include "services/consolidation/consolidator.h"
#include "services/group/structure.h"
#include "services/ledger/journal.h"
#include "services/trial_balance/chart.h"
#include "services/trial_balance/store.h"

namespace interco::consolidation {

// One flagged group account of one entity: the general ledger's figure (the trial balance)
// against the ledger's (every counterparty's balance landing on the account), both in the
// entity's functional currency, debit positive, on the trial balance's basis.
struct LedgerGlDifference {
  std::string entity_id;
  std::string group_account;
  trial_balance::AccountClass account_class = trial_balance::AccountClass::kAsset;
  Decimal general_ledger;
  Decimal ledger;
  Decimal difference;  // general_ledger - ledger: zero when they agree.
};

struct MergedBooks {
  // Sorted by (account, counterparty); no zero lines; sums to what the trial balance sums to
  // (zero for a stored one).
  Books books;
  // One per flagged group account that the trial balance or the ledger has, zero
  // differences included; sorted by group account.
  std::vector<LedgerGlDifference> differences;
};

// Merges `trial_balance` (lines of `entity_id`'s trial balance for `period`, as stored: each
// with the group account it was mapped to) with `ledger` (`entity_id`'s ledger balances on
// the trial balance's basis: BalancesYearToDate for `period`, functional amounts in the
// trial balance's currency). Flags and mappings are `chart`'s. `is_legal_entity` says which
// counterparties are legal entities of the group (the unmapped-account rule above).
// FAILED_PRECONDITION naming the entity and account: UNMAPPED_LEDGER_ACCOUNT (above);
// GROUP_ACCOUNT_NOT_IN_CHART for a trial balance line whose group account `chart` lacks (a
// chart version older than the import's); LEDGER_ACCOUNT_CLASS_MISMATCH for a ledger account
// landing on a flagged account of the other basis (a balance-sheet account of the ledger's
// numbering on an income or expense account, or the reverse), whose figures could not be
// compared. INVALID_ARGUMENT (reason OVERFLOW) for a sum beyond Decimal's range; INTERNAL
// for a ledger balance of another entity.
absl::StatusOr<MergedBooks> MergeEntityBooks(
    absl::string_view entity_id, ledger::Period period,
    const std::vector<trial_balance::TrialBalanceLine>& trial_balance,
    const std::vector<EntityBalance>& ledger, const trial_balance::Chart& chart,
    absl::FunctionRef<bool(absl::string_view)> is_legal_entity);

// An entity's merged books and the trial balance version they were read from.
struct EntityBooks {
  trial_balance::TrialBalanceHeader trial_balance;  // Version and import sequence used.
  Books books;
  std::vector<LedgerGlDifference> differences;
};

// Reads entities' merged books at one point of the trial balances (an import sequence) and
// of the chart (a version), for one period or several: Open pins the point once, each Read
// costs one header and one lines read per entity with a trial balance, and one pass over the
// ledger balances it is given. Reproducible: the same point, period and ledger balances give
// the same books. Holds no lock; the store and the registry must outlive it. Thread-safe
// (const methods only).
class EntityBooksReader {
 public:
  // `as_of_import_sequence`: the trial balances imported up to it; 0 means every import so
  // far (the last import sequence, read now, so that later imports do not change what later
  // Reads see). `chart_version`: 0 means the current chart. INVALID_ARGUMENT naming
  // "as_of_import_sequence" (reason BEYOND_LAST_IMPORT) beyond the last import; NOT_FOUND
  // naming "chart_version" beyond the current chart.
  static absl::StatusOr<EntityBooksReader> Open(const trial_balance::TrialBalanceStore& store,
                                                const trial_balance::ChartRegistry& charts,
                                                uint64_t as_of_import_sequence,
                                                uint64_t chart_version);

  // The import sequence the reader reads as of (0 when nothing was imported yet).
  uint64_t import_sequence() const { return import_sequence_; }
  uint64_t chart_version() const { return chart_->version(); }
  const trial_balance::Chart& chart() const { return *chart_; }

  // For each of `entity_ids` with a trial balance for `period` (its latest version at the
  // reader's import sequence), the books merged with `ledger` (balances of one snapshot of
  // the journal, any entities and periods, each entity's functional amounts stated in the
  // currency in force in `period`: as ConsolidationRuns restates them for its period).
  // Entities without a trial balance are absent from the result: the caller decides
  // whether the ledger alone will do or the entity is missing. Every id must be a legal
  // entity of `structure` (INTERNAL otherwise: the caller's bug). FAILED_PRECONDITION
  // (reason TRIAL_BALANCE_CURRENCY) for a trial balance in another currency than the one
  // `structure` gives the entity for `period`; MergeEntityBooks's errors; the store's.
  absl::StatusOr<std::map<std::string, EntityBooks>> Read(
      const group::GroupStructure& structure, const std::set<std::string>& entity_ids,
      ledger::Period period, const std::vector<ledger::PeriodBalance>& ledger) const;

 private:
  EntityBooksReader(const trial_balance::TrialBalanceStore* store,
                    std::shared_ptr<const trial_balance::Chart> chart, uint64_t import_sequence)
      : store_(store), chart_(std::move(chart)), import_sequence_(import_sequence) {}

  const trial_balance::TrialBalanceStore* store_;
  std::shared_ptr<const trial_balance::Chart> chart_;
  uint64_t import_sequence_;
};

}  // namespace interco::consolidation

#endif  // INTERCO_SERVICES_CONSOLIDATION_ENTITY_BOOKS_H_
