#include "services/connection_limits.h"

#include <cassert>
#include <limits>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "grpcpp/resource_quota.h"

namespace interco {
namespace {

constexpr int64_t kMinMemoryQuotaBytes = int64_t{16} << 20;

absl::Status CheckDuration(const char* flag, absl::Duration value, absl::Duration min) {
  const absl::Duration max = absl::Milliseconds(std::numeric_limits<int>::max());
  if (value < min || value > max) {
    return absl::InvalidArgumentError(absl::StrCat("--", flag, " must be from ",
                                                   absl::ToInt64Milliseconds(min), " to ",
                                                   absl::ToInt64Milliseconds(max), " ms"));
  }
  return absl::OkStatus();
}

int Ms(absl::Duration value) { return static_cast<int>(absl::ToInt64Milliseconds(value)); }

}  // namespace

absl::Status ValidateConnectionLimits(const ConnectionLimits& limits) {
  const absl::Duration ms = absl::Milliseconds(1);
  for (const auto& [flag, value, min] :
       {std::tuple{"handshake_timeout_ms", limits.handshake_timeout, ms},
        std::tuple{"max_connection_idle_ms", limits.max_connection_idle, ms},
        std::tuple{"max_connection_age_ms", limits.max_connection_age, ms},
        std::tuple{"max_connection_age_grace_ms", limits.max_connection_age_grace,
                   absl::ZeroDuration()},
        std::tuple{"keepalive_time_ms", limits.keepalive_time, ms},
        std::tuple{"keepalive_timeout_ms", limits.keepalive_timeout, ms}}) {
    if (absl::Status valid = CheckDuration(flag, value, min); !valid.ok()) return valid;
  }
  if (limits.max_streams_per_connection < 1) {
    return absl::InvalidArgumentError("--max_streams_per_connection must be at least 1");
  }
  if (limits.memory_quota_bytes < kMinMemoryQuotaBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("--grpc_memory_quota_bytes must be at least ", kMinMemoryQuotaBytes));
  }
  return absl::OkStatus();
}

void ApplyConnectionLimits(const ConnectionLimits& limits, grpc::ServerBuilder* builder) {
  assert(ValidateConnectionLimits(limits).ok());
  builder->AddChannelArgument(GRPC_ARG_SERVER_HANDSHAKE_TIMEOUT_MS, Ms(limits.handshake_timeout));
  builder->AddChannelArgument(GRPC_ARG_MAX_CONNECTION_IDLE_MS, Ms(limits.max_connection_idle));
  builder->AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_MS, Ms(limits.max_connection_age));
  builder->AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS,
                              Ms(limits.max_connection_age_grace));
  builder->AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, Ms(limits.keepalive_time));
  builder->AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, Ms(limits.keepalive_timeout));
  builder->AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, limits.max_streams_per_connection);
  grpc::ResourceQuota quota("interco_server");
  quota.Resize(static_cast<size_t>(limits.memory_quota_bytes));
  builder->SetResourceQuota(quota);
}

}  // namespace interco
