// gRPC's own log lines as lines of the server's JSON log (json_log.h), instead of gRPC's
// text on stderr ("E1207 19:08:17.05 14640 ssl_transport_security.cc:1501] Handshake
// failed with fatal error SSL_ERROR_SSL: ... peer did not return a certificate."):
//   {"time":...,"level":"error","event":"grpc","source":"ssl_transport_security.cc:1501",
//    "msg":"Handshake failed ...","peer":"ipv4:10.0.0.7:51234"}
// `peer` is there only when gRPC's message names one. gRPC 1.51 (Debian 12's) hands a log
// function the file, line, severity and message, nothing else; its TLS handshake failure
// line names no peer, and no public API of 1.51 ties that line to a connection, so a
// refused handshake is logged without the client's address (docs/OPERATIONS.md, "TLS").
#ifndef INTERCO_SERVICES_OBSERVABILITY_GRPC_LOG_H_
#define INTERCO_SERVICES_OBSERVABILITY_GRPC_LOG_H_

#include <string>

#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"

namespace interco::observability {

// Sends every line gRPC logs from now on to the default spdlog logger as an event "grpc".
// Which lines gRPC logs is still GRPC_VERBOSITY's (errors only by default). Call once, after
// the default logger is set up.
void RouteGrpcLogToJson();

// The first peer address in a gRPC message: "ipv4:10.0.0.7:51234", "ipv6:%5B::1%5D:443",
// "unix:/run/x.sock"; empty when it names none.
std::string PeerInGrpcMessage(absl::string_view message);

// The fields of the event for one gRPC line: "source" (the file's base name and line),
// "msg", and "peer" when the message names one.
nlohmann::json GrpcLogFields(absl::string_view file, int line, absl::string_view message);

}  // namespace interco::observability

#endif  // INTERCO_SERVICES_OBSERVABILITY_GRPC_LOG_H_
