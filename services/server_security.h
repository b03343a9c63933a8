// The server's transport security and access policy, from its flags.
//   TLS:  --tls_cert_file and --tls_key_file (PEM); with --tls_client_ca_file, mutual TLS:
//         every client must present a certificate that CA issued.
//   Plaintext is allowed on loopback addresses only, unless allow_plaintext says otherwise
//   (behind a mesh sidecar that terminates mTLS for the pod).
//   Access: --access_policy_file (see services/security/access_policy.h); identities come
//   from client certificates, or from the sidecar's x-forwarded-client-cert header when
//   --trust_forwarded_client_cert is set, which mutual TLS excludes: the two are refused
//   together (see MakeServerTransport).
#ifndef INTERCO_SERVICES_SERVER_SECURITY_H_
#define INTERCO_SERVICES_SERVER_SECURITY_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/security/server_credentials.h"
#include "services/listen_address.h"
#include "services/security/access_policy.h"

namespace interco {

struct SecurityOptions {
  std::string tls_cert_file;
  std::string tls_key_file;
  std::string tls_client_ca_file;  // Set: mutual TLS.
  bool allow_plaintext = false;    // Plaintext on a non-loopback address.
  std::string access_policy_file;  // Empty: every caller may call everything.
  bool trust_forwarded_client_cert = false;
};

// True for 127.0.0.0/8, ::1 and "localhost".
bool IsLoopback(const std::string& host);

// A certificate file the server serves with (--tls_cert_file, --tls_client_ca_file), and
// when it expires: the earliest notAfter of the certificates in it.
struct CertificateLifetime {
  std::string flag;  // "--tls_cert_file"
  std::string path;
  absl::Time expiry;
};

// What the server listens with, and how it dials its peers (replicated mode forwards calls
// to other pods): with the same certificate and key as a client certificate and the client
// CA as the roots (the system's without one), or plaintext.
struct ServerTransport {
  std::shared_ptr<grpc::ServerCredentials> credentials;
  std::shared_ptr<grpc::ChannelCredentials> peer_credentials;
  std::vector<CertificateLifetime> certificates;  // Empty in plaintext.
};

// A certificate that expires within this long is logged as a warning at start-up.
inline constexpr absl::Duration kCertificateExpiryWarning = absl::Hours(30 * 24);

// INVALID_ARGUMENT naming the flag for an inconsistent combination (a key without a
// certificate, a client CA without TLS, plaintext on a non-loopback address without
// allow_plaintext, forwarded client certificates trusted with mutual TLS), and naming the
// files when they are not what their flags say (no PEM certificate, no unencrypted PEM
// private key, a certificate and key that do not belong together, a server certificate that
// has expired at `now`: "--tls_cert_file: the certificate in PATH expired on DATE; renew it");
// FAILED_PRECONDITION naming the file when one cannot be read. A server certificate or
// client CA that expires within kCertificateExpiryWarning of `now` is logged as a warning
// naming the file and the date.
absl::StatusOr<ServerTransport> MakeServerTransport(const SecurityOptions& options,
                                                    const ListenAddress& listen, absl::Time now);

// The parsed policy, or null when no file is configured. FAILED_PRECONDITION when the
// file cannot be read, INVALID_ARGUMENT when it is malformed.
absl::StatusOr<std::unique_ptr<security::AccessPolicy>> LoadAccessPolicy(const std::string& path);

}  // namespace interco

#endif  // INTERCO_SERVICES_SERVER_SECURITY_H_
