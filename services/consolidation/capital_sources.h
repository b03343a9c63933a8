// Gathers what a capital consolidation (capital.h) reads for one parent and period: the
// scope from the ownership analysis, each entity's merged books (entity_books.h) for the
// period, for the month before its acquisition and for each December since, the
// acquisitions of the structure, and the rates. Plain C++ over the domain's read models;
// ConsolidationRuns calls it with one snapshot of each.
#ifndef INTERCO_SERVICES_CONSOLIDATION_CAPITAL_SOURCES_H_
#define INTERCO_SERVICES_CONSOLIDATION_CAPITAL_SOURCES_H_

#include <string>
#include <tuple>
#include <vector>

#include "absl/status/statusor.h"
#include "services/consolidation/capital.h"
#include "services/consolidation/entity_books.h"
#include "services/group/structure.h"
#include "services/ledger/journal.h"
#include "services/ledger/period_type.h"
#include "services/pricing/fx.h"

namespace interco::consolidation {

struct CapitalSources {
  const group::GroupStructure* structure = nullptr;
  const pricing::FxTable* fx = nullptr;
  const EntityBooksReader* books = nullptr;
  // Ledger balances of one journal snapshot, as the journal holds them (each period's
  // functional currency).
  const std::vector<ledger::PeriodBalance>* ledger = nullptr;
  std::string parent_id;
  std::string presentation_currency;
};

// A trial balance version the gathered input reads.
struct BooksRead {
  std::string entity_id;
  ledger::Period period;
  uint64_t version = 0;
  friend bool operator<(const BooksRead& a, const BooksRead& b) {
    return std::tie(a.entity_id, a.period, a.version) < std::tie(b.entity_id, b.period, b.version);
  }
  friend bool operator==(const BooksRead& a, const BooksRead& b) {
    return a.entity_id == b.entity_id && a.period == b.period && a.version == b.version;
  }
};

struct GatheredInput {
  CapitalInput input;  // Its chart is the reader's.
  std::vector<BooksRead> read;
};

// The input of `period`'s capital consolidation. FAILED_PRECONDITION naming the entity and
// period for a trial balance missing (MISSING_TRIAL_BALANCE), two acquisitions of one
// entity within the group (MULTIPLE_ACQUISITIONS), a holder without an edge in the period
// (NOT_HELD); the FX table's FX_RATE_MISSING for a rate missing; the reader's errors.
absl::StatusOr<GatheredInput> GatherCapitalInput(const CapitalSources& sources,
                                                 ledger::Period period);

// Whether a consolidation of `period` needs the December before as its opening (an
// acquisition in scope before the period's year): then the caller consolidates that
// December too and passes it to ConsolidateCapital.
bool NeedsOpening(const CapitalInput& input);

}  // namespace interco::consolidation

#endif  // INTERCO_SERVICES_CONSOLIDATION_CAPITAL_SOURCES_H_
