#include "services/group_router.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/field_error.h"
#include "services/common/status_macros.h"
#include "services/tenancy/group_id.h"

namespace interco {

absl::StatusOr<std::string> GroupOfCall(const grpc::ServerContextBase& context) {
  const auto& metadata = context.client_metadata();
  const auto [first, last] = metadata.equal_range(tenancy::kGroupHeader);
  if (first == last) return std::string(tenancy::kDefaultGroupId);
  if (std::next(first) != last) {
    return InvalidField(tenancy::kGroupHeader, "", "GROUP_HEADER_REPEATED",
                        "a call names one group: the header was given more than once");
  }
  std::string id(first->second.data(), first->second.size());
  RETURN_IF_ERROR(tenancy::ValidateGroupId(id, tenancy::kGroupHeader));
  return id;
}

absl::StatusOr<GroupRuntime*> GroupRouter::Enter(const grpc::CallbackServerContext* context) {
  ASSIGN_OR_RETURN(std::string group, GroupOfCall(*context));
  ASSIGN_OR_RETURN(std::string identity, authorizer_->AuthorizeCall(*context));
  if (absl::Status allowed = authorizer_->CheckGroup(identity, group); !allowed.ok()) {
    return FieldError(absl::StatusCode::kPermissionDenied, tenancy::kGroupHeader, group,
                      "GROUP_NOT_ALLOWED", allowed.message());
  }
  RETURN_IF_ERROR(groups_->CheckCallable(group, tenancy::kGroupHeader));
  if (serves_) RETURN_IF_ERROR(serves_(group));
  ASSIGN_OR_RETURN(tenancy::OpenGroups::Lease lease, pool_->Acquire(group));
  GroupRuntime* runtime = static_cast<GroupRuntime*>(lease.get());
  absl::MutexLock lock(&mu_);
  leases_[context] = std::move(lease);
  return runtime;
}

std::optional<Forward> GroupRouter::ForwardingOf(const grpc::CallbackServerContext* context,
                                                 const absl::Status& refusal) const {
  if (forwarder_ == nullptr) return std::nullopt;
  absl::StatusOr<std::string> group = GroupOfCall(*context);
  if (!group.ok()) return std::nullopt;
  return forwarder_->ForwardingOf(*context, refusal, authorizer_->MethodOf(*context), *group,
                                  authorizer_->Identity(*context));
}

void GroupRouter::Release(const grpc::ServerContextBase* context) {
  tenancy::OpenGroups::Lease lease;  // Released outside the lock.
  absl::MutexLock lock(&mu_);
  const auto found = leases_.find(context);
  if (found == leases_.end()) return;
  lease = std::move(found->second);
  leases_.erase(found);
}

namespace {

// Gives the call's lease back when gRPC destroys the call, after its reactor's OnDone.
class CallReleaser final : public grpc::experimental::Interceptor {
 public:
  CallReleaser(GroupRouter* router, const grpc::ServerContextBase* context)
      : router_(router), context_(context) {}
  ~CallReleaser() override { router_->Release(context_); }
  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    methods->Proceed();
  }

 private:
  GroupRouter* const router_;
  const grpc::ServerContextBase* const context_;
};

class CallReleaserFactory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit CallReleaserFactory(GroupRouter* router) : router_(router) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new CallReleaser(router_, info->server_context());
  }

 private:
  GroupRouter* const router_;
};

}  // namespace

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
GroupRouter::NewCallReleaser() {
  return std::make_unique<CallReleaserFactory>(this);
}

}  // namespace interco
