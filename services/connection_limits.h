// ConnectionLimits: how long a connection or a call may hold the server's resources, and
// how much it may hold. Without them a client that connects and says nothing, or opens
// calls and sends nothing, keeps its sockets, streams and buffers for ever (issue 14):
//   handshake_timeout        a TCP connection that never completes the TLS handshake or
//                            the HTTP/2 preface is closed;
//   max_connection_idle      a connection with no call open for this long gets GOAWAY;
//   max_connection_age       every connection gets GOAWAY after this long (jittered by
//                            gRPC), its calls then get the grace before being cancelled;
//   keepalive_time/timeout   the server pings a quiet connection with calls open and
//                            closes it when the peer does not answer (a vanished client
//                            whose calls would otherwise wait for ever; a connection
//                            without calls is max_connection_idle's);
//   max_streams_per_connection  calls open at once on one connection (HTTP/2
//                            SETTINGS_MAX_CONCURRENT_STREAMS); more wait in the client;
//   memory_quota_bytes       gRPC's buffers for every connection together
//                            (grpc::ResourceQuota); under pressure gRPC shrinks reads and
//                            refuses new work instead of growing.
#ifndef INTERCO_SERVICES_CONNECTION_LIMITS_H_
#define INTERCO_SERVICES_CONNECTION_LIMITS_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "grpcpp/server_builder.h"

namespace interco {

struct ConnectionLimits {
  absl::Duration handshake_timeout = absl::Seconds(10);
  absl::Duration max_connection_idle = absl::Minutes(5);
  absl::Duration max_connection_age = absl::Minutes(30);
  absl::Duration max_connection_age_grace = absl::Minutes(5);
  absl::Duration keepalive_time = absl::Minutes(1);
  absl::Duration keepalive_timeout = absl::Seconds(20);
  int max_streams_per_connection = 100;
  int64_t memory_quota_bytes = int64_t{512} << 20;
};

// INVALID_ARGUMENT naming the flag when a limit is out of range: durations from 1 ms to
// 24 days (gRPC takes int milliseconds), the grace may be 0; streams at least 1; memory at
// least 16 MiB (below that gRPC cannot hold one maximum-size message per connection).
absl::Status ValidateConnectionLimits(const ConnectionLimits& limits);

// Sets `limits` on `builder` as channel arguments and a resource quota. `limits` must be
// valid.
void ApplyConnectionLimits(const ConnectionLimits& limits, grpc::ServerBuilder* builder);

}  // namespace interco

#endif  // INTERCO_SERVICES_CONNECTION_LIMITS_H_
