// A fixture for end-to-end tests of TLS and the access policy: OpenSSL-made certificates
// (tests/make_test_certs.sh) for each role, a policy naming them, the server's TLS flags, and
// channels that present a given client certificate.
#ifndef INTERCO_TESTS_TLS_FIXTURE_H_
#define INTERCO_TESTS_TLS_FIXTURE_H_

#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "tests/server_process.h"

namespace interco::testing {

// Posters limited to A and to Z, a controller, an admin, and the pods (peers: they relay
// calls to a group's owner, naming the caller).
inline constexpr char kPolicy[] = R"({"identities": [
  {"identity": "spiffe://interco.test/ns/erp/sa/poster-a", "role": "poster", "entities": ["A"]},
  {"identity": "spiffe://interco.test/ns/erp/sa/poster-z", "role": "poster", "entities": ["Z"]},
  {"identity": "spiffe://interco.test/ns/finance/sa/controller", "role": "controller"},
  {"identity": "spiffe://interco.test/ns/ops/sa/admin", "role": "admin", "groups": ["*"]},
  {"identity": "spiffe://interco.test/ns/interco/sa/interco", "role": "peer", "groups": ["*"]}]})";

inline std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A fresh directory with the certificates of tests/make_test_certs.sh (a data dependency of
// the test) in it.
inline std::string MakeTestCertificates() {
  const std::string dir = FreshTempDir("certs");
  const std::string script =
      absl::StrCat(std::getenv("TEST_SRCDIR"), "/interco/tests/make_test_certs.sh");
  const auto made = ServerProcess::RunProgram("/bin/sh", {script, dir});
  EXPECT_EQ(made.code, 0) << made.stderr_text;
  return dir;
}

class TlsE2eTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    certs_ = new std::string(MakeTestCertificates());
    std::ofstream(*certs_ + "/policy.json") << kPolicy;
  }
  static void TearDownTestSuite() { delete certs_; }

  static std::string Cert(const std::string& name) { return *certs_ + "/" + name; }

  std::vector<std::string> TlsFlags() {
    return {"--listen=127.0.0.1:0",
            "--data_dir=" + FreshTempDir("data"),
            "--tls_cert_file=" + Cert("server.pem"),
            "--tls_key_file=" + Cert("server.key"),
            "--tls_client_ca_file=" + Cert("ca.pem"),
            "--access_policy_file=" + Cert("policy.json")};
  }

  // A TLS channel presenting `client` ("" for no certificate).
  std::shared_ptr<grpc::Channel> As(const ServerProcess& server, const std::string& client) {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = Read(Cert("ca.pem"));
    if (!client.empty()) {
      ssl.pem_private_key = Read(Cert(client + ".key"));
      ssl.pem_cert_chain = Read(Cert(client + ".pem"));
    }
    grpc::ChannelArguments args;
    args.SetSslTargetNameOverride("localhost");
    return grpc::CreateCustomChannel(server.address(), grpc::SslCredentials(ssl), args);
  }

  static inline std::string* certs_ = nullptr;
};

}  // namespace interco::testing

#endif  // INTERCO_TESTS_TLS_FIXTURE_H_
