// interco.v1.GroupStructureService: thin handlers over group::StructureRegistry.
#ifndef INTERCO_SERVICES_API_GROUP_STRUCTURE_SERVICE_H_
#define INTERCO_SERVICES_API_GROUP_STRUCTURE_SERVICE_H_

#include <cstddef>

#include "interco/v1/group_structure.grpc.pb.h"
#include "services/api/authorizer.h"
#include "services/group/acquisition_upsert.h"
#include "services/group/registry.h"
#include "services/ledger/functional_currency.h"
#include "services/ledger/journal.h"
#include "services/ledger/sequencer.h"

namespace interco::api {

// GetStructure's bound: entities, departments, employees and the date's edges together.
// 10,000 small records stay well inside the default 4 MiB message; larger groups page
// through the List methods.
inline constexpr size_t kDefaultStructureRecordsMax = 10000;

class GroupStructureService final : public v1::GroupStructureService::CallbackService {
 public:
  // `registry`, `journal`, `sequencer`, `trial_balances`, `chart_accounts` and `authorizer`
  // must outlive the service. GetStructure answers at most `structure_records_max` records.
  // Entity upserts go through ledger::UpsertEntity: on the sequencer's writer, checked
  // against the journal and the imported trial balances, so that a functional currency
  // changes only for periods with neither. Acquisition upserts go through
  // group::UpsertAcquisition, checked against `chart_accounts` (the group chart), also on
  // the sequencer's writer, so that no entity upsert changes a currency they rely on
  // between their check and their write.
  GroupStructureService(group::StructureRegistry* registry, const ledger::Journal* journal,
                        ledger::Sequencer* sequencer, const ledger::CurrencyBooks* trial_balances,
                        const group::ChartAccounts* chart_accounts, const Authorizer* authorizer,
                        size_t structure_records_max = kDefaultStructureRecordsMax)
      : registry_(registry),
        journal_(journal),
        sequencer_(sequencer),
        trial_balances_(trial_balances),
        chart_accounts_(chart_accounts),
        authorizer_(authorizer),
        structure_records_max_(structure_records_max) {}

  grpc::ServerUnaryReactor* UpsertEntity(grpc::CallbackServerContext* context,
                                         const v1::UpsertEntityRequest* request,
                                         v1::UpsertEntityResponse* response) override;
  grpc::ServerUnaryReactor* UpsertDepartment(grpc::CallbackServerContext* context,
                                             const v1::UpsertDepartmentRequest* request,
                                             v1::UpsertDepartmentResponse* response) override;
  grpc::ServerUnaryReactor* UpsertEmployee(grpc::CallbackServerContext* context,
                                           const v1::UpsertEmployeeRequest* request,
                                           v1::UpsertEmployeeResponse* response) override;
  grpc::ServerUnaryReactor* AddOwnershipEdge(grpc::CallbackServerContext* context,
                                             const v1::AddOwnershipEdgeRequest* request,
                                             v1::AddOwnershipEdgeResponse* response) override;
  grpc::ServerUnaryReactor* EndOwnershipEdge(grpc::CallbackServerContext* context,
                                             const v1::EndOwnershipEdgeRequest* request,
                                             v1::EndOwnershipEdgeResponse* response) override;
  grpc::ServerUnaryReactor* GetStructure(grpc::CallbackServerContext* context,
                                         const v1::GetStructureRequest* request,
                                         v1::GetStructureResponse* response) override;
  grpc::ServerUnaryReactor* ListStructureVersions(
      grpc::CallbackServerContext* context, const v1::ListStructureVersionsRequest* request,
      v1::ListStructureVersionsResponse* response) override;

  // Read-backs (group_structure_reads.cc).
  grpc::ServerUnaryReactor* GetEntity(grpc::CallbackServerContext* context,
                                      const v1::GetEntityRequest* request,
                                      v1::VersionedEntity* response) override;
  grpc::ServerUnaryReactor* ListEntities(grpc::CallbackServerContext* context,
                                         const v1::ListEntitiesRequest* request,
                                         v1::ListEntitiesResponse* response) override;
  grpc::ServerUnaryReactor* GetDepartment(grpc::CallbackServerContext* context,
                                          const v1::GetDepartmentRequest* request,
                                          v1::VersionedDepartment* response) override;
  grpc::ServerUnaryReactor* ListDepartments(grpc::CallbackServerContext* context,
                                            const v1::ListDepartmentsRequest* request,
                                            v1::ListDepartmentsResponse* response) override;
  grpc::ServerUnaryReactor* GetEmployee(grpc::CallbackServerContext* context,
                                        const v1::GetEmployeeRequest* request,
                                        v1::VersionedEmployee* response) override;
  grpc::ServerUnaryReactor* ListEmployees(grpc::CallbackServerContext* context,
                                          const v1::ListEmployeesRequest* request,
                                          v1::ListEmployeesResponse* response) override;
  grpc::ServerUnaryReactor* GetOwnershipEdge(grpc::CallbackServerContext* context,
                                             const v1::GetOwnershipEdgeRequest* request,
                                             v1::VersionedOwnershipEdge* response) override;
  grpc::ServerUnaryReactor* ListOwnershipEdges(grpc::CallbackServerContext* context,
                                               const v1::ListOwnershipEdgesRequest* request,
                                               v1::ListOwnershipEdgesResponse* response) override;

  // Acquisitions (acquisition_handlers.cc).
  grpc::ServerUnaryReactor* UpsertAcquisition(grpc::CallbackServerContext* context,
                                              const v1::UpsertAcquisitionRequest* request,
                                              v1::UpsertAcquisitionResponse* response) override;
  grpc::ServerUnaryReactor* GetAcquisition(grpc::CallbackServerContext* context,
                                           const v1::GetAcquisitionRequest* request,
                                           v1::VersionedAcquisition* response) override;
  grpc::ServerUnaryReactor* ListAcquisitions(grpc::CallbackServerContext* context,
                                             const v1::ListAcquisitionsRequest* request,
                                             v1::ListAcquisitionsResponse* response) override;

 private:
  // Validates the request_id, applies the change and returns the registry's answer, with
  // field paths of record errors prefixed by `record_field` ("entity", "edge", ...).
  absl::StatusOr<group::StructureRegistry::Applied> Apply(absl::string_view request_id,
                                                          group::ChangeBody body,
                                                          absl::string_view record_field);

  group::StructureRegistry* const registry_;
  const ledger::Journal* const journal_;
  ledger::Sequencer* const sequencer_;
  const ledger::CurrencyBooks* const trial_balances_;
  const group::ChartAccounts* const chart_accounts_;
  const Authorizer* const authorizer_;  // Null: every call is allowed.
  const size_t structure_records_max_;
};

}  // namespace interco::api

#endif  // INTERCO_SERVICES_API_GROUP_STRUCTURE_SERVICE_H_
