#include "services/server_security.h"

#include <optional>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "grpcpp/security/server_credentials.h"
#include "services/common/flag_file.h"
#include "services/common/status_macros.h"
#include "services/common/tls_pem.h"
#include "services/observability/json_log.h"

namespace interco {
namespace {

// gRPC refuses TLS files that do not fit only by failing to listen, without saying why,
// and serves an expired certificate that every client then refuses: they are checked here
// first, so that start-up names the file at fault.
absl::Status CheckTlsFiles(const PemFile& cert, const PemFile& key, const PemFile* ca,
                           absl::Time now) {
  RETURN_IF_ERROR(CheckCertificateAndKey(cert, key));
  RETURN_IF_ERROR(CheckNotExpired(cert, now));
  return ca == nullptr ? absl::OkStatus() : CheckCertificates(*ca);
}

// When `file` expires, with a warning when that is within kCertificateExpiryWarning.
absl::StatusOr<CertificateLifetime> Lifetime(const PemFile& file, absl::Time now) {
  ASSIGN_OR_RETURN(const absl::Time expiry, CertificateExpiry(file));
  if (expiry - now < kCertificateExpiryWarning) {
    observability::LogEvent(spdlog::level::warn, "tls_certificate_expires_soon",
                            {{"msg", absl::StrCat(file.flag, ": the certificate in ", file.path,
                                                  expiry <= now ? " expired on " : " expires on ",
                                                  CertificateDate(expiry), "; renew it")},
                             {"file", file.path},
                             {"expiry", CertificateDate(expiry)},
                             {"days_left", absl::ToInt64Hours(expiry - now) / 24}});
  }
  return CertificateLifetime{file.flag, file.path, expiry};
}

}  // namespace

bool IsLoopback(const std::string& host) {
  return host == "localhost" || host == "::1" || absl::StartsWith(host, "127.");
}

absl::StatusOr<ServerTransport> MakeServerTransport(const SecurityOptions& options,
                                                    const ListenAddress& listen, absl::Time now) {
  if (options.tls_cert_file.empty() != options.tls_key_file.empty()) {
    return absl::InvalidArgumentError("--tls_cert_file and --tls_key_file go together");
  }
  if (options.trust_forwarded_client_cert && !options.tls_client_ca_file.empty()) {
    // With mutual TLS the callers connect to the server itself, so the header would come
    // from the caller: any certificate of the CA plus a forged header would be anyone.
    return absl::InvalidArgumentError(
        "--trust_forwarded_client_cert with --tls_client_ca_file would let any client with "
        "a certificate of the CA claim any identity in a forged x-forwarded-client-cert: "
        "use mutual TLS alone, or a mesh sidecar with --trust_forwarded_client_cert");
  }
  if (options.tls_cert_file.empty()) {
    if (!options.tls_client_ca_file.empty()) {
      return absl::InvalidArgumentError("--tls_client_ca_file needs --tls_cert_file");
    }
    if (!IsLoopback(listen.host) && !options.allow_plaintext) {
      return absl::InvalidArgumentError(absl::StrCat(
          "plaintext on ", listen.host,
          " would expose the ledger unencrypted: give --tls_cert_file and --tls_key_file, or "
          "--allow_plaintext when a mesh sidecar encrypts the pod's traffic"));
    }
    return ServerTransport{grpc::InsecureServerCredentials(), grpc::InsecureChannelCredentials(),
                           {}};
  }
  ASSIGN_OR_RETURN(const PemFile cert, ReadPemFile("--tls_cert_file", options.tls_cert_file));
  ASSIGN_OR_RETURN(const PemFile key, ReadPemFile("--tls_key_file", options.tls_key_file));
  std::optional<PemFile> ca;
  if (!options.tls_client_ca_file.empty()) {
    ASSIGN_OR_RETURN(ca, ReadPemFile("--tls_client_ca_file", options.tls_client_ca_file));
  }
  RETURN_IF_ERROR(CheckTlsFiles(cert, key, ca ? &*ca : nullptr, now));
  ServerTransport transport;
  ASSIGN_OR_RETURN(CertificateLifetime served, Lifetime(cert, now));
  transport.certificates.push_back(std::move(served));
  grpc::SslServerCredentialsOptions ssl;
  ssl.pem_key_cert_pairs.push_back({key.pem, cert.pem});
  grpc::SslCredentialsOptions peer;
  peer.pem_cert_chain = cert.pem;
  peer.pem_private_key = key.pem;
  if (ca) {
    ASSIGN_OR_RETURN(CertificateLifetime trusted, Lifetime(*ca, now));
    transport.certificates.push_back(std::move(trusted));
    ssl.pem_root_certs = ca->pem;
    ssl.client_certificate_request = GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
    peer.pem_root_certs = ca->pem;
  }
  transport.credentials = grpc::SslServerCredentials(ssl);
  transport.peer_credentials = grpc::SslCredentials(peer);
  return transport;
}

absl::StatusOr<std::unique_ptr<security::AccessPolicy>> LoadAccessPolicy(const std::string& path) {
  if (path.empty()) return nullptr;
  absl::StatusOr<std::string> text =
      ReadFlagFile("--access_policy_file", path, security::kMaxPolicyFileBytes);
  if (!text.ok()) return text.status();
  absl::StatusOr<security::AccessPolicy> policy = security::AccessPolicy::Parse(*text);
  if (!policy.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--access_policy_file ", path, ": ", policy.status().message()));
  }
  return std::make_unique<security::AccessPolicy>(*std::move(policy));
}

}  // namespace interco
