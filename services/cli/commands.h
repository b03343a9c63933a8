// The commands of the `interco` tool. Each talks to the server over `channel`, writes
// results to `out` and problems to `err`, and returns the process exit code.
#ifndef INTERCO_SERVICES_CLI_COMMANDS_H_
#define INTERCO_SERVICES_CLI_COMMANDS_H_

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "grpcpp/grpcpp.h"
#include "services/cli/call.h"

namespace interco::cli {

int LoadGroup(const std::shared_ptr<grpc::Channel>& channel, const std::string& path,
              Console& console);
// Each row's request_id comes from its invoice (business_key.h); the summary says how many
// rows were new and how many were on the ledger before (sent earlier, by any file).
int PostTransactions(const std::shared_ptr<grpc::Channel>& channel, const std::string& path,
                     int batch_size, Console& console);
// One PostJournalEntry per entry of the CSV file (journal_csv.h); errors name the file line.
int PostJournal(const std::shared_ptr<grpc::Channel>& channel, const std::string& path,
                Console& console);
// The ledger head: sequence, chain hash, structure and pricing versions.
int ShowHead(const std::shared_ptr<grpc::Channel>& channel, Console& console);
struct ConsolidateOptions {
  std::string parent;
  std::string period;  // YYYY-MM.
  std::string currency;
  // 0 for the ledger head and the current versions; the three an answer states reproduce it.
  uint64_t as_of = 0;
  uint64_t structure_version = 0;
  uint64_t pricing_version = 0;
  std::vector<std::string> inventory;  // SELLER:BUYER:AMOUNT:CURRENCY each.
  std::string format;                  // table or csv.
  std::string section;                 // For csv: balances, eliminations, nci or scope.
};
int Consolidate(const std::shared_ptr<grpc::Channel>& channel, const ConsolidateOptions& options,
                Console& console);
int ShowMismatches(const std::shared_ptr<grpc::Channel>& channel, const std::string& parent,
                   const std::string& period, const std::string& currency,
                   const std::string& tolerance, const std::string& format, Console& console);
int VerifyLedger(const std::shared_ptr<grpc::Channel>& channel, Console& console);

}  // namespace interco::cli

#endif  // INTERCO_SERVICES_CLI_COMMANDS_H_
