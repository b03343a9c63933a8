// ConsolidationRuns: the use case behind RunConsolidation and GetMismatches (and so the
// controllers' `interco consolidate` and `interco mismatches`). It validates what is asked,
// picks the structure and pricing versions (the current ones, or those named), reads one
// snapshot of the ledger (its head, or `as_of`), chooses the scope and the translation rates,
// and runs the rules (consolidator.h, mismatches.h). Plain C++; handlers convert the wire
// request into a RunRequest and the result back. Deterministic for the same request, ledger
// sequence and versions. Thread-safe.
#ifndef INTERCO_SERVICES_CONSOLIDATION_RUN_H_
#define INTERCO_SERVICES_CONSOLIDATION_RUN_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/consolidation/consolidator.h"
#include "services/consolidation/mismatches.h"
#include "services/group/registry.h"
#include "services/ledger/journal.h"
#include "services/pricing/pricing_book.h"

namespace interco::consolidation {

struct RunRequest {
  std::string parent_id;
  std::string period;  // "YYYY-MM".
  std::string presentation_currency;
  std::optional<uint64_t> as_of;   // A ledger sequence; the head when empty.
  uint64_t structure_version = 0;  // 0: the current one.
  uint64_t pricing_version = 0;    // 0: the current one.
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
};

struct ConsolidationRun {
  RunHeader header;
  Consolidation result;
};

struct MismatchRun {
  RunHeader header;
  std::vector<Mismatch> mismatches;
};

class ConsolidationRuns {
 public:
  // Everything must outlive the runs.
  ConsolidationRuns(const group::StructureRegistry* structures,
                    const pricing::PricingRegistry* pricing, const ledger::Journal* journal)
      : structures_(structures), pricing_(pricing), journal_(journal) {}

  // INVALID_ARGUMENT / NOT_FOUND naming the field for a bad request; what the rules say
  // otherwise.
  absl::StatusOr<ConsolidationRun> Consolidate(const RunRequest& request,
                                               const std::vector<StatedInventory>& inventory) const;
  // The intercompany pairs of the entities the parent controls whose two sides differ by
  // more than `tolerance`, in the presentation currency.
  absl::StatusOr<MismatchRun> Mismatches(const RunRequest& request, Decimal tolerance) const;

 private:
  struct Context;
  // Validates `request` and reads what every run needs, at one point.
  absl::StatusOr<Context> Open(const RunRequest& request) const;

  const group::StructureRegistry* const structures_;
  const pricing::PricingRegistry* const pricing_;
  const ledger::Journal* const journal_;
};

}  // namespace interco::consolidation

#endif  // INTERCO_SERVICES_CONSOLIDATION_RUN_H_
