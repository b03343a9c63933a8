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
  std::string format;                  // table, csv or xlsx.
  // For csv: balances (when empty), eliminations, nci or scope (more on the trial-balance
  // basis); with any other format it is refused, as a table and a workbook show every one.
  std::string section;
  std::string out;           // For xlsx: the workbook to write.
  bool with_header = false;  // For csv: the header facts first (CsvHeaderLines).
  // "ledger" (the intercompany part, from postings) or "trial-balances" (capital
  // consolidation from whole trial balances: statements, goodwill, NCI, CTA).
  std::string basis = "ledger";
  // trial-balances, and mismatches' LEDGER_VS_GL: the import sequence to read as of (0:
  // every import so far) and the chart version (0: the current one).
  uint64_t as_of_import = 0;
  uint64_t chart_version = 0;
};

// RunConsolidation, printed as sections (table), one section (csv), or written as a
// workbook to options.out (xlsx: a header sheet and one sheet per section, report_xlsx.h).
// An unreadable --inventory, or xlsx without --out, is kExitBadInput before anything is
// sent.
int Consolidate(const std::shared_ptr<grpc::Channel>& channel, const ConsolidateOptions& options,
                Console& console);
// GetMismatches: intercompany differences above `tolerance`, by pair, family and type, and
// each entity's trial balance against the ledger on its intercompany accounts
// (LEDGER_VS_GL: a second table in text, rows of their own with the account, general
// ledger and ledger columns in CSV); options.format and options.out as for Consolidate
// (the workbook's sheets: mismatches and mismatch_heat_map).
int ShowMismatches(const std::shared_ptr<grpc::Channel>& channel, const ConsolidateOptions& options,
                   const std::string& tolerance, Console& console);

}  // namespace interco::cli

#endif  // INTERCO_SERVICES_CLI_CONSOLIDATE_H_
