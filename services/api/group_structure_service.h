// interco.v1.GroupStructureService: thin handlers over group::StructureRegistry.
#ifndef INTERCO_SERVICES_API_GROUP_STRUCTURE_SERVICE_H_
#define INTERCO_SERVICES_API_GROUP_STRUCTURE_SERVICE_H_

#include "interco/v1/group_structure.grpc.pb.h"
#include "services/api/authorizer.h"
#include "services/group/registry.h"

namespace interco::api {

class GroupStructureService final : public v1::GroupStructureService::CallbackService {
 public:
  // `registry` and `authorizer` must outlive the service; `authorizer` may be null (no
  // access checks).
  explicit GroupStructureService(group::StructureRegistry* registry,
                                 const Authorizer* authorizer = nullptr)
      : registry_(registry), authorizer_(authorizer) {}

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

 private:
  // Validates the request_id, applies the change and returns the registry's answer, with
  // field paths of record errors prefixed by `record_field` ("entity", "edge", ...).
  absl::StatusOr<group::StructureRegistry::Applied> Apply(absl::string_view request_id,
                                                          group::ChangeBody body,
                                                          absl::string_view record_field);

  group::StructureRegistry* const registry_;
  const Authorizer* const authorizer_;  // Null: every call is allowed.
};

}  // namespace interco::api

#endif  // INTERCO_SERVICES_API_GROUP_STRUCTURE_SERVICE_H_
