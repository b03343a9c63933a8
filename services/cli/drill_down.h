// `interco drill`: from one balance of a consolidation to the ledger lines and the
// eliminations behind it. Returns the process exit code (call.h).
#ifndef INTERCO_SERVICES_CLI_DRILL_DOWN_H_
#define INTERCO_SERVICES_CLI_DRILL_DOWN_H_

#include <cstdint>
#include <memory>
#include <string>

#include "grpcpp/grpcpp.h"
#include "services/cli/call.h"

namespace interco::cli {

struct DrillDownOptions {
  std::string parent;
  std::string period;  // YYYY-MM
  std::string currency;
  std::string account;  // as the trial balance names it, e.g. "1200 trade receivable"
  uint64_t as_of = 0;   // ledger sequence; 0: the head
  std::string format;   // table or csv
};

// Runs the consolidation (as of options.as_of), then lists, for every fully consolidated
// entity of its scope, the period's ledger lines on the account up to the consolidation's
// ledger sequence (in the entity's books: transaction and functional currency), and the
// consolidation's eliminations on the account. The table names the balance and the
// sequence first. An account with no balance, no line and no elimination is a typo:
// kExitBadInput naming --account.
int DrillDown(const std::shared_ptr<grpc::Channel>& channel, const DrillDownOptions& options,
              Console& console);

}  // namespace interco::cli

#endif  // INTERCO_SERVICES_CLI_DRILL_DOWN_H_
