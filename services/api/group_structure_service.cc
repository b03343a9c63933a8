#include "services/api/group_structure_service.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/api/authorizer.h"
#include "services/api/convert.h"
#include "services/api/paging.h"
#include "services/api/reactors.h"
#include "services/common/field_error.h"
#include "services/common/request_id.h"
#include "services/common/status_macros.h"
#include "services/ledger/functional_currency.h"

namespace interco::api {
namespace {

// The values of an id-keyed map, sorted by id, so answers are reproducible.
template <typename Map>
std::vector<const typename Map::mapped_type*> SortedById(const Map& map) {
  std::vector<const typename Map::mapped_type*> values;
  values.reserve(map.size());
  for (const auto& [id, value] : map) values.push_back(&value);
  std::sort(values.begin(), values.end(),
            [](const auto* a, const auto* b) { return a->id < b->id; });
  return values;
}

}  // namespace

absl::StatusOr<group::StructureRegistry::Applied> GroupStructureService::Apply(
    absl::string_view request_id, group::ChangeBody body, absl::string_view record_field) {
  RETURN_IF_ERROR(ValidateRequestId(request_id));
  absl::StatusOr<group::StructureRegistry::Applied> applied =
      registry_->Apply({std::string(request_id), std::move(body)});
  if (!applied.ok()) return PrefixRecordError(record_field, applied.status());
  return applied;
}

grpc::ServerUnaryReactor* GroupStructureService::UpsertEntity(
    grpc::CallbackServerContext* context, const v1::UpsertEntityRequest* request,
    v1::UpsertEntityResponse* response) {
  if (auto* refused = RefuseUnary(authorizer_, context)) return refused;
  if (absl::Status valid = ValidateRequestId(request->request_id()); !valid.ok()) {
    return FinishUnary(context, valid);
  }
  absl::StatusOr<group::LegalEntity> entity = EntityFromProto(request->entity());
  if (!entity.ok()) return FinishUnary(context, PrefixField("entity", entity.status()));
  auto applied = ledger::UpsertEntity(*registry_, *journal_, *sequencer_,
                                      {request->request_id(), *std::move(entity)},
                                      trial_balances_);
  if (!applied.ok()) return FinishUnary(context, PrefixRecordError("entity", applied.status()));
  *response->mutable_entity() = EntityToProto(std::get<group::LegalEntity>(applied->record));
  response->set_structure_version(applied->version);
  return FinishUnary(context, absl::OkStatus());
}

grpc::ServerUnaryReactor* GroupStructureService::UpsertDepartment(
    grpc::CallbackServerContext* context, const v1::UpsertDepartmentRequest* request,
    v1::UpsertDepartmentResponse* response) {
  if (auto* refused = RefuseUnary(authorizer_, context)) return refused;
  auto applied =
      Apply(request->request_id(), DepartmentFromProto(request->department()), "department");
  if (applied.ok()) {
    *response->mutable_department() =
        DepartmentToProto(std::get<group::Department>(applied->record));
    response->set_structure_version(applied->version);
  }
  return FinishUnary(context, applied.status());
}

grpc::ServerUnaryReactor* GroupStructureService::UpsertEmployee(
    grpc::CallbackServerContext* context, const v1::UpsertEmployeeRequest* request,
    v1::UpsertEmployeeResponse* response) {
  if (auto* refused = RefuseUnary(authorizer_, context)) return refused;
  auto applied = Apply(request->request_id(), EmployeeFromProto(request->employee()), "employee");
  if (applied.ok()) {
    *response->mutable_employee() = EmployeeToProto(std::get<group::Employee>(applied->record));
    response->set_structure_version(applied->version);
  }
  return FinishUnary(context, applied.status());
}

grpc::ServerUnaryReactor* GroupStructureService::AddOwnershipEdge(
    grpc::CallbackServerContext* context, const v1::AddOwnershipEdgeRequest* request,
    v1::AddOwnershipEdgeResponse* response) {
  if (auto* refused = RefuseUnary(authorizer_, context)) return refused;
  absl::Status status = ValidateRequestId(request->request_id());
  if (status.ok()) {
    absl::StatusOr<group::OwnershipEdge> edge = EdgeFromProto(request->edge());
    if (!edge.ok()) {
      status = PrefixField("edge", edge.status());
    } else {
      auto applied = Apply(request->request_id(), *std::move(edge), "edge");
      status = applied.status();
      if (applied.ok()) {
        *response->mutable_edge() = EdgeToProto(std::get<group::OwnershipEdge>(applied->record));
        response->set_structure_version(applied->version);
      }
    }
  }
  return FinishUnary(context, status);
}

grpc::ServerUnaryReactor* GroupStructureService::EndOwnershipEdge(
    grpc::CallbackServerContext* context, const v1::EndOwnershipEdgeRequest* request,
    v1::EndOwnershipEdgeResponse* response) {
  if (auto* refused = RefuseUnary(authorizer_, context)) return refused;
  absl::Status status = ValidateRequestId(request->request_id());
  absl::StatusOr<absl::CivilDay> from = DayFromProto(request->valid_from(), "valid_from");
  absl::StatusOr<absl::CivilDay> to = DayFromProto(request->valid_to(), "valid_to");
  if (status.ok()) status = from.status();
  if (status.ok()) status = to.status();
  if (status.ok()) {
    auto applied = Apply(request->request_id(),
                         group::EndEdge{request->holder_id(), request->held_id(), *from, *to}, "");
    status = applied.status();
    if (applied.ok()) {
      *response->mutable_edge() = EdgeToProto(std::get<group::OwnershipEdge>(applied->record));
      response->set_structure_version(applied->version);
    }
  }
  return FinishUnary(context, status);
}

grpc::ServerUnaryReactor* GroupStructureService::GetStructure(
    grpc::CallbackServerContext* context, const v1::GetStructureRequest* request,
    v1::GetStructureResponse* response) {
  if (auto* refused = RefuseUnary(authorizer_, context)) return refused;
  absl::StatusOr<absl::CivilDay> day = DayFromProto(request->as_of_date(), "as_of_date");
  if (!day.ok()) return FinishUnary(context, day.status());
  auto structure = registry_->AtVersion(request->structure_version(), "structure_version");
  if (!structure.ok()) return FinishUnary(context, structure.status());
  const std::vector<const group::OwnershipEdge*> edges = (*structure)->EdgesOn(*day);
  const size_t records = (*structure)->entities().size() + (*structure)->departments().size() +
                         (*structure)->employees().size() + edges.size();
  if (records > structure_records_max_) {
    return FinishUnary(context,
                       WithReason(absl::FailedPreconditionError(absl::StrCat(
                                      "the structure has ", records, " records, more than the ",
                                      structure_records_max_,
                                      " GetStructure answers; read it with ListEntities, "
                                      "ListDepartments, ListEmployees and ListOwnershipEdges")),
                                  "STRUCTURE_TOO_LARGE"));
  }
  response->set_structure_version((*structure)->version());
  for (const auto* entity : SortedById((*structure)->entities())) {
    *response->add_entities() = EntityToProto(*entity);
  }
  for (const auto* department : SortedById((*structure)->departments())) {
    *response->add_departments() = DepartmentToProto(*department);
  }
  for (const auto* employee : SortedById((*structure)->employees())) {
    *response->add_employees() = EmployeeToProto(*employee);
  }
  for (const group::OwnershipEdge* edge : edges) {
    *response->add_edges() = EdgeToProto(*edge);
  }
  return FinishUnary(context, absl::OkStatus());
}

grpc::ServerUnaryReactor* GroupStructureService::ListStructureVersions(
    grpc::CallbackServerContext* context, const v1::ListStructureVersionsRequest* request,
    v1::ListStructureVersionsResponse* response) {
  if (auto* refused = RefuseUnary(authorizer_, context)) return refused;
  absl::StatusOr<int> page_size = PageSize(request->page_size());
  if (!page_size.ok()) return FinishUnary(context, page_size.status());
  uint64_t after = 0;
  if (!request->page_token().empty() && !absl::SimpleAtoi(request->page_token(), &after)) {
    return FinishUnary(context,
                       InvalidField("page_token", request->page_token(), "INVALID_PAGE_TOKEN",
                                    "not a token from a previous response"));
  }
  // One extra to learn whether another page exists.
  const size_t limit = static_cast<size_t>(*page_size);
  std::vector<VersionInfo> versions = registry_->Versions(after, limit + 1);
  const bool more = versions.size() > limit;
  if (more) versions.pop_back();
  for (const VersionInfo& info : versions) {
    v1::StructureVersion* version = response->add_versions();
    version->set_structure_version(info.version);
    version->set_change(info.description);
    version->set_request_id(info.request_id);
  }
  if (more) response->set_next_page_token(absl::StrCat(versions.back().version));
  return FinishUnary(context, absl::OkStatus());
}

}  // namespace interco::api
