// Conversions between interco.v1 trial balance messages and trial_balance:: values. Each
// From-wire function validates what it reads and names the field in its errors.
#ifndef INTERCO_SERVICES_API_TRIAL_BALANCE_CONVERT_H_
#define INTERCO_SERVICES_API_TRIAL_BALANCE_CONVERT_H_

#include "absl/status/statusor.h"
#include "interco/v1/trial_balance.pb.h"
#include "services/trial_balance/chart.h"
#include "services/trial_balance/trial_balance.h"

namespace interco::api {

// INVALID_ARGUMENT naming account_class or elimination_family when unset or unknown.
absl::StatusOr<trial_balance::GroupAccount> GroupAccountFromProto(const v1::GroupAccount& account);
v1::GroupAccount GroupAccountToProto(const trial_balance::GroupAccount& account);

absl::StatusOr<trial_balance::ChartMapping> ChartMappingFromProto(const v1::ChartMapping& mapping);
v1::ChartMapping ChartMappingToProto(const trial_balance::ChartMapping& mapping);

// The header fields and lines of `request` added to `import`: for a unary call, the whole
// import; for a stream, one message of it (`first_line` numbers its lines in the errors).
// A header field that is set must equal the one `import` already holds, unless that one is
// empty (INVALID_ARGUMENT, reason STREAM_MIXES_TRIAL_BALANCES). Balances are parsed
// exactly (INVALID_ARGUMENT naming lines[i].balance).
absl::Status AddToImport(const v1::ImportTrialBalanceRequest& request, bool first_message,
                         size_t first_line, trial_balance::TrialBalanceImport* import);

// Amounts are written with the currency's decimal places ("1250.00").
v1::TrialBalanceVersion TrialBalanceHeaderToProto(const trial_balance::TrialBalanceHeader& header);
v1::TrialBalanceLine TrialBalanceLineToProto(const trial_balance::TrialBalanceLine& line,
                                             absl::string_view currency);

}  // namespace interco::api

#endif  // INTERCO_SERVICES_API_TRIAL_BALANCE_CONVERT_H_
