// GroupRouter: finds the group each call names and holds it open until the call ends.
//
// A call names its group in the metadata `x-interco-group` (none: "default"). Before
// anything of the group is read, in this order: the header is checked (INVALID_ARGUMENT for
// a malformed id or a header given twice), the caller's role for the method and its groups
// in the access policy (UNAUTHENTICATED / PERMISSION_DENIED), then the group itself
// (NOT_FOUND, reason GROUP_NOT_FOUND; FAILED_PRECONDITION while it is being deleted). The
// group is leased from the pool of open groups for as long as the call lives: the
// interceptor from NewCallReleaser, which the server installs, gives the lease back when
// gRPC destroys the call. Thread-safe.
#ifndef INTERCO_SERVICES_GROUP_ROUTER_H_
#define INTERCO_SERVICES_GROUP_ROUTER_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/support/server_interceptor.h"
#include "services/api/authorizer.h"
#include "services/call_forwarding.h"
#include "services/group_runtime.h"
#include "services/tenancy/groups.h"
#include "services/tenancy/open_groups.h"

namespace interco {

// The group a call names: the header's value, "default" without one. INVALID_ARGUMENT
// naming the header for a malformed id or a repeated header.
absl::StatusOr<std::string> GroupOfCall(const grpc::ServerContextBase& context);

class GroupRouter {
 public:
  // Everything must outlive the router.
  // `serves` (may be null: every group is served here) is asked, after the group's checks
  // and before it is opened, whether this server serves the group now (replicated mode).
  // `forwarder` (may be null: nothing is forwarded) relays calls `serves` refuses because
  // another pod owns the group.
  GroupRouter(const tenancy::Groups* groups, tenancy::OpenGroups* pool,
              const api::Authorizer* authorizer,
              std::function<absl::Status(const std::string& group)> serves = nullptr,
              CallForwarder* forwarder = nullptr)
      : groups_(groups),
        pool_(pool),
        authorizer_(authorizer),
        serves_(std::move(serves)),
        forwarder_(forwarder) {}

  // The group of the call, open and leased until the call ends. The errors above, and the
  // pool's (RESOURCE_EXHAUSTED when every open group is in use; the group's open error).
  absl::StatusOr<GroupRuntime*> Enter(const grpc::CallbackServerContext* context);

  // Where to relay a call that Enter refused with `refusal`: to the group's owner, when
  // another pod owns it (call_forwarding.h); nullopt when the refusal is the answer.
  std::optional<Forward> ForwardingOf(const grpc::CallbackServerContext* context,
                                      const absl::Status& refusal) const;

  // The interceptor that ends each call's lease; the router must outlive the server.
  std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> NewCallReleaser();
  void Release(const grpc::ServerContextBase* context);

 private:
  const tenancy::Groups* const groups_;
  tenancy::OpenGroups* const pool_;
  const api::Authorizer* const authorizer_;
  const std::function<absl::Status(const std::string& group)> serves_;
  CallForwarder* const forwarder_;
  absl::Mutex mu_;
  absl::flat_hash_map<const grpc::ServerContextBase*, tenancy::OpenGroups::Lease> leases_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace interco

#endif  // INTERCO_SERVICES_GROUP_ROUTER_H_
