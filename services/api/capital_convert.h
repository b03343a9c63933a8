// A consolidation from trial balances (consolidation::CapitalRun) as RunConsolidation's
// chunks (consolidation.proto, basis TRIAL_BALANCES).
#ifndef INTERCO_SERVICES_API_CAPITAL_CONVERT_H_
#define INTERCO_SERVICES_API_CAPITAL_CONVERT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "interco/v1/consolidation.pb.h"
#include "services/consolidation/run.h"

namespace interco::api {

// One entity of a run's scope, as both bases send it.
v1::ScopeEntry ScopeEntryToProto(const consolidation::ScopeEntry& scope);

// The first chunk names what was read (ledger sequence and hash, versions, basis, import
// sequence, chart version, trial balance versions) and the scope; then the statements,
// goodwill, roll-forwards, elimination journal and consolidated trial balance; the last
// chunk carries the profit's attribution, the proofs and the group CTA. Amounts in
// `currency` (the presentation currency), goodwill's functional figure in its own.
absl::StatusOr<std::vector<v1::ConsolidationChunk>> CapitalChunks(
    const consolidation::CapitalRun& run, const std::string& currency);

}  // namespace interco::api

#endif  // INTERCO_SERVICES_API_CAPITAL_CONVERT_H_
