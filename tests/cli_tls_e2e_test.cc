// End to end: the controllers' CLI against a server with mutual TLS and an access policy,
// configured by flags or by the environment.
#include <sstream>
#include <string>
#include <vector>

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

// Every line the CLI wrote is its own ("interco: ..."): none of gRPC's "E1207 ..." lines.
bool OnlyOurWords(const std::string& err) {
  std::istringstream lines(err);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && !absl::StartsWith(line, "interco: ")) return false;
  }
  return true;
}

// Issue 26: plaintext against a TLS server, mutual TLS without a client certificate and a
// client certificate of another CA all said "cannot reach the server ... Socket closed"; the
// CLI now names the likely cause and the flag that fixes it, given the flags it was given.
TEST_F(CliTlsE2eTest, RefusedHandshakesNameTheLikelyCauseAndTheFlag) {
  auto server = ServerProcess::Start(TlsFlags());
  ASSERT_TRUE(server.ok()) << server.status();
  server_ = *std::move(server);
  const std::string at = "--server=" + server_->address();
  const std::string ca = "--tls-ca=" + Cert("ca.pem");
  const std::string name = "--tls-server-name=localhost";
  struct Case {
    std::vector<std::string> args;
    std::string says;
  };
  const Case cases[] = {
      {{at, "head"}, "it probably serves TLS, and this connection was plaintext; give --tls-ca"},
      {{at, ca, name, "head"}, "it probably requires mutual TLS; give --tls-cert and --tls-key"},
      {{at, ca, name, "--tls-cert=" + Cert("rogue.pem"), "--tls-key=" + Cert("rogue.key"), "head"},
       "does not trust the client certificate in " + Cert("rogue.pem") +
           " (issued by CN=rogue_ca); give --tls-cert and --tls-key a certificate issued by the "
           "CA in the server's --tls_client_ca_file"},
      {{at, "--tls-ca=" + Cert("rogue_ca.pem"), name, "head"},
       "the server's certificate was not issued by the CA in --tls-ca (" + Cert("rogue_ca.pem") +
           ")"},
      {{at, ca, "--tls-server-name=wrong", "head"},
       "the server's certificate is not for the name wrong: give --tls-server-name"},
  };
  for (const Case& c : cases) {
    const ServerProcess::Output out = Interco(c.args);
    EXPECT_EQ(out.code, 3) << c.says;
    EXPECT_TRUE(absl::StartsWith(
        out.stderr_text, "interco: cannot reach the server at " + server_->address() + ": "))
        << out.stderr_text;
    EXPECT_NE(out.stderr_text.find(c.says), std::string::npos) << out.stderr_text;
    EXPECT_TRUE(OnlyOurWords(out.stderr_text)) << out.stderr_text;
  }
}

TEST_F(CliTlsE2eTest, TlsAgainstAPlaintextServerSaysToLeaveOutTheTlsFlags) {
  auto server = ServerProcess::Start({"--listen=127.0.0.1:0", "--data_dir=" + FreshTempDir("p")});
  ASSERT_TRUE(server.ok()) << server.status();
  server_ = *std::move(server);
  const ServerProcess::Output out =
      Interco({"--server=" + server_->address(), "--tls-ca=" + Cert("ca.pem"), "head"});
  EXPECT_EQ(out.code, 3);
  EXPECT_NE(out.stderr_text.find("the server does not speak TLS (it serves plaintext): leave out "
                                 "--tls-ca, --tls-cert and --tls-key"),
            std::string::npos)
      << out.stderr_text;
  EXPECT_TRUE(OnlyOurWords(out.stderr_text)) << out.stderr_text;
}

// Issue 26: files that are not what their flags say are refused before connecting, exit 2,
// naming the flag and the file: an expired client certificate (which the server would
// refuse only by closing the connection), a key given as the CA, a key of another
// certificate.
TEST_F(CliTlsE2eTest, TlsFilesThatCannotWorkAreRefusedBeforeConnectingWithExit2) {
  auto server = ServerProcess::Start(TlsFlags());
  ASSERT_TRUE(server.ok()) << server.status();
  server_ = *std::move(server);
  struct Case {
    std::string flag;
    std::string file;
    std::string says;
  };
  const Case cases[] = {
      {"--tls-cert", "controller_expired.pem",
       "--tls-cert: the certificate in " + Cert("controller_expired.pem") + " expired on "},
      {"--tls-ca", "ca.key",
       "--tls-ca: " + Cert("ca.key") +
           " holds no PEM certificate but a private key; give --tls-ca a certificate file"},
      {"--tls-key", "admin.key", "--tls-cert and --tls-key do not match"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = TlsArgs("controller");
    if (c.flag == "--tls-cert") args[3] = "--tls-key=" + Cert("controller_expired.key");
    for (std::string& arg : args) {
      if (absl::StartsWith(arg, c.flag + "=")) arg = c.flag + "=" + Cert(c.file);
    }
    args.push_back("head");
    const ServerProcess::Output out = Interco(args);
    EXPECT_EQ(out.code, 2) << out.stderr_text;
    EXPECT_NE(out.stderr_text.find("interco: " + c.says), std::string::npos) << out.stderr_text;
    EXPECT_TRUE(OnlyOurWords(out.stderr_text)) << out.stderr_text;
  }
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
