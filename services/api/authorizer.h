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

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "grpcpp/grpcpp.h"
#include "services/security/access_policy.h"

namespace interco::api {

using security::Permission;

// The SPIFFE ID in the URI= field of the last element of an x-forwarded-client-cert
// value; "" if there is none.
std::string SpiffeIdFromForwardedClientCert(absl::string_view header);

class Authorizer {
 public:
  // With `policy` null, every call is allowed (no access policy configured). `policy`
  // must outlive the authorizer.
  Authorizer(const security::AccessPolicy* policy, bool trust_forwarded_client_cert)
      : policy_(policy), trust_forwarded_(trust_forwarded_client_cert) {}

  // The caller's SPIFFE ID, or "" if it presented none.
  std::string Identity(const grpc::ServerContextBase& context) const;

  // The caller's identity ("" without a policy) when it may make a call needing
  // `permission`; UNAUTHENTICATED (no identity) or PERMISSION_DENIED otherwise.
  absl::StatusOr<std::string> Authorize(const grpc::ServerContextBase& context,
                                        Permission permission) const;
  // Authorize, when the identity itself is not needed.
  absl::Status Check(const grpc::ServerContextBase& context, Permission permission) const {
    return Authorize(context, permission).status();
  }
  // For a poster: the posting must book one of its entities (PERMISSION_DENIED).
  absl::Status CheckEntities(absl::string_view identity,
                             absl::Span<const std::string> entities) const;

 private:
  const security::AccessPolicy* const policy_;
  const bool trust_forwarded_;
};

// Finishes a unary call refused by `authorizer` and returns its reactor; nullptr when the
// call may proceed (or `authorizer` is null).
grpc::ServerUnaryReactor* RefuseUnary(const Authorizer* authorizer,
                                      grpc::CallbackServerContext* context, Permission permission);

}  // namespace interco::api

#endif  // INTERCO_SERVICES_API_AUTHORIZER_H_
