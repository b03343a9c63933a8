#include "services/cli/report_sources.h"

#include "interco/v1/consolidation.grpc.pb.h"
#include "services/cli/call.h"

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

}  // namespace interco::cli
