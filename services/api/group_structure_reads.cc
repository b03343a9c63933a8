// GroupStructureService's read-backs: Get and List of entities, departments, employees and
// ownership edges, each with the structure version that last wrote it.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/api/authorizer.h"
#include "services/api/convert.h"
#include "services/api/group_structure_service.h"
#include "services/api/paging.h"
#include "services/api/reactors.h"
#include "services/common/field_error.h"
#include "services/group/model.h"

namespace interco::api {
namespace {

absl::Status UnknownId(absl::string_view field, absl::string_view id, absl::string_view kind) {
  return FieldError(absl::StatusCode::kNotFound, field, id, "UNKNOWN_ID",
                    absl::StrCat("no ", kind, " with this id"));
}

// The records of an id-keyed map as candidates for a page.
template <typename Map>
std::vector<const typename Map::mapped_type*> Records(const Map& map) {
  std::vector<const typename Map::mapped_type*> records;
  records.reserve(map.size());
  for (const auto& [id, record] : map) records.push_back(&record);
  return records;
}

template <typename Record>
std::vector<std::string> IdKey(const Record* record) {
  return {record->id};
}

std::vector<std::string> EdgeKey(const group::OwnershipEdge* edge) {
  return {edge->holder_id, edge->held_id, group::DayText(edge->valid_from)};
}

// Fills a list response: one item per record of the page, with the version that wrote it.
template <typename Map, typename Response, typename AddItem>
absl::Status ListById(const group::GroupStructure& structure, const Map& map,
                      absl::string_view list, int32_t page_size, absl::string_view page_token,
                      Response* response, AddItem add_item) {
  absl::StatusOr<PageRequest> page = ParsePageRequest(list, page_size, page_token, 1);
  if (!page.ok()) return page.status();
  using Record = typename Map::mapped_type;
  for (const Record* record :
       TakePage(Records(map), *page, list, IdKey<Record>, response->mutable_next_page_token())) {
    add_item(response, *record, structure.WrittenAt(*record));
  }
  return absl::OkStatus();
}

}  // namespace

grpc::ServerUnaryReactor* GroupStructureService::GetEntity(grpc::CallbackServerContext* context,
                                                           const v1::GetEntityRequest* request,
                                                           v1::VersionedEntity* response) {
  if (auto* refused = RefuseUnary(authorizer_, context)) return refused;
  const auto structure = registry_->Current();
  const group::LegalEntity* entity = structure->FindEntity(request->entity_id());
  if (entity == nullptr) {
    return FinishUnary(context, UnknownId("entity_id", request->entity_id(), "legal entity"));
  }
  *response->mutable_entity() = EntityToProto(*entity);
  response->set_structure_version(structure->WrittenAt(*entity));
  return FinishUnary(context, absl::OkStatus());
}

grpc::ServerUnaryReactor* GroupStructureService::ListEntities(
    grpc::CallbackServerContext* context, const v1::ListEntitiesRequest* request,
    v1::ListEntitiesResponse* response) {
  if (auto* refused = RefuseUnary(authorizer_, context)) return refused;
  const auto structure = registry_->Current();
  return FinishUnary(context, ListById(*structure, structure->entities(), "entities",
                                       request->page_size(), request->page_token(), response,
                                       [](v1::ListEntitiesResponse* out,
                                          const group::LegalEntity& record, uint64_t version) {
                                         v1::VersionedEntity* item = out->add_entities();
                                         *item->mutable_entity() = EntityToProto(record);
                                         item->set_structure_version(version);
                                       }));
}

grpc::ServerUnaryReactor* GroupStructureService::GetDepartment(
    grpc::CallbackServerContext* context, const v1::GetDepartmentRequest* request,
    v1::VersionedDepartment* response) {
  if (auto* refused = RefuseUnary(authorizer_, context)) return refused;
  const auto structure = registry_->Current();
  const group::Department* department = structure->FindDepartment(request->department_id());
  if (department == nullptr) {
    return FinishUnary(context, UnknownId("department_id", request->department_id(), "department"));
  }
  *response->mutable_department() = DepartmentToProto(*department);
  response->set_structure_version(structure->WrittenAt(*department));
  return FinishUnary(context, absl::OkStatus());
}

grpc::ServerUnaryReactor* GroupStructureService::ListDepartments(
    grpc::CallbackServerContext* context, const v1::ListDepartmentsRequest* request,
    v1::ListDepartmentsResponse* response) {
  if (auto* refused = RefuseUnary(authorizer_, context)) return refused;
  const auto structure = registry_->Current();
  return FinishUnary(context, ListById(*structure, structure->departments(), "departments",
                                       request->page_size(), request->page_token(), response,
                                       [](v1::ListDepartmentsResponse* out,
                                          const group::Department& record, uint64_t version) {
                                         v1::VersionedDepartment* item = out->add_departments();
                                         *item->mutable_department() = DepartmentToProto(record);
                                         item->set_structure_version(version);
                                       }));
}

grpc::ServerUnaryReactor* GroupStructureService::GetEmployee(grpc::CallbackServerContext* context,
                                                             const v1::GetEmployeeRequest* request,
                                                             v1::VersionedEmployee* response) {
  if (auto* refused = RefuseUnary(authorizer_, context)) return refused;
  const auto structure = registry_->Current();
  const group::Employee* employee = structure->FindEmployee(request->employee_id());
  if (employee == nullptr) {
    return FinishUnary(context, UnknownId("employee_id", request->employee_id(), "employee"));
  }
  *response->mutable_employee() = EmployeeToProto(*employee);
  response->set_structure_version(structure->WrittenAt(*employee));
  return FinishUnary(context, absl::OkStatus());
}

grpc::ServerUnaryReactor* GroupStructureService::ListEmployees(
    grpc::CallbackServerContext* context, const v1::ListEmployeesRequest* request,
    v1::ListEmployeesResponse* response) {
  if (auto* refused = RefuseUnary(authorizer_, context)) return refused;
  const auto structure = registry_->Current();
  return FinishUnary(context, ListById(*structure, structure->employees(), "employees",
                                       request->page_size(), request->page_token(), response,
                                       [](v1::ListEmployeesResponse* out,
                                          const group::Employee& record, uint64_t version) {
                                         v1::VersionedEmployee* item = out->add_employees();
                                         *item->mutable_employee() = EmployeeToProto(record);
                                         item->set_structure_version(version);
                                       }));
}

grpc::ServerUnaryReactor* GroupStructureService::GetOwnershipEdge(
    grpc::CallbackServerContext* context, const v1::GetOwnershipEdgeRequest* request,
    v1::VersionedOwnershipEdge* response) {
  if (auto* refused = RefuseUnary(authorizer_, context)) return refused;
  absl::StatusOr<absl::CivilDay> from = DayFromProto(request->valid_from(), "valid_from");
  if (!from.ok()) return FinishUnary(context, from.status());
  const auto structure = registry_->Current();
  for (const group::OwnershipEdge& edge : structure->edges()) {
    if (edge.holder_id == request->holder_id() && edge.held_id == request->held_id() &&
        edge.valid_from == *from) {
      *response->mutable_edge() = EdgeToProto(edge);
      response->set_structure_version(structure->WrittenAt(edge));
      return FinishUnary(context, absl::OkStatus());
    }
  }
  absl::Status missing;
  if (structure->FindEntity(request->holder_id()) == nullptr) {
    missing = UnknownId("holder_id", request->holder_id(), "legal entity");
  } else if (structure->FindEntity(request->held_id()) == nullptr) {
    missing = UnknownId("held_id", request->held_id(), "legal entity");
  } else {
    missing =
        FieldError(absl::StatusCode::kNotFound, "valid_from", group::DayText(*from), "UNKNOWN_EDGE",
                   absl::StrCat("no edge ", request->holder_id(), " -> ", request->held_id(),
                                " starts on this day"));
  }
  return FinishUnary(context, missing);
}

grpc::ServerUnaryReactor* GroupStructureService::ListOwnershipEdges(
    grpc::CallbackServerContext* context, const v1::ListOwnershipEdgesRequest* request,
    v1::ListOwnershipEdgesResponse* response) {
  if (auto* refused = RefuseUnary(authorizer_, context)) return refused;
  absl::StatusOr<PageRequest> page =
      ParsePageRequest("edges", request->page_size(), request->page_token(), 3);
  if (!page.ok()) return FinishUnary(context, page.status());
  const auto structure = registry_->Current();
  std::vector<const group::OwnershipEdge*> edges;
  edges.reserve(structure->edges().size());
  for (const group::OwnershipEdge& edge : structure->edges()) edges.push_back(&edge);
  for (const group::OwnershipEdge* edge :
       TakePage(std::move(edges), *page, "edges", EdgeKey, response->mutable_next_page_token())) {
    v1::VersionedOwnershipEdge* item = response->add_edges();
    *item->mutable_edge() = EdgeToProto(*edge);
    item->set_structure_version(structure->WrittenAt(*edge));
  }
  return FinishUnary(context, absl::OkStatus());
}

}  // namespace interco::api
