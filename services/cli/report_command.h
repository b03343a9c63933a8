// `interco report`: a consolidation for people, as one self-contained HTML page or a
// workbook: the header facts, the group picture, the trial balance with totals, the
// elimination journal, the elimination matrix, the mismatch heat map, NCI and CTA, all
// from one ledger sequence. Returns the process exit code (call.h).
#ifndef INTERCO_SERVICES_CLI_REPORT_COMMAND_H_
#define INTERCO_SERVICES_CLI_REPORT_COMMAND_H_

#include <cstdint>
#include <memory>
#include <string>

#include "grpcpp/grpcpp.h"
#include "services/cli/call.h"

namespace interco::cli {

struct ReportOptions {
  std::string parent;
  std::string period;  // YYYY-MM
  std::string currency;
  uint64_t as_of = 0;  // ledger sequence; 0: the head
  std::string format;  // html or xlsx
  std::string out;     // the file to write
};

// Writes the report to `options.out` (replacing it) and says where on out. A refused
// request is the server's code (INVALID_ARGUMENT: kExitBadInput); an output file that
// cannot be written is kExitBadInput; Graphviz missing (the picture) is kExitUnavailable.
int WriteReport(const std::shared_ptr<grpc::Channel>& channel, const ReportOptions& options,
                Console& console);

}  // namespace interco::cli

#endif  // INTERCO_SERVICES_CLI_REPORT_COMMAND_H_
