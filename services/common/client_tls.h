// A TLS client's identity from the flags that name its PEM files: the CA the server's
// certificate must chain to and, for mutual TLS, the client's certificate and key. Read and
// checked before gRPC sees them: gRPC refuses a certificate and key that do not belong
// together only when it connects, saying nothing of the files. For the command-line tool's
// --tls-ca/--tls-cert/--tls-key and the server's --etcd_ca_file/--etcd_cert_file/
// --etcd_key_file alike. Thread-safe.
#ifndef INTERCO_SERVICES_COMMON_CLIENT_TLS_H_
#define INTERCO_SERVICES_COMMON_CLIENT_TLS_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace interco {

// A file as a flag names it: the flag ("--etcd_ca_file") and the path, empty when not given.
struct FlagPath {
  std::string flag;
  std::string path;
};

struct ClientTlsFiles {
  FlagPath ca;    // Verify the server with this CA. Not given: plaintext.
  FlagPath cert;  // Present this certificate (mutual TLS)...
  FlagPath key;   // ...with this key. Both or neither.
};

// The PEM texts of ClientTlsFiles; cert and key empty when no client certificate is given.
struct ClientTlsPem {
  std::string ca;
  std::string cert;
  std::string key;
};

// nullopt when no file is given (plaintext). INVALID_ARGUMENT naming the flags for a
// certificate without its key or a key without its certificate ("--etcd_cert_file and
// --etcd_key_file go together"), a client certificate without a CA ("--etcd_cert_file needs
// --etcd_ca_file (mutual TLS is TLS)"), and naming flag and file for what CheckCertificates,
// CheckCertificateAndKey and CheckNotExpired (tls_pem.h) refuse at `now`; FAILED_PRECONDITION
// "<flag>: cannot read <path>" for a file that cannot be read.
absl::StatusOr<std::optional<ClientTlsPem>> LoadClientTls(const ClientTlsFiles& files,
                                                          absl::Time now);

}  // namespace interco

#endif  // INTERCO_SERVICES_COMMON_CLIENT_TLS_H_
