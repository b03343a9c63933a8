// The CLI's connection to the server: plaintext, TLS, or mutual TLS, as flags or the
// environment say (INTERCO_SERVER, INTERCO_TLS_CA, INTERCO_TLS_CERT, INTERCO_TLS_KEY,
// INTERCO_TLS_SERVER_NAME), so that month-end jobs run against a server with mutual TLS and an
// access policy; and the group every call acts in (--group, INTERCO_GROUP: group_id.h),
// named once here for every call on the channel rather than by each command.
#ifndef INTERCO_SERVICES_CLI_CHANNEL_H_
#define INTERCO_SERVICES_CLI_CHANNEL_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"

namespace interco::cli {

struct ChannelOptions {
  std::string server = "127.0.0.1:50051";  // HOST or HOST:PORT; no port means 50051.
  std::string tls_ca;           // PEM file: verify the server with it (TLS). Empty: plaintext.
  std::string tls_cert;         // PEM file: present this client certificate (mutual TLS)...
  std::string tls_key;          // ...with this key. Both or neither.
  std::string tls_server_name;  // The name to verify instead of the address's host.
  // Sent as x-interco-group on every call of the channel, unary and streaming alike.
  // Empty: nothing is sent, and the server acts in its group "default".
  std::string group;
};

// "HOST:PORT", with ":50051" added when `server` names no port ("[::1]" and "host" alike).
std::string WithDefaultPort(const std::string& server);

// INVALID_ARGUMENT naming the flag for an inconsistent or unreadable option, a malformed
// group (services/tenancy/group_id.h), or a TLS file that is not what its flag says, checked
// before connecting: --tls-ca holds no certificate (a key file, say), --tls-key is not the
// key of --tls-cert, or --tls-cert has expired at `now`.
absl::StatusOr<std::shared_ptr<grpc::Channel>> OpenChannel(const ChannelOptions& options,
                                                           absl::Time now);

// Keeps gRPC's own log lines ("E1207 ... ssl_transport_security.cc ... Handshake failed")
// off the user's terminal: the CLI says what failed in its own words (call.h, Fatal). Left
// alone when GRPC_VERBOSITY is set, so that whoever debugs gRPC still can. Call once, first.
void QuietGrpcLog();

}  // namespace interco::cli

#endif  // INTERCO_SERVICES_CLI_CHANNEL_H_
