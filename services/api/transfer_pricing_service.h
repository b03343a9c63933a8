// interco.v1.TransferPricingService: Classify over the structure registry. Quote waits for
// the pricing engine and answers UNIMPLEMENTED.
#ifndef INTERCO_SERVICES_API_TRANSFER_PRICING_SERVICE_H_
#define INTERCO_SERVICES_API_TRANSFER_PRICING_SERVICE_H_

#include "interco/v1/transfer_pricing.grpc.pb.h"
#include "services/group/registry.h"

namespace interco::api {

class TransferPricingService final : public v1::TransferPricingService::CallbackService {
 public:
  // `registry` must outlive the service.
  explicit TransferPricingService(group::StructureRegistry* registry) : registry_(registry) {}

  // Pure: nothing is written.
  grpc::ServerUnaryReactor* Classify(grpc::CallbackServerContext* context,
                                     const v1::ClassifyRequest* request,
                                     v1::ClassifyResponse* response) override;
  grpc::ServerUnaryReactor* Quote(grpc::CallbackServerContext* context,
                                  const v1::QuoteRequest* request,
                                  v1::QuoteResponse* response) override;

 private:
  group::StructureRegistry* const registry_;
};

}  // namespace interco::api

#endif  // INTERCO_SERVICES_API_TRANSFER_PRICING_SERVICE_H_
