// What a report is made of, read from the server: one consolidation run (every chunk of its
// stream) and the mismatches at the same ledger sequence, so that every figure of a report
// comes from one ledger head.
#ifndef INTERCO_SERVICES_CLI_REPORT_SOURCES_H_
#define INTERCO_SERVICES_CLI_REPORT_SOURCES_H_

#include <memory>

#include "grpcpp/grpcpp.h"
#include "interco/v1/consolidation.pb.h"
#include "services/cli/report_chart.h"
#include "services/cli/report_model.h"

namespace interco::cli {

// Runs `request` to the end of its stream. `facts` gets the request's parent, period and
// currency, the first chunk as `head`, and every chunk. The stream's status on failure.
grpc::Status ReadConsolidation(const std::shared_ptr<grpc::Channel>& channel,
                               const v1::RunConsolidationRequest& request,
                               ConsolidationFacts* facts);

// GetMismatches for the facts' parent, period and currency, as of the facts' ledger
// sequence (not the head now: a posting in between would make the two disagree).
grpc::Status ReadMismatches(const std::shared_ptr<grpc::Channel>& channel,
                            const ConsolidationFacts& facts, v1::GetMismatchesResponse* mismatches);

// The group chart at the facts' chart version (0, the current one, for a ledger-basis run)
// and every entity's mappings in effect by the facts' period's end. The first failed
// call's status.
grpc::Status ReadReportChart(const std::shared_ptr<grpc::Channel>& channel,
                             const ConsolidationFacts& facts, ReportChart* chart);

}  // namespace interco::cli

#endif  // INTERCO_SERVICES_CLI_REPORT_SOURCES_H_
