#include "services/server_security.h"

#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "grpcpp/security/server_credentials.h"
#include "openssl/bio.h"
#include "openssl/err.h"
#include "openssl/evp.h"
#include "openssl/pem.h"
#include "openssl/x509.h"

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

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct X509Free {
  void operator()(X509* cert) const { X509_free(cert); }
};
struct KeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};

std::unique_ptr<BIO, BioFree> MemoryBio(const std::string& pem) {
  return std::unique_ptr<BIO, BioFree>(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

// The first certificate of a PEM file; null if it holds none.
std::unique_ptr<X509, X509Free> FirstCertificate(const std::string& pem) {
  std::unique_ptr<X509, X509Free> cert(
      PEM_read_bio_X509(MemoryBio(pem).get(), nullptr, nullptr, nullptr));
  ERR_clear_error();
  return cert;
}

// Refuses a passphrase: a server that starts unattended cannot use an encrypted key, and
// OpenSSL's default would prompt on the terminal.
int NoPassphrase(char*, int, int, void*) { return 0; }

// gRPC refuses a certificate and key that do not belong together only by failing to
// listen, without saying why: the files are checked here, first, so that start-up names
// the file at fault (PEM_read_bio_X509 and X509_check_private_key, OpenSSL's libcrypto).
absl::Status CheckTlsFiles(const SecurityOptions& options, const std::string& cert_pem,
                           const std::string& key_pem, const std::string* ca_pem) {
  const std::unique_ptr<X509, X509Free> cert = FirstCertificate(cert_pem);
  if (cert == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--tls_cert_file: ", options.tls_cert_file, " holds no PEM certificate"));
  }
  const std::unique_ptr<EVP_PKEY, KeyFree> key(
      PEM_read_bio_PrivateKey(MemoryBio(key_pem).get(), nullptr, NoPassphrase, nullptr));
  ERR_clear_error();
  if (key == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("--tls_key_file: ", options.tls_key_file,
                     " holds no PEM private key (an encrypted key cannot be used)"));
  }
  const bool match = X509_check_private_key(cert.get(), key.get()) == 1;
  ERR_clear_error();
  if (!match) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--tls_cert_file and --tls_key_file do not match: the private key in ",
        options.tls_key_file, " is not the key of the certificate in ", options.tls_cert_file,
        "; give the key the certificate was issued for"));
  }
  if (ca_pem != nullptr && FirstCertificate(*ca_pem) == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--tls_client_ca_file: ", options.tls_client_ca_file, " holds no PEM certificate"));
  }
  return absl::OkStatus();
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
  const absl::Status usable = CheckTlsFiles(
      options, *cert, *key, options.tls_client_ca_file.empty() ? nullptr : &ca_pem);
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
