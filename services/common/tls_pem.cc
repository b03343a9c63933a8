#include "services/common/tls_pem.h"

#include <algorithm>
#include <ctime>
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "openssl/bio.h"
#include "openssl/err.h"
#include "openssl/evp.h"
#include "openssl/pem.h"
#include "openssl/x509.h"
#include "services/common/flag_file.h"

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

// The label of the first PEM block ("CERTIFICATE", "PRIVATE KEY"); empty when there is none.
std::string FirstPemLabel(const std::string& pem) {
  constexpr char kBegin[] = "-----BEGIN ";
  const size_t begin = pem.find(kBegin);
  if (begin == std::string::npos) return "";
  const size_t label = begin + sizeof(kBegin) - 1;
  const size_t end = pem.find("-----", label);
  return end == std::string::npos ? "" : pem.substr(label, end - label);
}

absl::Status NoCertificate(const PemFile& file) {
  const std::string label = FirstPemLabel(file.pem);
  if (label.find("PRIVATE KEY") != std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat(
        file.flag, ": ", file.path, " holds no PEM certificate but a private key; give ", file.flag,
        " a certificate file (BEGIN CERTIFICATE)"));
  }
  return absl::InvalidArgumentError(
      absl::StrCat(file.flag, ": ", file.path, " holds no PEM certificate",
                   label.empty() ? "" : absl::StrCat(" (its first block is ", label, ")")));
}

// ASN.1 time to absl::Time; false if OpenSSL cannot read it.
bool ToTime(const ASN1_TIME* asn1, absl::Time* time) {
  struct tm parts = {};
  if (asn1 == nullptr || ASN1_TIME_to_tm(asn1, &parts) != 1) return false;
  *time = absl::FromTimeT(timegm(&parts));
  return true;
}

}  // namespace

absl::StatusOr<PemFile> ReadPemFile(const std::string& flag, const std::string& path) {
  absl::StatusOr<std::string> pem = ReadFlagFile(flag, path, kMaxPemBytes);
  if (!pem.ok()) return pem.status();
  return PemFile{flag, path, *std::move(pem)};
}

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

absl::StatusOr<absl::Time> CertificateExpiry(const PemFile& file) {
  const std::unique_ptr<BIO, BioFree> bio = MemoryBio(file.pem);
  absl::Time earliest = absl::InfiniteFuture();
  for (;;) {
    const std::unique_ptr<X509, X509Free> cert(
        PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (cert == nullptr) break;
    absl::Time not_after;
    if (!ToTime(X509_get0_notAfter(cert.get()), &not_after)) {
      ERR_clear_error();
      return absl::InvalidArgumentError(
          absl::StrCat(file.flag, ": ", file.path, " holds a certificate with an unreadable date"));
    }
    earliest = std::min(earliest, not_after);
  }
  ERR_clear_error();  // The end of the file reads as an error.
  if (earliest == absl::InfiniteFuture()) return NoCertificate(file);
  return earliest;
}

absl::Status CheckNotExpired(const PemFile& file, absl::Time now) {
  const absl::StatusOr<absl::Time> expiry = CertificateExpiry(file);
  if (!expiry.ok()) return expiry.status();
  if (*expiry > now) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(file.flag, ": the certificate in ", file.path,
                                                 " expired on ", CertificateDate(*expiry),
                                                 "; renew it"));
}

std::string CertificateIssuer(const std::string& pem) {
  const std::unique_ptr<X509, X509Free> cert = FirstCertificate(pem);
  if (cert == nullptr) return "";
  const std::unique_ptr<BIO, BioFree> out(BIO_new(BIO_s_mem()));
  X509_NAME_print_ex(out.get(), X509_get_issuer_name(cert.get()), 0, XN_FLAG_RFC2253);
  char* data = nullptr;
  const long size = BIO_get_mem_data(out.get(), &data);
  return size > 0 ? std::string(data, static_cast<size_t>(size)) : "";
}

std::string CertificateDate(absl::Time time) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%S UTC", time, absl::UTCTimeZone());
}

}  // namespace interco
