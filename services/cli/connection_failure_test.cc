#include "services/cli/connection_failure.h"

#include <string>

#include "gtest/gtest.h"

namespace interco::cli {
namespace {

constexpr char kClosed[] =
    "failed to connect to all addresses; last error: UNAVAILABLE: ipv4:127.0.0.1:4: Socket closed";

bool Says(const std::string& explanation, const std::string& words) {
  return explanation.find(words) != std::string::npos;
}

TEST(ExplainConnectionFailureTest, PlaintextClosedByTheServerAsksForTlsCa) {
  const std::string why = ExplainConnectionFailure({}, kClosed);
  EXPECT_TRUE(Says(why, "probably serves TLS")) << why;
  EXPECT_TRUE(Says(why, "give --tls-ca")) << why;
}

TEST(ExplainConnectionFailureTest, TlsWithoutClientCertificateClosedAsksForTlsCert) {
  const std::string why = ExplainConnectionFailure({.tls_ca = "ca.pem"}, kClosed);
  EXPECT_TRUE(Says(why, "requires mutual TLS; give --tls-cert and --tls-key")) << why;
}

TEST(ExplainConnectionFailureTest, ClientCertificateClosedSaysTheServerDoesNotTrustIt) {
  const std::string why = ExplainConnectionFailure(
      {.tls_ca = "ca.pem", .tls_cert = "/nonexistent/c.pem", .tls_key = "c.key"}, kClosed);
  EXPECT_TRUE(Says(why, "does not trust the client certificate in /nonexistent/c.pem;")) << why;
  EXPECT_TRUE(Says(why, "--tls_client_ca_file")) << why;
}

TEST(ExplainConnectionFailureTest, ServerCertificateOfAnotherCaNamesTlsCa) {
  const std::string why = ExplainConnectionFailure(
      {.tls_ca = "other.pem"},
      "Ssl handshake failed: SSL_ERROR_SSL: error:0A000086:SSL routines::certificate verify "
      "failed");
  EXPECT_TRUE(Says(why, "not issued by the CA in --tls-ca (other.pem)")) << why;
}

TEST(ExplainConnectionFailureTest, WrongNameNamesTlsServerName) {
  const std::string why =
      ExplainConnectionFailure({.tls_ca = "ca.pem", .tls_server_name = "wrong"},
                               "ipv4:127.0.0.1:4: Peer name wrong is not in peer certificate");
  EXPECT_TRUE(Says(why, "not for the name wrong: give --tls-server-name")) << why;
}

TEST(ExplainConnectionFailureTest, TlsAgainstPlaintextServerSaysLeaveOutTlsFlags) {
  const std::string why = ExplainConnectionFailure(
      {.tls_ca = "ca.pem"},
      "Ssl handshake failed: SSL_ERROR_SSL: error:0A00010B:SSL routines::wrong version number");
  EXPECT_TRUE(Says(why, "does not speak TLS")) << why;
}

TEST(ExplainConnectionFailureTest, RefusedConnectionIsLeftToGrpcsWords) {
  EXPECT_EQ(ExplainConnectionFailure({}, "Failed to connect to remote host: Connection refused"),
            "");
}

}  // namespace
}  // namespace interco::cli
