#include "services/observability/grpc_log.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "grpc/support/log.h"
#include "services/observability/json_log.h"
#include "spdlog/spdlog.h"

namespace interco::observability {
namespace {

constexpr absl::string_view kPeerSchemes[] = {"ipv4:", "ipv6:", "unix:"};

bool InAddress(absl::string_view scheme, char c) {
  if (scheme == "unix:") return !absl::ascii_isspace(static_cast<unsigned char>(c)) && c != ',';
  return absl::ascii_isxdigit(static_cast<unsigned char>(c)) || c == '.' || c == ':' || c == '%' ||
         c == '[' || c == ']';
}

spdlog::level::level_enum LevelOf(gpr_log_severity severity) {
  switch (severity) {
    case GPR_LOG_SEVERITY_DEBUG:
      return spdlog::level::debug;
    case GPR_LOG_SEVERITY_INFO:
      return spdlog::level::info;
    case GPR_LOG_SEVERITY_ERROR:
    default:
      return spdlog::level::err;
  }
}

void LogGrpcLine(gpr_log_func_args* args) {
  // gRPC's threads may log while the process exits, after spdlog has let its logger go.
  if (spdlog::default_logger_raw() == nullptr || args == nullptr) return;
  LogEvent(LevelOf(args->severity), "grpc",
           GrpcLogFields(args->file != nullptr ? args->file : "", args->line,
                         args->message != nullptr ? args->message : ""));
}

}  // namespace

void RouteGrpcLogToJson() { gpr_set_log_function(LogGrpcLine); }

std::string PeerInGrpcMessage(absl::string_view message) {
  size_t best = absl::string_view::npos;
  absl::string_view best_scheme;
  for (absl::string_view scheme : kPeerSchemes) {
    const size_t at = message.find(scheme);
    if (at < best) {
      best = at;
      best_scheme = scheme;
    }
  }
  if (best == absl::string_view::npos) return "";
  size_t end = best + best_scheme.size();
  while (end < message.size() && InAddress(best_scheme, message[end])) ++end;
  absl::string_view peer = message.substr(best, end - best);
  while (peer.size() > best_scheme.size() && peer.back() == ':') peer.remove_suffix(1);
  return peer.size() > best_scheme.size() ? std::string(peer) : "";
}

nlohmann::json GrpcLogFields(absl::string_view file, int line, absl::string_view message) {
  const size_t slash = file.rfind('/');
  const absl::string_view base = slash == absl::string_view::npos ? file : file.substr(slash + 1);
  nlohmann::json fields = {{"source", absl::StrCat(base, ":", line)},
                           {"msg", std::string(message)}};
  if (std::string peer = PeerInGrpcMessage(message); !peer.empty()) fields["peer"] = peer;
  return fields;
}

}  // namespace interco::observability
