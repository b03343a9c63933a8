#include "services/common/client_tls.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "services/common/tls_pem.h"

namespace interco {

absl::StatusOr<std::optional<ClientTlsPem>> LoadClientTls(const ClientTlsFiles& files,
                                                          absl::Time now) {
  if (files.cert.path.empty() != files.key.path.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(files.cert.flag, " and ", files.key.flag, " go together"));
  }
  if (files.ca.path.empty()) {
    if (files.cert.path.empty()) return std::nullopt;
    // Without a CA the server would not be verified: a certificate presented to anyone.
    return absl::InvalidArgumentError(
        absl::StrCat(files.cert.flag, " needs ", files.ca.flag, " (mutual TLS is TLS)"));
  }
  ASSIGN_OR_RETURN(PemFile ca, ReadPemFile(files.ca.flag, files.ca.path));
  RETURN_IF_ERROR(CheckCertificates(ca));
  ClientTlsPem pem;
  pem.ca = std::move(ca.pem);
  if (files.cert.path.empty()) return pem;
  ASSIGN_OR_RETURN(PemFile cert, ReadPemFile(files.cert.flag, files.cert.path));
  ASSIGN_OR_RETURN(PemFile key, ReadPemFile(files.key.flag, files.key.path));
  RETURN_IF_ERROR(CheckCertificateAndKey(cert, key));
  // A TLS 1.3 server refuses an expired client certificate only by closing the connection.
  RETURN_IF_ERROR(CheckNotExpired(cert, now));
  pem.cert = std::move(cert.pem);
  pem.key = std::move(key.pem);
  return pem;
}

}  // namespace interco
