#include "services/common/tls_pem.h"

#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace interco {
namespace {

// A self-signed certificate (CN=interco-test-ca, valid until 2028-01-11 19:30:18 UTC) and
// its key, made with OpenSSL for this test.
constexpr char kCertificate[] = R"(-----BEGIN CERTIFICATE-----
MIIBiTCCAS+gAwIBAgIUFpe3woSg/Sh7AUKCp2KQwX5KADcwCgYIKoZIzj0EAwIw
GjEYMBYGA1UEAwwPaW50ZXJjby10ZXN0LWNhMB4XDTI2MTIwNzE5MzAxOFoXDTI4
MDExMTE5MzAxOFowGjEYMBYGA1UEAwwPaW50ZXJjby10ZXN0LWNhMFkwEwYHKoZI
zj0CAQYIKoZIzj0DAQcDQgAEceEMqYoRAieT0J/fAJYu9fy1HXiBwJ3n/idubPIi
YJ5xsJF/tu8LnA1FhWhGlH/qKt3Up4B+/AV5CJt5xZjQuaNTMFEwHQYDVR0OBBYE
FG40fasJwVnfC8KARMmuKSvs57/KMB8GA1UdIwQYMBaAFG40fasJwVnfC8KARMmu
KSvs57/KMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIhAIvsgepO
gKCrkefm7s5CoR8JMzgBirtEVh0j1a77gxoEAiBWhH/ZFyqWsh+MQQiGsCdJoWIv
SBe+YFLfr66zRvFHaA==
-----END CERTIFICATE-----
)";
constexpr char kKey[] = R"(-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgl/SYyN0CpM2XQjuK
9qu1t9rwJM7pIS8gh/q9Oeq5t/OhRANCAARx4QypihECJ5PQn98Ali71/LUdeIHA
nef+J25s8iJgnnGwkX+27wucDUWFaEaUf+oq3dSngH78BXkIm3nFmNC5
-----END PRIVATE KEY-----
)";

absl::Time NotAfter() {
  return absl::FromCivil(absl::CivilSecond(2028, 1, 11, 19, 30, 18), absl::UTCTimeZone());
}

TEST(CertificateExpiryTest, IsTheEarliestNotAfterInTheFile) {
  const absl::StatusOr<absl::Time> expiry =
      CertificateExpiry({"--tls-ca", "ca.pem", std::string(kCertificate)});
  ASSERT_TRUE(expiry.ok()) << expiry.status();
  EXPECT_EQ(*expiry, NotAfter());
  EXPECT_EQ(CertificateExpiry({"--tls-ca", "ca.key", std::string(kKey)}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(CheckNotExpiredTest, AnExpiredCertificateIsRefusedNamingFlagFileAndDate) {
  const PemFile cert{"--tls-cert", "c.pem", kCertificate};
  EXPECT_TRUE(CheckNotExpired(cert, NotAfter() - absl::Seconds(1)).ok());
  const absl::Status expired = CheckNotExpired(cert, NotAfter());
  EXPECT_EQ(expired.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(expired.message(),
            "--tls-cert: the certificate in c.pem expired on 2028-01-11 19:30:18 UTC; renew it");
}

TEST(CheckCertificatesTest, AKeyFileGivenForACertificateIsNamedAsAKey) {
  const absl::Status status = CheckCertificates({"--tls-ca", "ca.key", kKey});
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(),
            "--tls-ca: ca.key holds no PEM certificate but a private key; give --tls-ca a "
            "certificate file (BEGIN CERTIFICATE)");
  EXPECT_TRUE(CheckCertificates({"--tls-ca", "ca.pem", kCertificate}).ok());
}

TEST(CertificateIssuerTest, IsOneLineInRfc2253) {
  EXPECT_EQ(CertificateIssuer(kCertificate), "CN=interco-test-ca");
  EXPECT_EQ(CertificateIssuer(kKey), "");
}

TEST(CheckCertificateAndKeyTest, ACertificateAndItsKeyMatch) {
  EXPECT_TRUE(
      CheckCertificateAndKey({"--tls-cert", "c.pem", kCertificate}, {"--tls-key", "c.key", kKey})
          .ok());
}

}  // namespace
}  // namespace interco
