#include "services/server_security.h"

#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "grpcpp/security/server_credentials.h"
#include "services/common/tls_pem.h"

namespace interco {
namespace {

constexpr size_t kMaxPemBytes = 1 << 20;

absl::StatusOr<std::string> ReadFile(const std::string& flag, const std::string& path,
                                     size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::FailedPreconditionError(absl::StrCat("--", flag, ": cannot read ", path));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (text.str().size() > max_bytes) {
    return absl::InvalidArgumentError(absl::StrCat("--", flag, ": ", path, " is too large"));
  }
  return text.str();
}

// gRPC refuses TLS files that do not fit only by failing to listen, without saying why:
// they are checked here first, so that start-up names the file at fault.
absl::Status CheckTlsFiles(const SecurityOptions& options, const std::string& cert_pem,
                           const std::string& key_pem, const std::string* ca_pem) {
  const absl::Status pair =
      CheckCertificateAndKey({"--tls_cert_file", options.tls_cert_file, cert_pem},
                             {"--tls_key_file", options.tls_key_file, key_pem});
  if (!pair.ok() || ca_pem == nullptr) return pair;
  return CheckCertificates({"--tls_client_ca_file", options.tls_client_ca_file, *ca_pem});
}

}  // namespace

bool IsLoopback(const std::string& host) {
  return host == "localhost" || host == "::1" || absl::StartsWith(host, "127.");
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const SecurityOptions& options, const ListenAddress& listen) {
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
    return grpc::InsecureServerCredentials();
  }
  grpc::SslServerCredentialsOptions ssl;
  absl::StatusOr<std::string> cert = ReadFile("tls_cert_file", options.tls_cert_file, kMaxPemBytes);
  if (!cert.ok()) return cert.status();
  absl::StatusOr<std::string> key = ReadFile("tls_key_file", options.tls_key_file, kMaxPemBytes);
  if (!key.ok()) return key.status();
  ssl.pem_key_cert_pairs.push_back({*key, *cert});
  std::string ca_pem;
  if (!options.tls_client_ca_file.empty()) {
    absl::StatusOr<std::string> ca =
        ReadFile("tls_client_ca_file", options.tls_client_ca_file, kMaxPemBytes);
    if (!ca.ok()) return ca.status();
    ca_pem = *std::move(ca);
  }
  const absl::Status usable =
      CheckTlsFiles(options, *cert, *key, options.tls_client_ca_file.empty() ? nullptr : &ca_pem);
  if (!usable.ok()) return usable;
  if (!options.tls_client_ca_file.empty()) {
    ssl.pem_root_certs = ca_pem;
    ssl.client_certificate_request = GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  return grpc::SslServerCredentials(ssl);
}

absl::StatusOr<std::unique_ptr<security::AccessPolicy>> LoadAccessPolicy(const std::string& path) {
  if (path.empty()) return nullptr;
  absl::StatusOr<std::string> text =
      ReadFile("access_policy_file", path, security::kMaxPolicyFileBytes);
  if (!text.ok()) return text.status();
  absl::StatusOr<security::AccessPolicy> policy = security::AccessPolicy::Parse(*text);
  if (!policy.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--access_policy_file ", path, ": ", policy.status().message()));
  }
  return std::make_unique<security::AccessPolicy>(*std::move(policy));
}

}  // namespace interco
