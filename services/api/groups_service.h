// The group methods of interco.v1.AdminService (CreateGroup, GetGroup, ListGroups,
// DeleteGroup): convert, authorize, call the one use case (tenancy::Groups), convert back.
// They act on the group the request names, not on the call's x-interco-group. The caller
// needs the admin role and, for a named group, to be allowed in it by the access policy;
// ListGroups lists only the groups the caller may act in. Thread-safe.
#ifndef INTERCO_SERVICES_API_GROUPS_SERVICE_H_
#define INTERCO_SERVICES_API_GROUPS_SERVICE_H_

#include <functional>
#include <string>

#include "grpcpp/grpcpp.h"
#include "interco/v1/admin.pb.h"
#include "services/api/authorizer.h"
#include "services/tenancy/groups.h"

namespace interco::api {

class GroupsService {
 public:
  // Told after a group is created or deleted (logs, metrics).
  using Observer = std::function<void(const std::string& id, bool created)>;
  // Everything must outlive the service.
  GroupsService(tenancy::Groups* groups, const Authorizer* authorizer, Observer observer)
      : groups_(groups), authorizer_(authorizer), observer_(std::move(observer)) {}

  grpc::ServerUnaryReactor* CreateGroup(grpc::CallbackServerContext* context,
                                        const v1::CreateGroupRequest* request, v1::Group* response);
  grpc::ServerUnaryReactor* GetGroup(grpc::CallbackServerContext* context,
                                     const v1::GetGroupRequest* request, v1::Group* response);
  grpc::ServerUnaryReactor* ListGroups(grpc::CallbackServerContext* context,
                                       const v1::ListGroupsRequest* request,
                                       v1::ListGroupsResponse* response);
  grpc::ServerUnaryReactor* DeleteGroup(grpc::CallbackServerContext* context,
                                        const v1::DeleteGroupRequest* request,
                                        v1::DeleteGroupResponse* response);

 private:
  // The caller's identity when it may act on group `id` (which must be well formed).
  absl::StatusOr<std::string> AuthorizeFor(const grpc::ServerContextBase& context,
                                           const std::string& id) const;

  tenancy::Groups* const groups_;
  const Authorizer* const authorizer_;
  const Observer observer_;
};

}  // namespace interco::api

#endif  // INTERCO_SERVICES_API_GROUPS_SERVICE_H_
