#include "services/cli/report_sources.h"

#include "interco/v1/consolidation.grpc.pb.h"
#include "interco/v1/trial_balance.grpc.pb.h"
#include "services/cli/call.h"
#include "services/cli/wire.h"

namespace interco::cli {

grpc::Status ReadConsolidation(const std::shared_ptr<grpc::Channel>& channel,
                               const v1::RunConsolidationRequest& request,
                               ConsolidationFacts* facts) {
  facts->parent = request.parent_id();
  facts->period = request.period();
  facts->currency = request.presentation_currency();
  auto context = CallContext();
  auto reader =
      v1::ConsolidationService::NewStub(channel)->RunConsolidation(context.get(), request);
  v1::ConsolidationChunk chunk;
  while (reader->Read(&chunk)) {
    if (facts->chunks.empty()) facts->head = chunk;
    facts->chunks.push_back(chunk);
  }
  return reader->Finish();
}

grpc::Status ReadMismatches(const std::shared_ptr<grpc::Channel>& channel,
                            const ConsolidationFacts& facts,
                            v1::GetMismatchesResponse* mismatches) {
  v1::GetMismatchesRequest request;
  request.set_parent_id(facts.parent);
  request.set_period(facts.period);
  request.set_presentation_currency(facts.currency);
  request.set_as_of_sequence(facts.head.as_of_sequence());
  return v1::ConsolidationService::NewStub(channel)->GetMismatches(CallContext().get(), request,
                                                                   mismatches);
}

namespace {

// The server's largest page (AIP-158, trial_balance.proto).
constexpr int kPageSize = 1000;

}  // namespace

grpc::Status ReadReportChart(const std::shared_ptr<grpc::Channel>& channel,
                             const ConsolidationFacts& facts, ReportChart* chart) {
  auto stub = v1::TrialBalanceService::NewStub(channel);
  v1::ListGroupAccountsRequest accounts;
  accounts.set_page_size(kPageSize);
  accounts.set_as_of_chart_version(facts.head.chart_version());
  do {
    v1::ListGroupAccountsResponse page;
    const grpc::Status status = stub->ListGroupAccounts(CallContext().get(), accounts, &page);
    if (!status.ok()) return status;
    for (const v1::VersionedGroupAccount& a : page.accounts()) chart->AddAccount(a.account());
    accounts.set_page_token(page.next_page_token());
  } while (!accounts.page_token().empty());
  v1::ListChartMappingsRequest mappings;
  mappings.set_page_size(kPageSize);
  mappings.set_as_of_chart_version(facts.head.chart_version());
  // "2024-06-31" bounds every day of June as text, whatever the month's length.
  const std::string period_end = facts.period + "-31";
  do {
    v1::ListChartMappingsResponse page;
    const grpc::Status status = stub->ListChartMappings(CallContext().get(), mappings, &page);
    if (!status.ok()) return status;
    for (const v1::VersionedChartMapping& m : page.mappings()) {
      const std::string valid_from = DateText(m.mapping().valid_from());
      if (valid_from > period_end) continue;
      for (const v1::LocalAccountMapping& local : m.mapping().mappings()) {
        chart->AddMapping(m.mapping().entity_id(), valid_from, local.local_account(),
                          local.group_account());
      }
    }
    mappings.set_page_token(page.next_page_token());
  } while (!mappings.page_token().empty());
  return grpc::Status::OK;
}

}  // namespace interco::cli
