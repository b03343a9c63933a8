// `interco acquisitions load FILE.csv` and `interco acquisitions list`: a controller's
// acquisition records (GroupStructureService.UpsertAcquisition, ListAcquisitions). Each
// returns the process exit code (call.h).
#ifndef INTERCO_SERVICES_CLI_ACQUISITION_COMMAND_H_
#define INTERCO_SERVICES_CLI_ACQUISITION_COMMAND_H_

#include <cstdint>
#include <memory>
#include <string>

#include "grpcpp/grpcpp.h"
#include "services/cli/call.h"
#include "services/cli/decimal_text.h"

namespace interco::cli {

// Upserts every acquisition of the CSV file at `path` (acquisitions_csv.h), each once:
// unreadable rows and the server's refusals go to err as FILE:LINE: HOLDER -> HELD: message
// (the line of the adjustment at fault, if one is), and a summary to out saying how many
// were new and how many the server held before (from this file or another). `mark` is the
// decimal mark of the file's amounts (decimal_text.h).
int LoadAcquisitions(const std::shared_ptr<grpc::Channel>& channel, const std::string& path,
                     DecimalMark mark, Console& console);

// Every acquisition at `structure_version` (0: the latest) as a table or CSV (`format`),
// one row per acquisition, its adjustments as ACCOUNT=AMOUNT separated by spaces.
int ShowAcquisitions(const std::shared_ptr<grpc::Channel>& channel, uint64_t structure_version,
                     const std::string& format, Console& console);

}  // namespace interco::cli

#endif  // INTERCO_SERVICES_CLI_ACQUISITION_COMMAND_H_
