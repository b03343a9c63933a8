// End to end: the controllers' CLI against a server with mutual TLS and an access policy,
// configured by flags or by the environment.
#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "tests/tls_fixture.h"
#include "tests/trading_group.h"

namespace interco::testing {
namespace {

class CliTlsE2eTest : public TlsE2eTest {
 protected:
  std::vector<std::string> TlsArgs(const std::string& client) {
    return {"--server=" + server_->address(), "--tls-ca=" + Cert("ca.pem"),
            "--tls-cert=" + Cert(client + ".pem"), "--tls-key=" + Cert(client + ".key"),
            "--tls-server-name=localhost"};
  }
  ServerProcess::Output Interco(std::vector<std::string> args) {
    return ServerProcess::RunProgram(Runfile("services/cli/interco"), args);
  }
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(CliTlsE2eTest, MonthEndCommandsRunWithMutualTlsByFlagsOrEnvironment) {
  auto server = ServerProcess::Start(TlsFlags());
  ASSERT_TRUE(server.ok()) << server.status();
  server_ = *std::move(server);
  ASSERT_TRUE(SetUpTradingGroup(As(*server_, "admin")).ok());

  std::vector<std::string> head = TlsArgs("controller");
  head.push_back("head");
  ServerProcess::Output out = Interco(head);
  EXPECT_EQ(out.code, 0) << out.stderr_text;
  EXPECT_TRUE(absl::StartsWith(out.stdout_text, "ledger head: sequence 0")) << out.stdout_text;

  // The same from the environment, as a scheduled job would set it.
  out = ServerProcess::RunProgram(
      "/usr/bin/env",
      {"INTERCO_SERVER=" + server_->address(), "INTERCO_TLS_CA=" + Cert("ca.pem"),
       "INTERCO_TLS_CERT=" + Cert("controller.pem"), "INTERCO_TLS_KEY=" + Cert("controller.key"),
       "INTERCO_TLS_SERVER_NAME=localhost", Runfile("services/cli/interco"), "verify"});
  EXPECT_EQ(out.code, 0) << out.stderr_text;
  EXPECT_NE(out.stdout_text.find("ledger verified"), std::string::npos) << out.stdout_text;

  // The access policy still decides: a poster may not verify the whole ledger.
  std::vector<std::string> verify = TlsArgs("poster_a");
  verify.push_back("verify");
  out = Interco(verify);
  EXPECT_NE(out.code, 0);
  EXPECT_NE(out.stderr_text.find("may not verify the books"), std::string::npos) << out.stderr_text;

  // Plaintext against a TLS server does not get through; a half TLS configuration is refused.
  EXPECT_NE(Interco({"--server=" + server_->address(), "head"}).code, 0);
  EXPECT_EQ(
      Interco({"--server=" + server_->address(), "--tls-cert=" + Cert("admin.pem"), "head"}).code,
      2);
}

// Issue 24: a certificate and a key that do not belong together failed only when gRPC
// connected, without naming the files; the tool names both and stops before connecting.
TEST_F(CliTlsE2eTest, ACertificateAndKeyThatDoNotMatchAreNamed) {
  auto server = ServerProcess::Start(TlsFlags());
  ASSERT_TRUE(server.ok()) << server.status();
  server_ = *std::move(server);
  std::vector<std::string> args = TlsArgs("controller");
  args[3] = "--tls-key=" + Cert("admin.key");
  args.push_back("head");
  const ServerProcess::Output out = Interco(args);
  EXPECT_NE(out.code, 0);
  EXPECT_NE(out.stderr_text.find("--tls-cert and --tls-key do not match: the private key in " +
                                 Cert("admin.key") + " is not the key of the certificate in " +
                                 Cert("controller.pem")),
            std::string::npos)
      << out.stderr_text;
}

}  // namespace
}  // namespace interco::testing
