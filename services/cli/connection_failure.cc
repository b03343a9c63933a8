#include "services/cli/connection_failure.h"

#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/tls_pem.h"

namespace interco::cli {
namespace {

// gRPC's words for a connection the peer closed before HTTP/2 began.
bool PeerClosed(absl::string_view message) {
  return absl::StrContains(message, "Socket closed") ||
         absl::StrContains(message, "Connection reset by peer") ||
         absl::StrContains(message, "Broken pipe") ||
         absl::StrContains(message, "SSL_ERROR_SYSCALL");
}

// "(issued by CN=ca)" for the client certificate at `path`; empty when it cannot be read.
std::string IssuedBy(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  const std::string issuer = CertificateIssuer(text.str());
  return issuer.empty() ? "" : absl::StrCat(" (issued by ", issuer, ")");
}

std::string ServerClosed(const ChannelOptions& options) {
  if (options.tls_ca.empty()) {
    return "the server closed the connection: it probably serves TLS, and this connection "
           "was plaintext; give --tls-ca (the CA that issued the server's certificate), and "
           "--tls-cert and --tls-key if the server requires mutual TLS";
  }
  if (options.tls_cert.empty()) {
    return "the server closed the connection during the TLS handshake: it probably requires "
           "mutual TLS; give --tls-cert and --tls-key (a client certificate issued by the CA "
           "the server trusts)";
  }
  return absl::StrCat(
      "the server closed the connection during the TLS handshake: it probably does not "
      "trust the client certificate in ",
      options.tls_cert, IssuedBy(options.tls_cert),
      "; give --tls-cert and --tls-key a certificate issued by the CA in the server's "
      "--tls_client_ca_file");
}

}  // namespace

std::string ExplainConnectionFailure(const ChannelOptions& options, absl::string_view message) {
  if (absl::StrContains(message, "wrong version number") ||
      absl::StrContains(message, "packet length too long")) {
    return "the server does not speak TLS (it serves plaintext): leave out --tls-ca, "
           "--tls-cert and --tls-key, or ask for the server's TLS address";
  }
  if (absl::StrContains(message, "certificate verify failed")) {
    return absl::StrCat("the server's certificate was not issued by the CA in --tls-ca (",
                        options.tls_ca,
                        "), or it has expired: give --tls-ca the CA that issued it");
  }
  if (absl::StrContains(message, "is not in peer certificate")) {
    return absl::StrCat(
        "the server's certificate is not for the name ",
        options.tls_server_name.empty() ? "in --server" : options.tls_server_name,
        ": give --tls-server-name a name the certificate holds (a DNS or IP subject "
        "alternative name)");
  }
  if (PeerClosed(message)) return ServerClosed(options);
  return "";
}

}  // namespace interco::cli
