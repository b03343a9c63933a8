// interco.v1.PolicyService: policies, FX rates, account maps and period closes over
// pricing::PricingRegistry.
#ifndef INTERCO_SERVICES_API_POLICY_SERVICE_H_
#define INTERCO_SERVICES_API_POLICY_SERVICE_H_

#include "interco/v1/policy.grpc.pb.h"
#include "services/api/authorizer.h"
#include "services/group/registry.h"
#include "services/ledger/sequencer.h"
#include "services/pricing/pricing_book.h"

namespace interco::api {

class PolicyService final : public v1::PolicyService::CallbackService {
 public:
  // The registries, `sequencer` and `authorizer` must outlive the service; `authorizer`
  // may be null. Period closes and reopenings are applied under the sequencer's
  // RunExclusive (pricing/period_close.h).
  PolicyService(pricing::PricingRegistry* registry, group::StructureRegistry* structures,
                ledger::Sequencer* sequencer, const Authorizer* authorizer = nullptr)
      : registry_(registry),
        structures_(structures),
        sequencer_(sequencer),
        authorizer_(authorizer) {}

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

  // Read-backs (policy_reads.cc).
  grpc::ServerUnaryReactor* GetPolicy(grpc::CallbackServerContext* context,
                                      const v1::GetPolicyRequest* request,
                                      v1::VersionedPolicy* response) override;
  grpc::ServerUnaryReactor* ListPolicies(grpc::CallbackServerContext* context,
                                         const v1::ListPoliciesRequest* request,
                                         v1::ListPoliciesResponse* response) override;
  grpc::ServerUnaryReactor* GetFxRate(grpc::CallbackServerContext* context,
                                      const v1::GetFxRateRequest* request,
                                      v1::VersionedFxRate* response) override;
  grpc::ServerUnaryReactor* ListFxRates(grpc::CallbackServerContext* context,
                                        const v1::ListFxRatesRequest* request,
                                        v1::ListFxRatesResponse* response) override;
  grpc::ServerUnaryReactor* GetAccountMap(grpc::CallbackServerContext* context,
                                          const v1::GetAccountMapRequest* request,
                                          v1::VersionedAccountMap* response) override;
  grpc::ServerUnaryReactor* ListAccountMaps(grpc::CallbackServerContext* context,
                                            const v1::ListAccountMapsRequest* request,
                                            v1::ListAccountMapsResponse* response) override;
  grpc::ServerUnaryReactor* GetClosedPeriod(grpc::CallbackServerContext* context,
                                            const v1::GetClosedPeriodRequest* request,
                                            v1::ClosedPeriod* response) override;
  grpc::ServerUnaryReactor* ListClosedPeriods(grpc::CallbackServerContext* context,
                                              const v1::ListClosedPeriodsRequest* request,
                                              v1::ListClosedPeriodsResponse* response) override;

 private:
  absl::StatusOr<ledger::EntityAccountMap> AccountMapFromProto(
      const v1::UpsertAccountMapRequest& request) const;
  // Closes or reopens a period of a known entity.
  absl::StatusOr<pricing::PricingRegistry::Applied> SetPeriod(absl::string_view request_id,
                                                              absl::string_view entity_id,
                                                              absl::string_view period, bool closed,
                                                              bool roll_forward);

  pricing::PricingRegistry* const registry_;
  group::StructureRegistry* const structures_;
  ledger::Sequencer* const sequencer_;
  const Authorizer* const authorizer_;  // Null: every call is allowed.
};

}  // namespace interco::api

#endif  // INTERCO_SERVICES_API_POLICY_SERVICE_H_
