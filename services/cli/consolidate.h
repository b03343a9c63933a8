// The consolidation commands of the `interco` tool: a consolidation for people or scripts,
// and the intercompany mismatches behind it. Each returns the process exit code (call.h).
#ifndef INTERCO_SERVICES_CLI_CONSOLIDATE_H_
#define INTERCO_SERVICES_CLI_CONSOLIDATE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "grpcpp/grpcpp.h"
#include "services/cli/call.h"

namespace interco::cli {

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

// RunConsolidation, printed as sections (table) or one section (csv). An unreadable
// --inventory is kExitBadInput before anything is sent.
int Consolidate(const std::shared_ptr<grpc::Channel>& channel, const ConsolidateOptions& options,
                Console& console);
// GetMismatches: intercompany differences above `tolerance`, by pair, family and type.
int ShowMismatches(const std::shared_ptr<grpc::Channel>& channel, const std::string& parent,
                   const std::string& period, const std::string& currency,
                   const std::string& tolerance, const std::string& format, Console& console);

}  // namespace interco::cli

#endif  // INTERCO_SERVICES_CLI_CONSOLIDATE_H_
