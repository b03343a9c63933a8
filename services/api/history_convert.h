// The heads and verifications of the chained histories beside the journal
// (services/ledger/chained_family.h) on the wire.
#ifndef INTERCO_SERVICES_API_HISTORY_CONVERT_H_
#define INTERCO_SERVICES_API_HISTORY_CONVERT_H_

#include <vector>

#include "proto/interco/v1/common.pb.h"
#include "proto/interco/v1/ledger.pb.h"
#include "services/ledger/chained_family.h"

namespace interco::api {

void FamilyHeadToProto(const ledger::FamilyHead& head, v1::FamilyHead* proto);
void FamilyCheckToProto(const ledger::FamilyCheck& check, v1::FamilyVerification* proto);

// Sets `inputs` and `inputs_hash` of a reply that names what a run read (a consolidation's
// first chunk, a mismatches response). Nothing when `inputs` is empty (runs not wired to
// the histories).
template <typename Reply>
void SetRunInputs(const std::vector<ledger::FamilyHead>& inputs, const ledger::Hash& inputs_hash,
                  Reply* reply) {
  if (inputs.empty()) return;
  for (const ledger::FamilyHead& head : inputs) FamilyHeadToProto(head, reply->add_inputs());
  reply->set_inputs_hash(ledger::HashHex(inputs_hash));
}

}  // namespace interco::api

#endif  // INTERCO_SERVICES_API_HISTORY_CONVERT_H_
