#include "services/api/history_convert.h"

namespace interco::api {

void FamilyHeadToProto(const ledger::FamilyHead& head, v1::FamilyHead* proto) {
  proto->set_family(head.family);
  proto->set_version(head.version);
  proto->set_chain_hash(ledger::HashHex(head.hash));
}

void FamilyCheckToProto(const ledger::FamilyCheck& check, v1::FamilyVerification* proto) {
  proto->set_family(check.family);
  proto->set_ok(check.ok);
  proto->set_versions_checked(check.versions_checked);
  proto->set_first_broken_version(check.first_broken_version);
  proto->set_key(check.key);
  proto->set_problem(check.problem);
}

}  // namespace interco::api
