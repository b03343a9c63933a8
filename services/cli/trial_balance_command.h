// `interco tb ...`: the group chart, mappings and trial balances from CSV files
// (trial_balance_csv.h). Each writes results to console.out, per-line problems to
// console.err as FILE:LINE: message, and returns the process exit code.
#ifndef INTERCO_SERVICES_CLI_TRIAL_BALANCE_COMMAND_H_
#define INTERCO_SERVICES_CLI_TRIAL_BALANCE_COMMAND_H_

#include <memory>
#include <string>

#include "grpcpp/grpcpp.h"
#include "services/cli/call.h"
#include "services/cli/decimal_text.h"

namespace interco::cli {

// A trial balance with more lines than this goes over the import stream in messages of
// this many lines; smaller ones in one call.
inline constexpr int kTrialBalanceLinesPerMessage = 5000;

// Imports every trial balance of the file; the summary says how many were new and how many
// the server held before (from this file or any other). `mark` is the decimal mark of the
// file's balances (decimal_text.h).
int ImportTrialBalances(const std::shared_ptr<grpc::Channel>& channel, const std::string& path,
                        DecimalMark mark, Console& console);
int LoadGroupAccounts(const std::shared_ptr<grpc::Channel>& channel, const std::string& path,
                      Console& console);
int LoadChartMappings(const std::shared_ptr<grpc::Channel>& channel, const std::string& path,
                      Console& console);

}  // namespace interco::cli

#endif  // INTERCO_SERVICES_CLI_TRIAL_BALANCE_COMMAND_H_
