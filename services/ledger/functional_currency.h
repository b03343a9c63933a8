// The functional currency an entity's ledger lines are stated in, kept true while both the
// structure and the ledger change.
//
// Invariant: every line of entity E in period p is stated in E's functional currency in
// force for p in the latest structure version. Two rules keep it, one on each side, made
// atomic with each other by the Sequencer (RunExclusive on one side, admission on the
// other, both under its commit lock):
//   - a posting is admitted only if its lines agree with the latest structure
//     (AdmitCurrencies), so a posting priced just before a change cannot commit after it;
//   - an upsert may change an entity's functional currency only for periods in which the
//     entity has no entries (UpsertEntity), so nothing already booked changes meaning.
#ifndef INTERCO_SERVICES_LEDGER_FUNCTIONAL_CURRENCY_H_
#define INTERCO_SERVICES_LEDGER_FUNCTIONAL_CURRENCY_H_

#include <vector>

#include "absl/status/statusor.h"
#include "services/group/registry.h"
#include "services/ledger/entry.h"
#include "services/ledger/journal.h"
#include "services/ledger/sequencer.h"

namespace interco::ledger {

// The currency rule every posting passes at commit time (the Sequencer's admission, after
// the period rule has moved any line): each line's functional_currency is its entity's
// functional currency in force for the line's period in `latest`, the latest structure
// version. Otherwise FAILED_PRECONDITION, reason FUNCTIONAL_CURRENCY_CHANGED, naming no
// field (as PERIOD_CLOSED): the posting was priced before a change of functional currency
// (price it again), or a reversal or a period's roll-forward moves an entry into a period of
// another currency (not re-translated: refused). Lines of an entity unknown to `latest` are
// left to the entity check.
absl::Status AdmitCurrencies(const group::GroupStructure& latest,
                             const std::vector<LedgerLine>& lines);

// FAILED_PRECONDITION when `upsert` would change the functional currency of periods in
// which the entity has entries, naming (relative to the entity record):
//   functional_currency, reason ENTITY_HAS_POSTINGS: a new currency from the beginning
//     (no effective period) for an entity with any entry;
//   functional_currency_effective_period, reason PERIOD_HAS_POSTINGS: a new currency from
//     a period in or before the entity's last posted one.
// and the same for `trial_balances` (when given) with reasons ENTITY_HAS_TRIAL_BALANCES and
// PERIOD_HAS_TRIAL_BALANCES. OK for a new entity and for an upsert keeping the currency;
// the books' errors.
absl::Status CheckCurrencyChange(const group::GroupStructure& latest, const Journal& journal,
                                 const group::LegalEntity& upsert,
                                 const CurrencyBooks* trial_balances = nullptr);

// Applies `change` (an entity upsert) to `registry` after CheckCurrencyChange, both inside
// sequencer.RunExclusive, so no posting commits between the check and the new structure
// version. A retry of an accepted request_id skips the check: the registry answers it with
// the original result (exactly once), or ALREADY_EXISTS for other content. Errors:
// CheckCurrencyChange's, then the registry's (unprefixed).
absl::StatusOr<group::StructureRegistry::Applied> UpsertEntity(
    group::StructureRegistry& registry, const Journal& journal, Sequencer& sequencer,
    const group::StructureChange& change, const CurrencyBooks* trial_balances = nullptr);

}  // namespace interco::ledger

#endif  // INTERCO_SERVICES_LEDGER_FUNCTIONAL_CURRENCY_H_
