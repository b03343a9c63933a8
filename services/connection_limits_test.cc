#include "services/connection_limits.h"

#include "absl/strings/match.h"
#include "gtest/gtest.h"

namespace interco {
namespace {

TEST(ConnectionLimitsTest, DefaultsAreValid) {
  EXPECT_TRUE(ValidateConnectionLimits(ConnectionLimits()).ok());
}

TEST(ConnectionLimitsTest, GraceMayBeZeroButNoTimeoutMay) {
  ConnectionLimits limits;
  limits.max_connection_age_grace = absl::ZeroDuration();
  EXPECT_TRUE(ValidateConnectionLimits(limits).ok());
  limits.max_connection_idle = absl::ZeroDuration();
  const absl::Status status = ValidateConnectionLimits(limits);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(status.message(), "--max_connection_idle_ms")) << status;
}

TEST(ConnectionLimitsTest, OutOfRangeValuesNameTheirFlag) {
  ConnectionLimits limits;
  limits.handshake_timeout = absl::Hours(24 * 30);  // Beyond gRPC's int milliseconds.
  EXPECT_TRUE(
      absl::StrContains(ValidateConnectionLimits(limits).message(), "--handshake_timeout_ms"));
  limits = ConnectionLimits();
  limits.max_streams_per_connection = 0;
  EXPECT_TRUE(absl::StrContains(ValidateConnectionLimits(limits).message(),
                                "--max_streams_per_connection"));
  limits = ConnectionLimits();
  limits.memory_quota_bytes = 1 << 20;
  EXPECT_TRUE(
      absl::StrContains(ValidateConnectionLimits(limits).message(), "--grpc_memory_quota_bytes"));
}

}  // namespace
}  // namespace interco
