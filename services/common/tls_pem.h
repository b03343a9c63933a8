// Checks the PEM files of a TLS identity (a certificate and its private key, a CA) before
// gRPC sees them. gRPC refuses a certificate and key that do not belong together only by
// failing to listen or to connect, without saying why; these checks name the flag and the
// file at fault. For the server's flags and the command-line tool's alike. OpenSSL's
// libcrypto; thread-safe.
#ifndef INTERCO_SERVICES_COMMON_TLS_PEM_H_
#define INTERCO_SERVICES_COMMON_TLS_PEM_H_

#include <cstddef>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace interco {

// A PEM file as a flag named it: the flag ("--tls_cert_file"), its path and its content.
struct PemFile {
  std::string flag;
  std::string path;
  std::string pem;
};

// The most bytes a PEM file may hold (a chain of certificates is a few KiB).
inline constexpr size_t kMaxPemBytes = 1 << 20;

// The file `flag` names at `path`, read: ReadFlagFile's errors (services/common/flag_file.h).
absl::StatusOr<PemFile> ReadPemFile(const std::string& flag, const std::string& path);

// OK when `cert` holds a PEM certificate and `key` an unencrypted PEM private key that is
// the certificate's; INVALID_ARGUMENT naming the flag and file otherwise: "<flag>: <path>
// holds no PEM certificate", "... holds no PEM private key (an encrypted key cannot be
// used)", "<cert flag> and <key flag> do not match: the private key in <key path> is not the
// key of the certificate in <cert path>; ...". Only the first certificate (the leaf) counts.
absl::Status CheckCertificateAndKey(const PemFile& cert, const PemFile& key);

// OK when `ca` holds at least one PEM certificate; INVALID_ARGUMENT naming flag and file
// otherwise ("... holds no PEM certificate but a private key" when it is a key file).
absl::Status CheckCertificates(const PemFile& ca);

// When the certificates of `file` stop being valid: the earliest notAfter among them (a
// chain is only as good as its first link to expire). INVALID_ARGUMENT naming flag and file
// when it holds no certificate.
absl::StatusOr<absl::Time> CertificateExpiry(const PemFile& file);

// OK when no certificate of `file` has expired at `now`; INVALID_ARGUMENT otherwise:
// "<flag>: the certificate in <path> expired on 2026-12-06 19:07:29 UTC; renew it".
absl::Status CheckNotExpired(const PemFile& file, absl::Time now);

// The issuer of the first certificate of `pem`, one line as RFC 2253 writes it ("CN=ca");
// empty when `pem` holds no certificate.
std::string CertificateIssuer(const std::string& pem);

// "2026-12-06 19:07:29 UTC": how the checks above write a certificate's date.
std::string CertificateDate(absl::Time time);

}  // namespace interco

#endif  // INTERCO_SERVICES_COMMON_TLS_PEM_H_
