// interco.v1.ConsolidationService: RunConsolidation streams a consolidation read from one
// snapshot of the ledger; GetMismatches compares both sides of every intercompany pair.
#ifndef INTERCO_SERVICES_API_CONSOLIDATION_SERVICE_H_
#define INTERCO_SERVICES_API_CONSOLIDATION_SERVICE_H_

#include <vector>

#include "interco/v1/consolidation.grpc.pb.h"
#include "services/api/authorizer.h"
#include "services/group/registry.h"
#include "services/ledger/journal.h"
#include "services/pricing/pricing_book.h"

namespace interco::api {

inline constexpr int kConsolidationChunkItems = 500;

class ConsolidationService final : public v1::ConsolidationService::CallbackService {
 public:
  // Everything must outlive the service; `authorizer` may be null (no access checks).
  ConsolidationService(group::StructureRegistry* structures, pricing::PricingRegistry* pricing,
                       const ledger::Journal* journal, const Authorizer* authorizer = nullptr)
      : structures_(structures), pricing_(pricing), journal_(journal), authorizer_(authorizer) {}

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
  group::StructureRegistry* const structures_;
  pricing::PricingRegistry* const pricing_;
  const ledger::Journal* const journal_;
  const Authorizer* const authorizer_;  // Null: every call is allowed.
};

}  // namespace interco::api

#endif  // INTERCO_SERVICES_API_CONSOLIDATION_SERVICE_H_
