// Services of the API whose work has not landed yet. Each RPC answers UNIMPLEMENTED with a
// message naming the work area, never a fake OK. Replaced service by service as the
// consolidation work lands.
#ifndef INTERCO_SERVICES_API_UNBUILT_SERVICES_H_
#define INTERCO_SERVICES_API_UNBUILT_SERVICES_H_

#include "interco/v1/consolidation.grpc.pb.h"
#include "interco/v1/group_structure.grpc.pb.h"
#include "interco/v1/transfer_pricing.grpc.pb.h"

namespace interco::api {

class UnbuiltConsolidationService final : public v1::ConsolidationService::CallbackService {
 public:
  grpc::ServerWriteReactor<v1::ConsolidationChunk>* RunConsolidation(
      grpc::CallbackServerContext* context, const v1::RunConsolidationRequest* request) override;
  grpc::ServerUnaryReactor* GetMismatches(grpc::CallbackServerContext* context,
                                          const v1::GetMismatchesRequest* request,
                                          v1::GetMismatchesResponse* response) override;
};

}  // namespace interco::api

#endif  // INTERCO_SERVICES_API_UNBUILT_SERVICES_H_
