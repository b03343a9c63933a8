// Why the CLI could not reach the server, in the words of the TLS flags the user gave.
// gRPC reports a refused TLS handshake as "Socket closed" whatever the cause: a TLS server
// closes a plaintext client's connection, and a TLS 1.3 server refuses a missing or
// untrusted client certificate only after the client has finished its side of the
// handshake. Which flags were given narrows the likely causes down; this names them and
// the flag that fixes each.
#ifndef INTERCO_SERVICES_CLI_CONNECTION_FAILURE_H_
#define INTERCO_SERVICES_CLI_CONNECTION_FAILURE_H_

#include <string>

#include "absl/strings/string_view.h"
#include "services/cli/channel.h"

namespace interco::cli {

// The likely cause of a connection that failed with gRPC's `message`, given `options`, and
// the flag to fix it: "the server's certificate was not issued by the CA in --tls-ca ...".
// Empty when the message is not about TLS (a refused connection, an unknown host): gRPC's
// own words say enough then. Reads the client certificate (--tls-cert) to name its issuer.
std::string ExplainConnectionFailure(const ChannelOptions& options, absl::string_view message);

}  // namespace interco::cli

#endif  // INTERCO_SERVICES_CLI_CONNECTION_FAILURE_H_
