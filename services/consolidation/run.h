// ConsolidationRuns: the use case behind RunConsolidation and GetMismatches (and so the
// controllers' `interco consolidate` and `interco mismatches`). It validates what is asked,
// picks the structure and pricing versions (the current ones, or those named), reads one
// snapshot of the ledger (its head, or `as_of`), chooses the scope and the translation rates,
// and runs the rules (consolidator.h, mismatches.h). GetMismatches also reads the entities'
// imported trial balances (as of an import sequence, against a chart version) and compares
// their intercompany-flagged accounts with the ledger (entity_books.h). Plain C++; handlers
// convert the wire request into a RunRequest and the result back. Deterministic for the same
// request, ledger sequence, import sequence and versions. Thread-safe.
#ifndef INTERCO_SERVICES_CONSOLIDATION_RUN_H_
#define INTERCO_SERVICES_CONSOLIDATION_RUN_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/consolidation/capital.h"
#include "services/consolidation/capital_sources.h"
#include "services/consolidation/consolidator.h"
#include "services/consolidation/entity_books.h"
#include "services/consolidation/mismatches.h"
#include "services/group/registry.h"
#include "services/ledger/chained_family.h"
#include "services/ledger/journal.h"
#include "services/pricing/pricing_book.h"
#include "services/trial_balance/chart.h"
#include "services/trial_balance/store.h"

namespace interco::consolidation {

struct RunRequest {
  std::string parent_id;
  std::string period;  // "YYYY-MM".
  std::string presentation_currency;
  std::optional<uint64_t> as_of;   // A ledger sequence; the head when empty.
  uint64_t structure_version = 0;  // 0: the current one.
  uint64_t pricing_version = 0;    // 0: the current one.
  // Trial balances (Mismatches and ConsolidateTrialBalances): those imported up to this
  // sequence (0: every one so far), read against this chart version (0: the current one).
  uint64_t as_of_import_sequence = 0;
  uint64_t chart_version = 0;
};

// Unrealised profit in a buyer's stock, as the caller stated it; `field` names it in errors.
struct StatedInventory {
  std::string field;  // "inventory_on_hand[2]".
  std::string seller_id;
  std::string buyer_id;
  Decimal unrealised_profit;
  std::string currency;  // Must be the buyer's functional currency.
};

// Where a run read from: reproducible by naming these again.
struct RunHeader {
  uint64_t as_of_sequence = 0;
  ledger::Hash chain_hash{};
  uint64_t structure_version = 0;
  uint64_t pricing_version = 0;
  // The head of each history read, at the version read (structure, pricing; then chart and
  // trial_balances for runs that read trial balances), and their combined hash with the
  // journal's head: one value pinning every input. Empty when the runs were given no
  // InputHistories.
  std::vector<ledger::FamilyHead> inputs;
  ledger::Hash inputs_hash{};
};

// The chained histories behind the registries and the trial balance store, whose heads a
// run names (chained_family.h).
struct InputHistories {
  const ledger::ChainedFamily* structure = nullptr;
  const ledger::ChainedFamily* pricing = nullptr;
  const ledger::ChainedFamily* chart = nullptr;
  const ledger::ChainedFamily* trial_balances = nullptr;
};

struct ConsolidationRun {
  RunHeader header;
  Consolidation result;
};

// A consolidation from whole trial balances (capital.h) and where it read from.
struct CapitalRun {
  RunHeader header;
  uint64_t import_sequence = 0;
  uint64_t chart_version = 0;
  std::vector<BooksRead> read;  // Every trial balance version read.
  CapitalConsolidation result;
};

struct MismatchRun {
  RunHeader header;
  // Where the trial balances were read from (0: nothing imported yet); naming them again
  // reproduces the LEDGER_VS_GL mismatches.
  uint64_t import_sequence = 0;
  uint64_t chart_version = 0;
  // The pairs' mismatches (sorted as FindMismatches sorts them), then LEDGER_VS_GL ones
  // (sorted as FindLedgerVsGl sorts them).
  std::vector<Mismatch> mismatches;
};

class ConsolidationRuns {
 public:
  // Everything must outlive the runs.
  ConsolidationRuns(const group::StructureRegistry* structures,
                    const pricing::PricingRegistry* pricing, const ledger::Journal* journal,
                    const trial_balance::TrialBalanceStore* trial_balances,
                    const trial_balance::ChartRegistry* charts, InputHistories histories = {})
      : structures_(structures),
        pricing_(pricing),
        journal_(journal),
        trial_balances_(trial_balances),
        charts_(charts),
        histories_(histories) {}

  // INVALID_ARGUMENT / NOT_FOUND naming the field for a bad request; what the rules say
  // otherwise.
  absl::StatusOr<ConsolidationRun> Consolidate(const RunRequest& request,
                                               const std::vector<StatedInventory>& inventory) const;
  // The intercompany pairs of the entities the parent controls whose two sides differ by
  // more than `tolerance`, in the presentation currency; and, for each of those entities
  // with a trial balance for the period, each intercompany-flagged group account whose
  // trial balance figure differs from the ledger's by more than `tolerance` (LEDGER_VS_GL).
  // Besides Open's errors: INVALID_ARGUMENT naming as_of_import_sequence beyond the last
  // import, NOT_FOUND naming chart_version beyond the current one, and the merge's
  // FAILED_PRECONDITIONs (entity_books.h; UNMAPPED_LEDGER_ACCOUNT for an intercompany
  // ledger account that the chart cannot place).
  absl::StatusOr<MismatchRun> Mismatches(const RunRequest& request, Decimal tolerance) const;

  // The whole group from each entity's trial balance merged with the ledger (capital
  // consolidation: capital.h, docs/CONSOLIDATION.md), the NCI and CTA roll-forwards opening
  // with the same consolidation of the December before when an acquisition predates the
  // period's year. Besides Open's and OpenBooks's errors, those of GatherCapitalInput and
  // ConsolidateCapital (FAILED_PRECONDITION with a reason naming what is missing).
  absl::StatusOr<CapitalRun> ConsolidateTrialBalances(
      const RunRequest& request, const std::vector<StatedInventory>& inventory) const;

  // A reader of entities' merged books (trial balance and ledger) at one import sequence
  // (0: the last) and chart version (0: the current one), for as many periods as needed;
  // give its Read the ledger balances of one snapshot (entity_books.h). Errors as
  // EntityBooksReader::Open.
  absl::StatusOr<EntityBooksReader> OpenBooks(uint64_t as_of_import_sequence,
                                              uint64_t chart_version) const {
    return EntityBooksReader::Open(*trial_balances_, *charts_, as_of_import_sequence,
                                   chart_version);
  }

 private:
  struct Context;
  // Validates `request` and reads what every run needs, at one point; the ledger's
  // balances restated into the period's functional currencies unless `restate` is false
  // (a capital run restates them for each period it reads).
  absl::StatusOr<Context> Open(const RunRequest& request, bool restate = true) const;
  // The stated inventory checked against the structure (NOT_FOUND for an unknown entity,
  // INVALID_ARGUMENT for a currency other than the buyer's functional one).
  // Fills header.inputs and inputs_hash: the structure's and pricing's heads at the header's
  // versions, and with `books` the chart's and trial balances' at those it read. DATA_LOSS
  // if a history's record cannot be read.
  absl::Status NameInputs(RunHeader& header, const EntityBooksReader* books) const;
  absl::StatusOr<std::vector<InventoryOnHand>> Inventory(
      const Context& context, const std::vector<StatedInventory>& inventory) const;

  const group::StructureRegistry* const structures_;
  const pricing::PricingRegistry* const pricing_;
  const ledger::Journal* const journal_;
  const trial_balance::TrialBalanceStore* const trial_balances_;
  const trial_balance::ChartRegistry* const charts_;
  const InputHistories histories_;
};

}  // namespace interco::consolidation

#endif  // INTERCO_SERVICES_CONSOLIDATION_RUN_H_
