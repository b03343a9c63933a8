#include "services/api/groups_service.h"

#include <vector>

#include "absl/time/time.h"
#include "services/api/paging.h"
#include "services/api/reactors.h"
#include "services/common/field_error.h"
#include "services/common/status_macros.h"
#include "services/tenancy/group_id.h"

namespace interco::api {
namespace {

constexpr char kList[] = "groups";

void ToProto(const tenancy::GroupRecord& record, v1::Group* group) {
  group->set_group_id(record.id);
  group->set_display_name(record.display_name);
  group->set_create_time(
      absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", record.create_time, absl::UTCTimeZone()));
  group->set_create_request_id(record.create_request_id);
}

}  // namespace

absl::StatusOr<std::string> GroupsService::AuthorizeFor(const grpc::ServerContextBase& context,
                                                        const std::string& id) const {
  ASSIGN_OR_RETURN(std::string identity, authorizer_->AuthorizeCall(context));
  RETURN_IF_ERROR(tenancy::ValidateGroupId(id, "group_id"));
  if (absl::Status allowed = authorizer_->CheckGroup(identity, id); !allowed.ok()) {
    return FieldError(absl::StatusCode::kPermissionDenied, "group_id", id, "GROUP_NOT_ALLOWED",
                      allowed.message());
  }
  return identity;
}

grpc::ServerUnaryReactor* GroupsService::CreateGroup(grpc::CallbackServerContext* context,
                                                     const v1::CreateGroupRequest* request,
                                                     v1::Group* response) {
  if (absl::Status allowed = AuthorizeFor(*context, request->group_id()).status(); !allowed.ok()) {
    return FinishUnary(context, allowed);
  }
  absl::StatusOr<tenancy::GroupRecord> created =
      groups_->Create(request->request_id(), request->group_id(), request->display_name());
  if (created.ok()) {
    ToProto(*created, response);
    if (observer_) observer_(created->id, true);
  }
  return FinishUnary(context, created.status());
}

grpc::ServerUnaryReactor* GroupsService::GetGroup(grpc::CallbackServerContext* context,
                                                  const v1::GetGroupRequest* request,
                                                  v1::Group* response) {
  if (absl::Status allowed = AuthorizeFor(*context, request->group_id()).status(); !allowed.ok()) {
    return FinishUnary(context, allowed);
  }
  absl::StatusOr<tenancy::GroupRecord> found = groups_->Get(request->group_id());
  if (found.ok()) ToProto(*found, response);
  return FinishUnary(context, found.status());
}

grpc::ServerUnaryReactor* GroupsService::ListGroups(grpc::CallbackServerContext* context,
                                                    const v1::ListGroupsRequest* request,
                                                    v1::ListGroupsResponse* response) {
  absl::StatusOr<std::string> identity = authorizer_->AuthorizeCall(*context);
  if (!identity.ok()) return FinishUnary(context, identity.status());
  absl::StatusOr<PageRequest> page =
      ParsePageRequest(kList, request->page_size(), request->page_token(), 1);
  if (!page.ok()) return FinishUnary(context, page.status());
  std::string after = page->after.empty() ? "" : page->after.front();
  // The groups this caller may not see are skipped, a chunk at a time.
  std::vector<tenancy::GroupRecord> visible;
  for (;;) {
    const std::vector<tenancy::GroupRecord> chunk = groups_->List(after, kMaxPageSize);
    for (const tenancy::GroupRecord& record : chunk) {
      if (authorizer_->CheckGroup(*identity, record.id).ok()) visible.push_back(record);
      after = record.id;
      if (visible.size() > static_cast<size_t>(page->size)) break;
    }
    if (chunk.size() < static_cast<size_t>(kMaxPageSize) ||
        visible.size() > static_cast<size_t>(page->size)) {
      break;
    }
  }
  std::string next_token;
  visible = TakePage(
      std::move(visible), *page, kList,
      [](const tenancy::GroupRecord& record) { return std::vector<std::string>{record.id}; },
      &next_token);
  for (const tenancy::GroupRecord& record : visible) ToProto(record, response->add_groups());
  response->set_next_page_token(next_token);
  return FinishUnary(context, absl::OkStatus());
}

grpc::ServerUnaryReactor* GroupsService::DeleteGroup(grpc::CallbackServerContext* context,
                                                     const v1::DeleteGroupRequest* request,
                                                     v1::DeleteGroupResponse* response) {
  if (absl::Status allowed = AuthorizeFor(*context, request->group_id()).status(); !allowed.ok()) {
    return FinishUnary(context, allowed);
  }
  absl::StatusOr<tenancy::DeletedGroup> deleted =
      groups_->Delete(request->request_id(), request->group_id(), request->force());
  if (deleted.ok()) {
    response->set_group_id(deleted->id);
    response->set_ledger_sequence(deleted->ledger_sequence);
    if (observer_) observer_(deleted->id, false);
  }
  return FinishUnary(context, deleted.status());
}

}  // namespace interco::api
