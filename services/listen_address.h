// Parsing of the --listen flag.
#ifndef INTERCO_SERVICES_LISTEN_ADDRESS_H_
#define INTERCO_SERVICES_LISTEN_ADDRESS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace interco {

struct ListenAddress {
  std::string host;  // "127.0.0.1", "::1" (no brackets), "localhost", "0.0.0.0".
  int port = 0;      // 0 asks the kernel for a free port.

  // The form gRPC accepts: "host:port", IPv6 hosts in brackets.
  std::string ToString() const;
};

// Parses "HOST:PORT" or "[IPV6]:PORT". HOST is 1-253 characters of letters, digits,
// '.', '-' (or an IPv6 literal in brackets); PORT is 0-65535. Returns INVALID_ARGUMENT
// naming the value otherwise.
absl::StatusOr<ListenAddress> ParseListenAddress(absl::string_view text);

// This machine's host name (a pod's name in Kubernetes); empty when it cannot be read.
std::string HostName();

}  // namespace interco

#endif  // INTERCO_SERVICES_LISTEN_ADDRESS_H_
