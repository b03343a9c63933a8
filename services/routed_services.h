// The services the gRPC server registers: each call goes to the service object of the group
// it names (GroupRouter), whose handlers are those of a single-group server. A call the
// router refuses (bad or unknown group, a caller not allowed in it) is answered here
// without touching any group. Streaming imports are served raw and parsed message by
// message (parsed_client_stream.h), as the group's own services would register them.
//
// Every method of every service is listed here: the generated base class would answer a
// missing one UNIMPLEMENTED, and services/method_table_test.cc checks the table.
#ifndef INTERCO_SERVICES_ROUTED_SERVICES_H_
#define INTERCO_SERVICES_ROUTED_SERVICES_H_

#include "absl/status/statusor.h"
#include "grpcpp/grpcpp.h"
#include "interco/v1/admin.grpc.pb.h"
#include "interco/v1/consolidation.grpc.pb.h"
#include "interco/v1/group_structure.grpc.pb.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "interco/v1/policy.grpc.pb.h"
#include "interco/v1/transfer_pricing.grpc.pb.h"
#include "interco/v1/trial_balance.grpc.pb.h"
#include "services/api/arena_messages.h"
#include "services/api/groups_service.h"
#include "services/api/reactors.h"
#include "services/call_forwarding.h"
#include "services/group_router.h"
#include "services/group_runtime.h"

namespace interco {

// A unary call, handed to `method` of the group's `service`, or to the group's owner.
template <typename Owner, typename Service, typename Request, typename Response>
grpc::ServerUnaryReactor* RouteUnary(GroupRouter* router, Owner& (GroupRuntime::*service)(),
                                     grpc::ServerUnaryReactor* (Service::*method)(
                                         grpc::CallbackServerContext*, const Request*, Response*),
                                     grpc::CallbackServerContext* context, const Request* request,
                                     Response* response) {
  absl::StatusOr<GroupRuntime*> runtime = router->Enter(context);
  if (!runtime.ok()) {
    if (std::optional<Forward> forward = router->ForwardingOf(context, runtime.status())) {
      return new ForwardedUnary<Request, Response>(*forward, context, request, response);
    }
    return api::FinishUnary(context, runtime.status());
  }
  return (((*runtime)->*service)().*method)(context, request, response);
}

// A server-streaming call, likewise.
template <typename Owner, typename Service, typename Request, typename Response>
grpc::ServerWriteReactor<Response>* RouteServerStream(
    GroupRouter* router, Owner& (GroupRuntime::*service)(),
    grpc::ServerWriteReactor<Response>* (Service::*method)(grpc::CallbackServerContext*,
                                                           const Request*),
    grpc::CallbackServerContext* context, const Request* request) {
  absl::StatusOr<GroupRuntime*> runtime = router->Enter(context);
  if (!runtime.ok()) {
    if (std::optional<Forward> forward = router->ForwardingOf(context, runtime.status())) {
      return new ForwardedServerStream<Request, Response>(*forward, context, request);
    }
    return new api::FinishedWriter<Response>(runtime.status());
  }
  return (((*runtime)->*service)().*method)(context, request);
}

// A client-streaming call (registered raw, parsed by the caller), likewise.
template <typename Owner, typename Service, typename Request, typename Response>
grpc::ServerReadReactor<Request>* RouteClientStream(
    GroupRouter* router, Owner& (GroupRuntime::*service)(),
    grpc::ServerReadReactor<Request>* (Service::*method)(grpc::CallbackServerContext*, Response*),
    grpc::CallbackServerContext* context, Response* response) {
  absl::StatusOr<GroupRuntime*> runtime = router->Enter(context);
  if (!runtime.ok()) {
    if (std::optional<Forward> forward = router->ForwardingOf(context, runtime.status())) {
      return new ForwardedClientStream<Request, Response>(*forward, context, response);
    }
    return new api::FinishedReader<Request>(runtime.status());
  }
  return (((*runtime)->*service)().*method)(context, response);
}

// interco.v1.AdminService, each call served by its group's api::AdminService.
class RoutedAdminService final : public v1::AdminService::CallbackService {
 public:
  RoutedAdminService(GroupRouter* router, api::GroupsService* groups);

  grpc::ServerUnaryReactor* CreateCheckpoint(grpc::CallbackServerContext* context,
                                             const v1::CreateCheckpointRequest* request,
                                             v1::CreateCheckpointResponse* response) override {
    return RouteUnary(router_, &GroupRuntime::admin, &api::AdminService::CreateCheckpoint, context,
                      request, response);
  }
  grpc::ServerUnaryReactor* CreateGroup(grpc::CallbackServerContext* context,
                                        const v1::CreateGroupRequest* request,
                                        v1::Group* response) override {
    return groups_->CreateGroup(context, request, response);
  }
  grpc::ServerUnaryReactor* GetGroup(grpc::CallbackServerContext* context,
                                     const v1::GetGroupRequest* request,
                                     v1::Group* response) override {
    return groups_->GetGroup(context, request, response);
  }
  grpc::ServerUnaryReactor* ListGroups(grpc::CallbackServerContext* context,
                                       const v1::ListGroupsRequest* request,
                                       v1::ListGroupsResponse* response) override {
    return groups_->ListGroups(context, request, response);
  }
  grpc::ServerUnaryReactor* DeleteGroup(grpc::CallbackServerContext* context,
                                        const v1::DeleteGroupRequest* request,
                                        v1::DeleteGroupResponse* response) override {
    return groups_->DeleteGroup(context, request, response);
  }

 private:
  GroupRouter* const router_;
  api::GroupsService* const groups_;
};

// interco.v1.ConsolidationService, each call served by its group's api::ConsolidationService.
class RoutedConsolidationService final : public v1::ConsolidationService::CallbackService {
 public:
  explicit RoutedConsolidationService(GroupRouter* router);

  grpc::ServerWriteReactor<v1::ConsolidationChunk>* RunConsolidation(
      grpc::CallbackServerContext* context, const v1::RunConsolidationRequest* request) override {
    return RouteServerStream(router_, &GroupRuntime::consolidation,
                             &api::ConsolidationService::RunConsolidation, context, request);
  }
  grpc::ServerUnaryReactor* GetMismatches(grpc::CallbackServerContext* context,
                                          const v1::GetMismatchesRequest* request,
                                          v1::GetMismatchesResponse* response) override {
    return RouteUnary(router_, &GroupRuntime::consolidation,
                      &api::ConsolidationService::GetMismatches, context, request, response);
  }

 private:
  GroupRouter* const router_;
};

// interco.v1.GroupStructureService, each call served by its group's api::GroupStructureService.
class RoutedGroupStructureService final : public v1::GroupStructureService::CallbackService {
 public:
  explicit RoutedGroupStructureService(GroupRouter* router);

  grpc::ServerUnaryReactor* UpsertEntity(grpc::CallbackServerContext* context,
                                         const v1::UpsertEntityRequest* request,
                                         v1::UpsertEntityResponse* response) override {
    return RouteUnary(router_, &GroupRuntime::group_structure,
                      &api::GroupStructureService::UpsertEntity, context, request, response);
  }
  grpc::ServerUnaryReactor* UpsertDepartment(grpc::CallbackServerContext* context,
                                             const v1::UpsertDepartmentRequest* request,
                                             v1::UpsertDepartmentResponse* response) override {
    return RouteUnary(router_, &GroupRuntime::group_structure,
                      &api::GroupStructureService::UpsertDepartment, context, request, response);
  }
  grpc::ServerUnaryReactor* UpsertEmployee(grpc::CallbackServerContext* context,
                                           const v1::UpsertEmployeeRequest* request,
                                           v1::UpsertEmployeeResponse* response) override {
    return RouteUnary(router_, &GroupRuntime::group_structure,
                      &api::GroupStructureService::UpsertEmployee, context, request, response);
  }
  grpc::ServerUnaryReactor* AddOwnershipEdge(grpc::CallbackServerContext* context,
                                             const v1::AddOwnershipEdgeRequest* request,
                                             v1::AddOwnershipEdgeResponse* response) override {
    return RouteUnary(router_, &GroupRuntime::group_structure,
                      &api::GroupStructureService::AddOwnershipEdge, context, request, response);
  }
  grpc::ServerUnaryReactor* EndOwnershipEdge(grpc::CallbackServerContext* context,
                                             const v1::EndOwnershipEdgeRequest* request,
                                             v1::EndOwnershipEdgeResponse* response) override {
    return RouteUnary(router_, &GroupRuntime::group_structure,
                      &api::GroupStructureService::EndOwnershipEdge, context, request, response);
  }
  grpc::ServerUnaryReactor* GetStructure(grpc::CallbackServerContext* context,
                                         const v1::GetStructureRequest* request,
                                         v1::GetStructureResponse* response) override {
    return RouteUnary(router_, &GroupRuntime::group_structure,
                      &api::GroupStructureService::GetStructure, context, request, response);
  }
  grpc::ServerUnaryReactor* ListStructureVersions(
      grpc::CallbackServerContext* context, const v1::ListStructureVersionsRequest* request,
      v1::ListStructureVersionsResponse* response) override {
    return RouteUnary(router_, &GroupRuntime::group_structure,
                      &api::GroupStructureService::ListStructureVersions, context, request,
                      response);
  }
  grpc::ServerUnaryReactor* GetEntity(grpc::CallbackServerContext* context,
                                      const v1::GetEntityRequest* request,
                                      v1::VersionedEntity* response) override {
    return RouteUnary(router_, &GroupRuntime::group_structure,
                      &api::GroupStructureService::GetEntity, context, request, response);
  }
  grpc::ServerUnaryReactor* ListEntities(grpc::CallbackServerContext* context,
                                         const v1::ListEntitiesRequest* request,
                                         v1::ListEntitiesResponse* response) override {
    return RouteUnary(router_, &GroupRuntime::group_structure,
                      &api::GroupStructureService::ListEntities, context, request, response);
  }
  grpc::ServerUnaryReactor* GetDepartment(grpc::CallbackServerContext* context,
                                          const v1::GetDepartmentRequest* request,
                                          v1::VersionedDepartment* response) override {
    return RouteUnary(router_, &GroupRuntime::group_structure,
                      &api::GroupStructureService::GetDepartment, context, request, response);
  }
  grpc::ServerUnaryReactor* ListDepartments(grpc::CallbackServerContext* context,
                                            const v1::ListDepartmentsRequest* request,
                                            v1::ListDepartmentsResponse* response) override {
    return RouteUnary(router_, &GroupRuntime::group_structure,
                      &api::GroupStructureService::ListDepartments, context, request, response);
  }
  grpc::ServerUnaryReactor* GetEmployee(grpc::CallbackServerContext* context,
                                        const v1::GetEmployeeRequest* request,
                                        v1::VersionedEmployee* response) override {
    return RouteUnary(router_, &GroupRuntime::group_structure,
                      &api::GroupStructureService::GetEmployee, context, request, response);
  }
  grpc::ServerUnaryReactor* ListEmployees(grpc::CallbackServerContext* context,
                                          const v1::ListEmployeesRequest* request,
                                          v1::ListEmployeesResponse* response) override {
    return RouteUnary(router_, &GroupRuntime::group_structure,
                      &api::GroupStructureService::ListEmployees, context, request, response);
  }
  grpc::ServerUnaryReactor* GetOwnershipEdge(grpc::CallbackServerContext* context,
                                             const v1::GetOwnershipEdgeRequest* request,
                                             v1::VersionedOwnershipEdge* response) override {
    return RouteUnary(router_, &GroupRuntime::group_structure,
                      &api::GroupStructureService::GetOwnershipEdge, context, request, response);
  }
  grpc::ServerUnaryReactor* ListOwnershipEdges(grpc::CallbackServerContext* context,
                                               const v1::ListOwnershipEdgesRequest* request,
                                               v1::ListOwnershipEdgesResponse* response) override {
    return RouteUnary(router_, &GroupRuntime::group_structure,
                      &api::GroupStructureService::ListOwnershipEdges, context, request, response);
  }
  grpc::ServerUnaryReactor* UpsertAcquisition(grpc::CallbackServerContext* context,
                                              const v1::UpsertAcquisitionRequest* request,
                                              v1::UpsertAcquisitionResponse* response) override {
    return RouteUnary(router_, &GroupRuntime::group_structure,
                      &api::GroupStructureService::UpsertAcquisition, context, request, response);
  }
  grpc::ServerUnaryReactor* GetAcquisition(grpc::CallbackServerContext* context,
                                           const v1::GetAcquisitionRequest* request,
                                           v1::VersionedAcquisition* response) override {
    return RouteUnary(router_, &GroupRuntime::group_structure,
                      &api::GroupStructureService::GetAcquisition, context, request, response);
  }
  grpc::ServerUnaryReactor* ListAcquisitions(grpc::CallbackServerContext* context,
                                             const v1::ListAcquisitionsRequest* request,
                                             v1::ListAcquisitionsResponse* response) override {
    return RouteUnary(router_, &GroupRuntime::group_structure,
                      &api::GroupStructureService::ListAcquisitions, context, request, response);
  }

 private:
  GroupRouter* const router_;
};

// interco.v1.LedgerService, each call served by its group's api::LedgerService.
class RoutedLedgerService final : public v1::LedgerService::CallbackService {
 public:
  explicit RoutedLedgerService(GroupRouter* router);

  grpc::ServerUnaryReactor* PostTransaction(grpc::CallbackServerContext* context,
                                            const v1::PostTransactionRequest* request,
                                            v1::PostTransactionResponse* response) override {
    return RouteUnary(router_, &GroupRuntime::ledger, &api::LedgerService::PostTransaction, context,
                      request, response);
  }
  grpc::ServerUnaryReactor* BatchPostTransactions(
      grpc::CallbackServerContext* context, const v1::BatchPostTransactionsRequest* request,
      v1::BatchPostTransactionsResponse* response) override {
    return RouteUnary(router_, &GroupRuntime::ledger, &api::LedgerService::BatchPostTransactions,
                      context, request, response);
  }
  grpc::ServerUnaryReactor* ReverseTransaction(grpc::CallbackServerContext* context,
                                               const v1::ReverseTransactionRequest* request,
                                               v1::PostTransactionResponse* response) override {
    return RouteUnary(router_, &GroupRuntime::ledger, &api::LedgerService::ReverseTransaction,
                      context, request, response);
  }
  grpc::ServerUnaryReactor* GetEntry(grpc::CallbackServerContext* context,
                                     const v1::GetEntryRequest* request,
                                     v1::LedgerEntry* response) override {
    return RouteUnary(router_, &GroupRuntime::ledger, &api::LedgerService::GetEntry, context,
                      request, response);
  }
  grpc::ServerUnaryReactor* ListEntries(grpc::CallbackServerContext* context,
                                        const v1::ListEntriesRequest* request,
                                        v1::ListEntriesResponse* response) override {
    return RouteUnary(router_, &GroupRuntime::ledger, &api::LedgerService::ListEntries, context,
                      request, response);
  }
  grpc::ServerUnaryReactor* VerifyLedger(grpc::CallbackServerContext* context,
                                         const v1::VerifyLedgerRequest* request,
                                         v1::VerifyLedgerResponse* response) override {
    return RouteUnary(router_, &GroupRuntime::ledger, &api::LedgerService::VerifyLedger, context,
                      request, response);
  }
  grpc::ServerUnaryReactor* GetLedgerHead(grpc::CallbackServerContext* context,
                                          const v1::GetLedgerHeadRequest* request,
                                          v1::LedgerHead* response) override {
    return RouteUnary(router_, &GroupRuntime::ledger, &api::LedgerService::GetLedgerHead, context,
                      request, response);
  }
  grpc::ServerUnaryReactor* PostJournalEntry(grpc::CallbackServerContext* context,
                                             const v1::PostJournalEntryRequest* request,
                                             v1::PostJournalEntryResponse* response) override {
    return RouteUnary(router_, &GroupRuntime::ledger, &api::LedgerService::PostJournalEntry,
                      context, request, response);
  }
  grpc::ServerWriteReactor<v1::WatchJournalResponse>* WatchJournal(
      grpc::CallbackServerContext* context, const v1::WatchJournalRequest* request) override {
    return RouteServerStream(router_, &GroupRuntime::ledger, &api::LedgerService::WatchJournal,
                             context, request);
  }

 private:
  GroupRouter* const router_;
  api::ArenaMessageAllocator<v1::PostTransactionRequest, v1::PostTransactionResponse>
      post_transaction_messages_;
  api::ArenaMessageAllocator<v1::BatchPostTransactionsRequest, v1::BatchPostTransactionsResponse>
      batch_post_transactions_messages_;
  api::ArenaMessageAllocator<v1::ReverseTransactionRequest, v1::PostTransactionResponse>
      reverse_transaction_messages_;
  api::ArenaMessageAllocator<v1::PostJournalEntryRequest, v1::PostJournalEntryResponse>
      post_journal_entry_messages_;
};

// interco.v1.PolicyService, each call served by its group's api::PolicyService.
class RoutedPolicyService final : public v1::PolicyService::CallbackService {
 public:
  explicit RoutedPolicyService(GroupRouter* router);

  grpc::ServerUnaryReactor* UpsertPolicy(grpc::CallbackServerContext* context,
                                         const v1::UpsertPolicyRequest* request,
                                         v1::UpsertPolicyResponse* response) override {
    return RouteUnary(router_, &GroupRuntime::policy, &api::PolicyService::UpsertPolicy, context,
                      request, response);
  }
  grpc::ServerUnaryReactor* UpsertAccountMap(grpc::CallbackServerContext* context,
                                             const v1::UpsertAccountMapRequest* request,
                                             v1::UpsertAccountMapResponse* response) override {
    return RouteUnary(router_, &GroupRuntime::policy, &api::PolicyService::UpsertAccountMap,
                      context, request, response);
  }
  grpc::ServerUnaryReactor* UpsertFxRate(grpc::CallbackServerContext* context,
                                         const v1::UpsertFxRateRequest* request,
                                         v1::UpsertFxRateResponse* response) override {
    return RouteUnary(router_, &GroupRuntime::policy, &api::PolicyService::UpsertFxRate, context,
                      request, response);
  }
  grpc::ServerUnaryReactor* ClosePeriod(grpc::CallbackServerContext* context,
                                        const v1::ClosePeriodRequest* request,
                                        v1::ClosePeriodResponse* response) override {
    return RouteUnary(router_, &GroupRuntime::policy, &api::PolicyService::ClosePeriod, context,
                      request, response);
  }
  grpc::ServerUnaryReactor* ReopenPeriod(grpc::CallbackServerContext* context,
                                         const v1::ReopenPeriodRequest* request,
                                         v1::ReopenPeriodResponse* response) override {
    return RouteUnary(router_, &GroupRuntime::policy, &api::PolicyService::ReopenPeriod, context,
                      request, response);
  }
  grpc::ServerUnaryReactor* GetPolicy(grpc::CallbackServerContext* context,
                                      const v1::GetPolicyRequest* request,
                                      v1::VersionedPolicy* response) override {
    return RouteUnary(router_, &GroupRuntime::policy, &api::PolicyService::GetPolicy, context,
                      request, response);
  }
  grpc::ServerUnaryReactor* ListPolicies(grpc::CallbackServerContext* context,
                                         const v1::ListPoliciesRequest* request,
                                         v1::ListPoliciesResponse* response) override {
    return RouteUnary(router_, &GroupRuntime::policy, &api::PolicyService::ListPolicies, context,
                      request, response);
  }
  grpc::ServerUnaryReactor* GetFxRate(grpc::CallbackServerContext* context,
                                      const v1::GetFxRateRequest* request,
                                      v1::VersionedFxRate* response) override {
    return RouteUnary(router_, &GroupRuntime::policy, &api::PolicyService::GetFxRate, context,
                      request, response);
  }
  grpc::ServerUnaryReactor* ListFxRates(grpc::CallbackServerContext* context,
                                        const v1::ListFxRatesRequest* request,
                                        v1::ListFxRatesResponse* response) override {
    return RouteUnary(router_, &GroupRuntime::policy, &api::PolicyService::ListFxRates, context,
                      request, response);
  }
  grpc::ServerUnaryReactor* GetAccountMap(grpc::CallbackServerContext* context,
                                          const v1::GetAccountMapRequest* request,
                                          v1::VersionedAccountMap* response) override {
    return RouteUnary(router_, &GroupRuntime::policy, &api::PolicyService::GetAccountMap, context,
                      request, response);
  }
  grpc::ServerUnaryReactor* ListAccountMaps(grpc::CallbackServerContext* context,
                                            const v1::ListAccountMapsRequest* request,
                                            v1::ListAccountMapsResponse* response) override {
    return RouteUnary(router_, &GroupRuntime::policy, &api::PolicyService::ListAccountMaps, context,
                      request, response);
  }
  grpc::ServerUnaryReactor* GetClosedPeriod(grpc::CallbackServerContext* context,
                                            const v1::GetClosedPeriodRequest* request,
                                            v1::ClosedPeriod* response) override {
    return RouteUnary(router_, &GroupRuntime::policy, &api::PolicyService::GetClosedPeriod, context,
                      request, response);
  }
  grpc::ServerUnaryReactor* ListClosedPeriods(grpc::CallbackServerContext* context,
                                              const v1::ListClosedPeriodsRequest* request,
                                              v1::ListClosedPeriodsResponse* response) override {
    return RouteUnary(router_, &GroupRuntime::policy, &api::PolicyService::ListClosedPeriods,
                      context, request, response);
  }

 private:
  GroupRouter* const router_;
};

// interco.v1.TransferPricingService, each call served by its group's api::TransferPricingService.
class RoutedTransferPricingService final : public v1::TransferPricingService::CallbackService {
 public:
  explicit RoutedTransferPricingService(GroupRouter* router);

  grpc::ServerUnaryReactor* Classify(grpc::CallbackServerContext* context,
                                     const v1::ClassifyRequest* request,
                                     v1::ClassifyResponse* response) override {
    return RouteUnary(router_, &GroupRuntime::transfer_pricing,
                      &api::TransferPricingService::Classify, context, request, response);
  }
  grpc::ServerUnaryReactor* Quote(grpc::CallbackServerContext* context,
                                  const v1::QuoteRequest* request,
                                  v1::QuoteResponse* response) override {
    return RouteUnary(router_, &GroupRuntime::transfer_pricing, &api::TransferPricingService::Quote,
                      context, request, response);
  }

 private:
  GroupRouter* const router_;
};

// interco.v1.TrialBalanceService, each call served by its group's api::TrialBalanceService.
class RoutedTrialBalanceService final : public v1::TrialBalanceService::CallbackService {
 public:
  explicit RoutedTrialBalanceService(GroupRouter* router);

  grpc::ServerUnaryReactor* UpsertGroupAccount(grpc::CallbackServerContext* context,
                                               const v1::UpsertGroupAccountRequest* request,
                                               v1::UpsertGroupAccountResponse* response) override {
    return RouteUnary(router_, &GroupRuntime::trial_balance,
                      &api::TrialBalanceService::UpsertGroupAccount, context, request, response);
  }
  grpc::ServerUnaryReactor* UpsertChartMapping(grpc::CallbackServerContext* context,
                                               const v1::UpsertChartMappingRequest* request,
                                               v1::UpsertChartMappingResponse* response) override {
    return RouteUnary(router_, &GroupRuntime::trial_balance,
                      &api::TrialBalanceService::UpsertChartMapping, context, request, response);
  }
  grpc::ServerUnaryReactor* GetGroupAccount(grpc::CallbackServerContext* context,
                                            const v1::GetGroupAccountRequest* request,
                                            v1::VersionedGroupAccount* response) override {
    return RouteUnary(router_, &GroupRuntime::trial_balance,
                      &api::TrialBalanceService::GetGroupAccount, context, request, response);
  }
  grpc::ServerUnaryReactor* ListGroupAccounts(grpc::CallbackServerContext* context,
                                              const v1::ListGroupAccountsRequest* request,
                                              v1::ListGroupAccountsResponse* response) override {
    return RouteUnary(router_, &GroupRuntime::trial_balance,
                      &api::TrialBalanceService::ListGroupAccounts, context, request, response);
  }
  grpc::ServerUnaryReactor* GetChartMapping(grpc::CallbackServerContext* context,
                                            const v1::GetChartMappingRequest* request,
                                            v1::VersionedChartMapping* response) override {
    return RouteUnary(router_, &GroupRuntime::trial_balance,
                      &api::TrialBalanceService::GetChartMapping, context, request, response);
  }
  grpc::ServerUnaryReactor* ListChartMappings(grpc::CallbackServerContext* context,
                                              const v1::ListChartMappingsRequest* request,
                                              v1::ListChartMappingsResponse* response) override {
    return RouteUnary(router_, &GroupRuntime::trial_balance,
                      &api::TrialBalanceService::ListChartMappings, context, request, response);
  }
  grpc::ServerUnaryReactor* ImportTrialBalance(grpc::CallbackServerContext* context,
                                               const v1::ImportTrialBalanceRequest* request,
                                               v1::ImportTrialBalanceResponse* response) override {
    return RouteUnary(router_, &GroupRuntime::trial_balance,
                      &api::TrialBalanceService::ImportTrialBalance, context, request, response);
  }
  grpc::ServerUnaryReactor* GetTrialBalance(grpc::CallbackServerContext* context,
                                            const v1::GetTrialBalanceRequest* request,
                                            v1::TrialBalanceVersion* response) override {
    return RouteUnary(router_, &GroupRuntime::trial_balance,
                      &api::TrialBalanceService::GetTrialBalance, context, request, response);
  }
  grpc::ServerUnaryReactor* ListTrialBalances(grpc::CallbackServerContext* context,
                                              const v1::ListTrialBalancesRequest* request,
                                              v1::ListTrialBalancesResponse* response) override {
    return RouteUnary(router_, &GroupRuntime::trial_balance,
                      &api::TrialBalanceService::ListTrialBalances, context, request, response);
  }
  grpc::ServerUnaryReactor* ListTrialBalanceLines(
      grpc::CallbackServerContext* context, const v1::ListTrialBalanceLinesRequest* request,
      v1::ListTrialBalanceLinesResponse* response) override {
    return RouteUnary(router_, &GroupRuntime::trial_balance,
                      &api::TrialBalanceService::ListTrialBalanceLines, context, request, response);
  }

 private:
  GroupRouter* const router_;
};
}  // namespace interco

#endif  // INTERCO_SERVICES_ROUTED_SERVICES_H_
