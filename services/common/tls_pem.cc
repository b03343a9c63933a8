#include "services/common/tls_pem.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "openssl/bio.h"
#include "openssl/err.h"
#include "openssl/evp.h"
#include "openssl/pem.h"
#include "openssl/x509.h"

namespace interco {
namespace {

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

// The first certificate of a PEM text; null if it holds none. OpenSSL's error queue is
// left empty: a failure here is an answer, not an error for whoever reads the queue next.
std::unique_ptr<X509, X509Free> FirstCertificate(const std::string& pem) {
  std::unique_ptr<X509, X509Free> cert(
      PEM_read_bio_X509(MemoryBio(pem).get(), nullptr, nullptr, nullptr));
  ERR_clear_error();
  return cert;
}

// Refuses a passphrase: what starts unattended cannot use an encrypted key, and OpenSSL's
// default would prompt on the terminal.
int NoPassphrase(char*, int, int, void*) { return 0; }

absl::Status NoCertificate(const PemFile& file) {
  return absl::InvalidArgumentError(
      absl::StrCat(file.flag, ": ", file.path, " holds no PEM certificate"));
}

}  // namespace

absl::Status CheckCertificateAndKey(const PemFile& cert, const PemFile& key) {
  const std::unique_ptr<X509, X509Free> certificate = FirstCertificate(cert.pem);
  if (certificate == nullptr) return NoCertificate(cert);
  const std::unique_ptr<EVP_PKEY, KeyFree> private_key(
      PEM_read_bio_PrivateKey(MemoryBio(key.pem).get(), nullptr, NoPassphrase, nullptr));
  ERR_clear_error();
  if (private_key == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        key.flag, ": ", key.path, " holds no PEM private key (an encrypted key cannot be used)"));
  }
  const bool match = X509_check_private_key(certificate.get(), private_key.get()) == 1;
  ERR_clear_error();
  if (match) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat(cert.flag, " and ", key.flag, " do not match: the private key in ", key.path,
                   " is not the key of the certificate in ", cert.path,
                   "; give the key the certificate was issued for"));
}

absl::Status CheckCertificates(const PemFile& ca) {
  if (FirstCertificate(ca.pem) == nullptr) return NoCertificate(ca);
  return absl::OkStatus();
}

}  // namespace interco
