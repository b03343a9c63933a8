// `interco drill`: from one balance of a consolidation to the ledger lines and the
// eliminations behind it. Returns the process exit code (call.h).
#ifndef INTERCO_SERVICES_CLI_DRILL_DOWN_H_
#define INTERCO_SERVICES_CLI_DRILL_DOWN_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/grpcpp.h"
#include "services/cli/call.h"
#include "services/cli/report_model.h"

namespace interco::cli {

struct DrillDownOptions {
  std::string parent;
  std::string period;  // YYYY-MM
  std::string currency;
  // As the trial balance names it, "1200 trade receivable", or its number alone, "1200".
  std::string account;
  uint64_t as_of = 0;  // ledger sequence; 0: the head
  std::string format;  // table or csv
};

// Runs the consolidation (as of options.as_of), then lists, for every fully consolidated
// entity of its scope, the period's ledger lines on the account up to the consolidation's
// ledger sequence (in the entity's books: transaction and functional currency), and the
// consolidation's eliminations on the account (AccountNamed: the number alone will do).
// The table names the balance and the sequence first. An account with no balance, no line
// and no elimination is a typo: kExitBadInput naming --account.
int DrillDown(const std::shared_ptr<grpc::Channel>& channel, const DrillDownOptions& options,
              Console& console);

// The account `typed` means in the consolidation's balances and eliminations: itself when
// an account is named so, else the one account whose name is `typed` and a description
// ("1200" for "1200 trade receivable"), else `typed` unchanged (DrillDown then finds
// nothing on it). INVALID_ARGUMENT naming --account when the number names several.
absl::StatusOr<std::string> AccountNamed(const ConsolidationFacts& facts, const std::string& typed);

}  // namespace interco::cli

#endif  // INTERCO_SERVICES_CLI_DRILL_DOWN_H_
