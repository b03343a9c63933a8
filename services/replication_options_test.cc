// The etcd TLS flags of replicated mode: each bad combination or file is refused naming the
// flag (and the file), before the pod touches etcd.
#include <cstdlib>
#include <fstream>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "services/group_replicas.h"

namespace interco {
namespace {

// A self-signed certificate (CN=interco-client-tls-test, valid until 2046-12-03), its key,
// and another key, made with OpenSSL for this test.
constexpr char kCertificate[] = R"(-----BEGIN CERTIFICATE-----
MIIBmDCCAT+gAwIBAgIUNz85Gis/0FJdM77EOcprWdlE26IwCgYIKoZIzj0EAwIw
IjEgMB4GA1UEAwwXaW50ZXJjby1jbGllbnQtdGxzLXRlc3QwHhcNMjYxMjA4MDAy
NDU2WhcNNDYxMjAzMDAyNDU2WjAiMSAwHgYDVQQDDBdpbnRlcmNvLWNsaWVudC10
bHMtdGVzdDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABDQiPBZrck4cJFqYi5nh
T8doOZLcF7nLiy+o10Qrq0AufW0S89fc5EsmW3AJQFlC97J4ouVDK5Th6MFvUL5p
lSWjUzBRMB0GA1UdDgQWBBRFqJt9WlWoWYnoCSUshnn0Lmv5VDAfBgNVHSMEGDAW
gBRFqJt9WlWoWYnoCSUshnn0Lmv5VDAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49
BAMCA0cAMEQCIFKGGtiFv8Sdp8pK+VG7eTx4b7WDx/MebgF1VRMYg7qeAiAzPVdO
AkkX15570ONYPvCgfPvZs209uqBRkQOG5g8yIQ==
-----END CERTIFICATE-----
)";
constexpr char kKey[] = R"(-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgp5JzfSuLQ/op7Nif
rZfJy9PUOoHjvrWUqHxdcMHI1H2hRANCAAQ0IjwWa3JOHCRamIuZ4U/HaDmS3Be5
y4svqNdEK6tALn1tEvPX3ORLJltwCUBZQveyeKLlQyuU4ejBb1C+aZUl
-----END PRIVATE KEY-----
)";
constexpr char kOtherKey[] = R"(-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgBLQynp54XvWyhri4
NraNzwm/HduZj37YFE486vyV19uhRANCAARWDs5IC2h6KJrqt8wp1EApRTP2n2yw
056DAyB3quDv90NURInLhml+Y35CHLr+RNHcebHIQEijDPd1xhzv308j
-----END PRIVATE KEY-----
)";

const absl::Time kNow =
    absl::FromCivil(absl::CivilSecond(2027, 1, 1, 0, 0, 0), absl::UTCTimeZone());

std::string Write(const std::string& name, const char* text) {
  const std::string path = std::string(std::getenv("TEST_TMPDIR")) + "/" + name;
  std::ofstream(path) << text;
  return path;
}

ReplicationOptions Replicated(EtcdTlsFiles tls) {
  ReplicationOptions options;
  options.etcd_endpoints = {"127.0.0.1:2379"};
  options.pod = "pod-0";
  options.etcd_tls = std::move(tls);
  return options;
}

// The message of EtcdOptionsFor's error for `tls`, which must be INVALID_ARGUMENT.
std::string Refusal(EtcdTlsFiles tls) {
  const absl::StatusOr<storage::EtcdOptions> etcd = EtcdOptionsFor(Replicated(tls), kNow);
  EXPECT_EQ(etcd.status().code(), absl::StatusCode::kInvalidArgument) << etcd.status();
  return std::string(etcd.status().message());
}

TEST(EtcdTlsFlagsTest, EachFlagWithoutEtcdEndpointsIsRefusedNamingIt) {
  for (const auto& [tls, flag] : {std::pair{EtcdTlsFiles{"ca.pem", "", ""}, "--etcd_ca_file"},
                                  std::pair{EtcdTlsFiles{"", "c.pem", ""}, "--etcd_cert_file"},
                                  std::pair{EtcdTlsFiles{"", "", "c.key"}, "--etcd_key_file"}}) {
    ReplicationOptions embedded;
    embedded.etcd_tls = tls;
    const absl::Status status = ValidateReplicationOptions(embedded);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(status.message(),
              std::string(flag) + " needs --etcd_endpoints: TLS to etcd is for replicated mode");
  }
  EXPECT_TRUE(ValidateReplicationOptions(ReplicationOptions()).ok());
}

TEST(EtcdTlsFlagsTest, ACertificateWithoutItsKeyOrAKeyWithoutItsCertificateIsRefused) {
  const std::string ca = Write("ca.pem", kCertificate);
  EXPECT_EQ(Refusal({ca, "c.pem", ""}), "--etcd_cert_file and --etcd_key_file go together");
  EXPECT_EQ(Refusal({ca, "", "c.key"}), "--etcd_cert_file and --etcd_key_file go together");
}

TEST(EtcdTlsFlagsTest, AClientCertificateWithoutACaIsRefused) {
  EXPECT_EQ(Refusal({"", "c.pem", "c.key"}),
            "--etcd_cert_file needs --etcd_ca_file (mutual TLS is TLS)");
}

TEST(EtcdTlsFlagsTest, AFileThatCannotBeReadIsNamedWithItsFlag) {
  const std::string ca = Write("ca.pem", kCertificate);
  const std::string key = Write("client.key", kKey);
  for (const auto& [tls, message] :
       {std::pair{EtcdTlsFiles{"/nonexistent/ca.pem", "", ""},
                  "--etcd_ca_file: cannot read /nonexistent/ca.pem"},
        std::pair{EtcdTlsFiles{ca, "/nonexistent/c.pem", key},
                  "--etcd_cert_file: cannot read /nonexistent/c.pem"},
        std::pair{EtcdTlsFiles{ca, ca, "/nonexistent/c.key"},
                  "--etcd_key_file: cannot read /nonexistent/c.key"}}) {
    const absl::Status status = EtcdOptionsFor(Replicated(tls), kNow).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_EQ(status.message(), message);
  }
}

TEST(EtcdTlsFlagsTest, FilesThatAreNotWhatTheirFlagsSayAreRefusedNamingThem) {
  const std::string cert = Write("client.pem", kCertificate);
  const std::string key = Write("client.key", kKey);
  const std::string other_key = Write("other.key", kOtherKey);
  EXPECT_EQ(Refusal({key, "", ""}),
            "--etcd_ca_file: " + key +
                " holds no PEM certificate but a private key; give --etcd_ca_file a "
                "certificate file (BEGIN CERTIFICATE)");
  EXPECT_EQ(Refusal({cert, cert, other_key}),
            "--etcd_cert_file and --etcd_key_file do not match: the private key in " + other_key +
                " is not the key of the certificate in " + cert +
                "; give the key the certificate was issued for");
  EXPECT_EQ(
      Refusal({cert, cert, cert}),
      "--etcd_key_file: " + cert + " holds no PEM private key (an encrypted key cannot be used)");
  const absl::Time after_expiry =
      absl::FromCivil(absl::CivilSecond(2047, 1, 1, 0, 0, 0), absl::UTCTimeZone());
  EXPECT_EQ(EtcdOptionsFor(Replicated({cert, cert, key}), after_expiry).status().message(),
            "--etcd_cert_file: the certificate in " + cert +
                " expired on 2046-12-03 00:24:56 UTC; renew it");
}

TEST(EtcdTlsFlagsTest, TheFilesBecomePemTextsInEtcdsOptions) {
  const std::string cert = Write("client.pem", kCertificate);
  const std::string key = Write("client.key", kKey);
  const absl::StatusOr<storage::EtcdOptions> mutual =
      EtcdOptionsFor(Replicated({cert, cert, key}), kNow);
  ASSERT_TRUE(mutual.ok()) << mutual.status();
  ASSERT_TRUE(mutual->tls.has_value());
  EXPECT_EQ(mutual->tls->ca_pem, kCertificate);
  EXPECT_EQ(mutual->tls->cert_pem, kCertificate);
  EXPECT_EQ(mutual->tls->key_pem, kKey);
  const absl::StatusOr<storage::EtcdOptions> server_only =
      EtcdOptionsFor(Replicated({cert, "", ""}), kNow);
  ASSERT_TRUE(server_only.ok()) << server_only.status();
  EXPECT_EQ(server_only->tls->cert_pem, "");
  const absl::StatusOr<storage::EtcdOptions> plaintext = EtcdOptionsFor(Replicated({}), kNow);
  ASSERT_TRUE(plaintext.ok()) << plaintext.status();
  EXPECT_FALSE(plaintext->tls.has_value());
}

}  // namespace
}  // namespace interco
