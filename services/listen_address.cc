#include "services/listen_address.h"

#include <unistd.h>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/common/field_error.h"

namespace interco {
namespace {

constexpr size_t kMaxHostBytes = 253;

absl::Status Invalid(absl::string_view text, absl::string_view why) {
  return InvalidField("listen", text, "INVALID_LISTEN_ADDRESS",
                      absl::StrCat("expected HOST:PORT; ", why));
}

bool IsHostChar(char c) { return absl::ascii_isalnum(c) || c == '.' || c == '-'; }
bool IsIpv6Char(char c) { return absl::ascii_isxdigit(c) || c == ':' || c == '.'; }

}  // namespace

std::string ListenAddress::ToString() const {
  const bool ipv6 = host.find(':') != std::string::npos;
  return ipv6 ? absl::StrCat("[", host, "]:", port) : absl::StrCat(host, ":", port);
}

absl::StatusOr<ListenAddress> ParseListenAddress(absl::string_view text) {
  const size_t colon = text.rfind(':');
  if (colon == absl::string_view::npos) return Invalid(text, "no port");
  absl::string_view host = text.substr(0, colon);
  const absl::string_view port_text = text.substr(colon + 1);
  bool ipv6 = false;
  if (!host.empty() && host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') return Invalid(text, "unclosed '['");
    host = host.substr(1, host.size() - 2);
    ipv6 = true;
  }
  if (host.empty()) return Invalid(text, "empty host");
  if (host.size() > kMaxHostBytes) return Invalid(text, "host too long");
  for (char c : host) {
    if (!(ipv6 ? IsIpv6Char(c) : IsHostChar(c))) {
      return Invalid(text, absl::StrCat("bad character '", std::string(1, c), "' in host"));
    }
  }
  int port = -1;
  if (port_text.empty() || port_text.size() > 5 || !absl::SimpleAtoi(port_text, &port) ||
      port < 0 || port > 65535 || !absl::ascii_isdigit(port_text.front())) {
    return Invalid(text, "port must be a number from 0 to 65535");
  }
  return ListenAddress{std::string(host), port};
}

std::string HostName() {
  char host[256] = {};
  return gethostname(host, sizeof(host) - 1) == 0 ? std::string(host) : std::string();
}

}  // namespace interco
