// interco.v1.PolicyService: policies and FX rates over pricing::PricingRegistry. Account
// maps and period closes belong to the ledger work and answer UNIMPLEMENTED.
#ifndef INTERCO_SERVICES_API_POLICY_SERVICE_H_
#define INTERCO_SERVICES_API_POLICY_SERVICE_H_

#include "interco/v1/policy.grpc.pb.h"
#include "services/pricing/pricing_book.h"

namespace interco::api {

class PolicyService final : public v1::PolicyService::CallbackService {
 public:
  // `registry` must outlive the service.
  explicit PolicyService(pricing::PricingRegistry* registry) : registry_(registry) {}

  grpc::ServerUnaryReactor* UpsertPolicy(grpc::CallbackServerContext* context,
                                         const v1::UpsertPolicyRequest* request,
                                         v1::UpsertPolicyResponse* response) override;
  grpc::ServerUnaryReactor* UpsertFxRate(grpc::CallbackServerContext* context,
                                         const v1::UpsertFxRateRequest* request,
                                         v1::UpsertFxRateResponse* response) override;
  grpc::ServerUnaryReactor* UpsertAccountMap(grpc::CallbackServerContext* context,
                                             const v1::UpsertAccountMapRequest* request,
                                             v1::UpsertAccountMapResponse* response) override;
  grpc::ServerUnaryReactor* ClosePeriod(grpc::CallbackServerContext* context,
                                        const v1::ClosePeriodRequest* request,
                                        v1::ClosePeriodResponse* response) override;
  grpc::ServerUnaryReactor* ReopenPeriod(grpc::CallbackServerContext* context,
                                         const v1::ReopenPeriodRequest* request,
                                         v1::ReopenPeriodResponse* response) override;

 private:
  pricing::PricingRegistry* const registry_;
};

}  // namespace interco::api

#endif  // INTERCO_SERVICES_API_POLICY_SERVICE_H_
