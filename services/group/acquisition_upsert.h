// UpsertAcquisition: the one way an acquisition gets into the group structure, whichever door
// it came through. Beyond GroupStructure::Apply's rules it checks what the structure cannot
// see: the group chart of accounts, and the currency the caller stated the held entity's
// amounts in. Plain C++; the chart comes through the ChartAccounts port below, so this
// package stays independent of services/trial_balance.
//
// The chart never removes an account nor changes its class, so its checks stay true once
// written; the investment flag is the chart's to change, and consolidation reads the
// account as it then stands.
#ifndef INTERCO_SERVICES_GROUP_ACQUISITION_UPSERT_H_
#define INTERCO_SERVICES_GROUP_ACQUISITION_UPSERT_H_

#include <functional>
#include <optional>
#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/group/acquisition.h"
#include "services/group/registry.h"

namespace interco::group {

// What an acquisition's checks read of one account of the group chart.
struct ChartAccountFacts {
  bool asset_or_liability = false;         // Of class asset or liability.
  bool investment_in_held_entity = false;  // Flagged as an investment in a held entity.
};

// The group chart of accounts as the acquisition checks read it: the server's reads the
// chart registry's current chart (services/chart_accounts.h). Implementations are
// thread-safe.
class ChartAccounts {
 public:
  virtual ~ChartAccounts() = default;
  // The facts of account `id`; nullopt when the chart has no such account.
  virtual std::optional<ChartAccountFacts> Find(absl::string_view id) const = 0;
};

// An acquisition as a caller states it.
struct AcquisitionUpsert {
  std::string request_id;
  Acquisition acquisition;
  // The currency code the caller stated nci_fair_value and the adjustments' amounts in
  // (one code for all of them); empty when it stated none. It must be the held entity's
  // functional currency on acquisition_date, in which the record keeps them.
  std::string held_amounts_currency;
};

// Runs its argument once, on the calling thread, while no other change of a functional
// currency is checked or applied (the server's: the ledger Sequencer's RunExclusive, under
// which entity upserts run), so the currency checked is the one the acquisition is
// applied against.
using RunExclusive = std::function<void(absl::FunctionRef<void()>)>;

// Applies `upsert` to `registry` as one structure version (replacing the acquisition of
// the same holder and held) and returns the registry's answer. A retry (a request_id the
// registry holds) is answered by the registry before any check: the original result, or
// ALREADY_EXISTS (naming request_id, reason REQUEST_ID_REUSED) for other content. Else, in
// this order, each naming its field relative to the acquisition:
//   ValidateRequestId's and ValidateAcquisition's errors;
//   NOT_FOUND investment_account or fair_value_adjustments[i].account (UNKNOWN_ACCOUNT):
//     not an account of `chart`;
//   FAILED_PRECONDITION investment_account (NOT_AN_INVESTMENT_ACCOUNT): not flagged
//     investment_in_held_entity; fair_value_adjustments[i].account
//     (NOT_ASSET_OR_LIABILITY): an account of another class;
//   INVALID_ARGUMENT nci_fair_value.currency_code, else
//     fair_value_adjustments[0].amount.currency_code (NOT_FUNCTIONAL_CURRENCY):
//     held_amounts_currency is not the held entity's functional currency on the date;
//   then GroupStructure::Apply's (structure.h), and the log's.
// Checks and apply run inside `exclusive` when one is given.
absl::StatusOr<StructureRegistry::Applied> UpsertAcquisition(StructureRegistry& registry,
                                                             const ChartAccounts& chart,
                                                             const AcquisitionUpsert& upsert,
                                                             const RunExclusive& exclusive = {});

}  // namespace interco::group

#endif  // INTERCO_SERVICES_GROUP_ACQUISITION_UPSERT_H_
