// interco.v1.ConsolidationService: RunConsolidation streams a consolidation read from one
// snapshot of the ledger; GetMismatches compares both sides of every intercompany pair, and
// each entity's trial balance with the ledger on its intercompany-flagged accounts.
#ifndef INTERCO_SERVICES_API_CONSOLIDATION_SERVICE_H_
#define INTERCO_SERVICES_API_CONSOLIDATION_SERVICE_H_

#include <vector>

#include "interco/v1/consolidation.grpc.pb.h"
#include "services/api/authorizer.h"
#include "services/api/consolidation_chunks.h"
#include "services/consolidation/run.h"
#include "services/group/registry.h"
#include "services/ledger/journal.h"
#include "services/api/bounded_call.h"
#include "services/common/bounded_runner.h"
#include "services/pricing/pricing_book.h"
#include "services/trial_balance/chart.h"
#include "services/trial_balance/store.h"

namespace interco::api {

class ConsolidationService final : public v1::ConsolidationService::CallbackService {
 public:
  // Everything must outlive the service. Handlers convert and call the runs (use case).
  // Consolidations and mismatches, which read whole ledgers, run on `reads` (the server's
  // readers, bounded_call.h: RESOURCE_EXHAUSTED when they and their queue are full), or
  // on the gRPC thread when it is null (unit tests).
  ConsolidationService(group::StructureRegistry* structures, pricing::PricingRegistry* pricing,
                       const ledger::Journal* journal,
                       const trial_balance::TrialBalanceStore* trial_balances,
                       const trial_balance::ChartRegistry* charts,
                       const Authorizer* authorizer = nullptr,
                       consolidation::InputHistories histories = {}, BoundedRunner* reads = nullptr)
      : runs_(structures, pricing, journal, trial_balances, charts, histories),
        authorizer_(authorizer),
        reads_(reads) {}

  grpc::ServerWriteReactor<v1::ConsolidationChunk>* RunConsolidation(
      grpc::CallbackServerContext* context, const v1::RunConsolidationRequest* request) override;
  grpc::ServerUnaryReactor* GetMismatches(grpc::CallbackServerContext* context,
                                          const v1::GetMismatchesRequest* request,
                                          v1::GetMismatchesResponse* response) override;

  // The whole answer, in the chunks it is streamed in. Deterministic for the same request
  // and the same ledger sequence and versions.
  absl::StatusOr<std::vector<v1::ConsolidationChunk>> Compute(
      const v1::RunConsolidationRequest& request) const;
  absl::StatusOr<v1::GetMismatchesResponse> Mismatches(
      const v1::GetMismatchesRequest& request) const;

 private:
  const consolidation::ConsolidationRuns runs_;
  const Authorizer* const authorizer_;
  BoundedRunner* const reads_;
};

}  // namespace interco::api

#endif  // INTERCO_SERVICES_API_CONSOLIDATION_SERVICE_H_
