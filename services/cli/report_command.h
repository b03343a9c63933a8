// `interco report`: a consolidation for people, as one self-contained HTML page or a
// workbook: the header facts, the group picture, the trial balance with totals, the
// elimination journal, the elimination matrix, the mismatch heat map, NCI and CTA, all
// from one ledger sequence; on the trial-balance basis also the statements, goodwill, the
// NCI and CTA roll-forwards and the proofs of the capital consolidation. Returns the
// process exit code (call.h).
#ifndef INTERCO_SERVICES_CLI_REPORT_COMMAND_H_
#define INTERCO_SERVICES_CLI_REPORT_COMMAND_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"
#include "services/cli/call.h"

namespace interco::cli {

struct ReportOptions {
  std::string parent;
  std::string period;  // YYYY-MM
  std::string currency;
  uint64_t as_of = 0;            // ledger sequence; 0: the head
  std::string format;            // html or xlsx; empty: ReportFormatFor() infers it from `out`
  std::string out;               // the file to write
  std::string basis = "ledger";  // or "trial-balances", as `interco consolidate --basis`
};

// The report's generation time, RFC 3339 ("2024-07-01T08:30:00Z"), in place of the clock:
// tests set it so that the header they compare is the same on every run. Unset: now.
inline constexpr char kGeneratedAtEnvironmentVariable[] = "INTERCO_GENERATED_AT";

// When a report was generated: `override_text` (kGeneratedAtEnvironmentVariable's value)
// when set and not empty, else `now`. INVALID_ARGUMENT naming the variable when it is not
// an RFC 3339 time.
absl::StatusOr<absl::Time> GenerationTime(const char* override_text, absl::Time now);

// The format a report is written in: `format` when given, else what `out`'s extension
// names (.html or .htm: html, .xlsx: xlsx), else html for a name without an extension.
// INVALID_ARGUMENT naming --out for an extension a report cannot be written as (.csv,
// .pdf) and naming --format for a format the extension contradicts (--format html with
// report.xlsx), so that a file's name never lies about its content.
absl::StatusOr<std::string> ReportFormatFor(const std::string& format, const std::string& out);

// Writes the report to `options.out` (replacing it) and says where on out. Its title names
// the parent by name and id; its header adds the parent's name and the generation time
// (GenerationTime, UTC). A bad INTERCO_GENERATED_AT is kExitBadInput. A refused
// request is the server's code (INVALID_ARGUMENT: kExitBadInput); a format
// ReportFormatFor() refuses or an output file that cannot be written is kExitBadInput; Graphviz
// missing (the picture) is kExitUnavailable.
int WriteReport(const std::shared_ptr<grpc::Channel>& channel, const ReportOptions& options,
                Console& console);

}  // namespace interco::cli

#endif  // INTERCO_SERVICES_CLI_REPORT_COMMAND_H_
