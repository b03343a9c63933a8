// interco.v1.TransferPricingService: Classify and Quote over the structure and pricing
// registries. Both are pure: nothing is written.
#ifndef INTERCO_SERVICES_API_TRANSFER_PRICING_SERVICE_H_
#define INTERCO_SERVICES_API_TRANSFER_PRICING_SERVICE_H_

#include "interco/v1/transfer_pricing.grpc.pb.h"
#include "services/api/authorizer.h"
#include "services/group/registry.h"
#include "services/pricing/pricing_book.h"

namespace interco::api {

class TransferPricingService final : public v1::TransferPricingService::CallbackService {
 public:
  // The registries and `authorizer` must outlive the service; `authorizer` may be null.
  TransferPricingService(group::StructureRegistry* structure, pricing::PricingRegistry* pricing,
                         const Authorizer* authorizer = nullptr)
      : registry_(structure), pricing_(pricing), authorizer_(authorizer) {}

  // Pure: nothing is written.
  grpc::ServerUnaryReactor* Classify(grpc::CallbackServerContext* context,
                                     const v1::ClassifyRequest* request,
                                     v1::ClassifyResponse* response) override;
  grpc::ServerUnaryReactor* Quote(grpc::CallbackServerContext* context,
                                  const v1::QuoteRequest* request,
                                  v1::QuoteResponse* response) override;

 private:
  group::StructureRegistry* const registry_;
  pricing::PricingRegistry* const pricing_;
  const Authorizer* const authorizer_;  // Null: every call is allowed.
};

}  // namespace interco::api

#endif  // INTERCO_SERVICES_API_TRANSFER_PRICING_SERVICE_H_
