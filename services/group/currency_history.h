// An entity's functional currency over time: the rules by which an upsert changes it.
//
// IAS 21.35-37: a change of functional currency applies prospectively from the date of
// change. Interco dates it by period (a month): an upsert naming a new currency and
// `functional_currency_from` appends the new currency from that period and keeps the
// earlier ones for the periods before it. An upsert naming a new currency without a start
// corrects the currency from the beginning (the caller, GroupStructureService, allows that
// only while the entity has no postings, and a dated change only from a period after its
// last posted one: this file knows nothing of the ledger).
#ifndef INTERCO_SERVICES_GROUP_CURRENCY_HISTORY_H_
#define INTERCO_SERVICES_GROUP_CURRENCY_HISTORY_H_

#include "absl/status/statusor.h"
#include "services/group/model.h"

namespace interco::group {

// The record `upsert` makes of `existing` (nullptr for a new entity), with the currency
// history the rules above give. Errors, FAILED_PRECONDITION naming
// "functional_currency_effective_period" (the wire name of functional_currency_from):
//   NO_CURRENCY_TO_CHANGE     a start given for a new entity (its first currency applies
//                             from the beginning);
//   CURRENCY_UNCHANGED        a start given with the currency already in force, other than
//                             that currency's own start (resending the record as read back
//                             is accepted);
//   EFFECTIVE_PERIOD_NOT_AFTER_CURRENT  a start not after the latest currency's start.
absl::StatusOr<LegalEntity> WithCurrencyChange(const LegalEntity* existing,
                                               const LegalEntity& upsert);

}  // namespace interco::group

#endif  // INTERCO_SERVICES_GROUP_CURRENCY_HISTORY_H_
