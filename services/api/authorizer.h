// Authorizer: the caller's identity, taken from the call, checked against the access
// policy. Identity comes from the client certificate's one URI SAN when it is a SPIFFE ID
// (our own mTLS; a certificate with no URI SAN or several has none, whatever its DNS or
// email SANs spell), or, only when the server is configured to trust a mesh sidecar in
// front of it, from the sidecar's x-forwarded-client-cert header (Envoy's format, as Istio
// forwards it: the URI= of its last element). A header is never trusted otherwise, since
// any client could send one. Thread-safe; immutable.
#ifndef INTERCO_SERVICES_API_AUTHORIZER_H_
#define INTERCO_SERVICES_API_AUTHORIZER_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/support/server_interceptor.h"
#include "services/security/access_policy.h"
#include "services/security/entity_read_scope.h"

namespace interco::api {

using security::Permission;

// The SPIFFE ID in the URI= field of the last element of an x-forwarded-client-cert
// value; "" if there is none.
std::string SpiffeIdFromForwardedClientCert(absl::string_view header);

// The header in which a pod that forwards a call to a group's owner names the original
// caller's identity ("" when it had none); trusted only from a peer (access_policy.h).
inline constexpr char kForwardedForHeader[] = "x-interco-forwarded-for";

// UNAVAILABLE, reason SHUTTING_DOWN: what a draining server answers, `then` saying what the
// client does next ("retry the call ...").
absl::Status ShuttingDownError(absl::string_view then);

class Authorizer {
 public:
  // With `policy` null (no access policy configured) every caller is treated as admin: the
  // method table still decides, with one code path. `policy` must outlive the authorizer.
  Authorizer(const security::AccessPolicy* policy, bool trust_forwarded_client_cert)
      : policy_(policy), trust_forwarded_(trust_forwarded_client_cert) {}

  // The server installs this interceptor (first): it tells the authorizer which method each
  // call is for, for as long as the call lives. The authorizer must outlive the server.
  std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> NewCallTracker();

  // The caller's identity ("" without a policy, or for a public method) when it may make
  // this call, by its method's rule in the one table (security/method_permissions.h);
  // UNAUTHENTICATED or PERMISSION_DENIED otherwise, and INTERNAL for a method the table
  // does not know (fail closed). Every handler starts with this.
  absl::StatusOr<std::string> AuthorizeCall(const grpc::ServerContextBase& context) const;
  absl::Status CheckCall(const grpc::ServerContextBase& context) const {
    return AuthorizeCall(context).status();
  }

  // The full name of the call's method ("/interco.v1.LedgerService/PostTransaction"), as
  // NewCallTracker's interceptor recorded it; "" for a call it did not see.
  std::string MethodOf(const grpc::ServerContextBase& context) const;

  // The methods of the calls in flight now (for the drain's log line).
  std::vector<std::string> MethodsInFlight() const;

  // The server's drain (SIGTERM): from now on AuthorizeCall refuses every call UNAVAILABLE,
  // reason SHUTTING_DOWN, before it reads or writes anything. gRPC refuses new calls once
  // its shutdown has begun; this catches a call it admitted just before, which the drain
  // might otherwise not wait for (not yet tracked) and which would find its group closed.
  void BeginDrain();
  // Waits until no call the tracker has seen is in flight or `deadline` passes; true when
  // none is.
  bool AwaitNoCalls(absl::Time deadline) const;

  // Bookkeeping of NewCallTracker's interceptors.
  void TrackCall(const grpc::ServerContextBase* context, std::string method);
  void UntrackCall(const grpc::ServerContextBase* context);

  // The caller's SPIFFE ID, or "" if it presented none. For a call a peer pod forwarded
  // (the direct caller's role is "peer"), the caller it names in kForwardedForHeader.
  std::string Identity(const grpc::ServerContextBase& context) const;
  // The identity of whoever made this connection's call, forwarded or not.
  std::string DirectIdentity(const grpc::ServerContextBase& context) const;

  // The caller's identity ("" without a policy) when it may make a call needing
  // `permission`; UNAUTHENTICATED (no identity) or PERMISSION_DENIED otherwise.
  absl::StatusOr<std::string> Authorize(const grpc::ServerContextBase& context,
                                        Permission permission) const;
  // Authorize, when the identity itself is not needed.
  absl::Status Check(const grpc::ServerContextBase& context, Permission permission) const {
    return Authorize(context, permission).status();
  }
  // PERMISSION_DENIED unless `identity` may act in group `group` (always OK without a
  // policy).
  absl::Status CheckGroup(absl::string_view identity, absl::string_view group) const;
  // For a poster: the write must be to one of its entities (PERMISSION_DENIED, worded
  // for `write`: a posting, an import). For writes only; reads ask ReadScope, whose
  // refusals say they are reads.
  absl::Status CheckEntities(absl::string_view identity, absl::Span<const std::string> entities,
                             security::EntityWrite write) const;

  // The entities' data `identity` may read (security/entity_read_scope.h): its own entities
  // for a poster, every entity otherwise and without a policy.
  security::EntityReadScope ReadScope(absl::string_view identity) const;
  // AuthorizeCall, then the caller's ReadScope: every handler that reads entity data
  // (entries, trial balances, chart mappings, account maps, acquisitions) starts with this
  // and checks or filters what it reads by the scope before reading it.
  absl::StatusOr<security::EntityReadScope> AuthorizeEntityRead(
      const grpc::ServerContextBase& context) const;

 private:
  const security::AccessPolicy* const policy_;
  const bool trust_forwarded_;
  mutable absl::Mutex calls_mu_;
  bool draining_ ABSL_GUARDED_BY(calls_mu_) = false;
  absl::flat_hash_map<const grpc::ServerContextBase*, std::string> calls_
      ABSL_GUARDED_BY(calls_mu_);
};

// Finishes a unary call `authorizer` refuses (AuthorizeCall) and returns its reactor;
// nullptr when the call may proceed.
grpc::ServerUnaryReactor* RefuseUnary(const Authorizer* authorizer,
                                      grpc::CallbackServerContext* context);

}  // namespace interco::api

#endif  // INTERCO_SERVICES_API_AUTHORIZER_H_
