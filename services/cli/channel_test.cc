#include "services/cli/channel.h"

#include "gtest/gtest.h"

namespace interco::cli {
namespace {

TEST(ChannelTest, AServerWithoutAPortMeans50051) {
  EXPECT_EQ(WithDefaultPort("ledger.internal"), "ledger.internal:50051");
  EXPECT_EQ(WithDefaultPort("ledger.internal:6000"), "ledger.internal:6000");
  EXPECT_EQ(WithDefaultPort("[::1]"), "[::1]:50051");
  EXPECT_EQ(WithDefaultPort("[::1]:6000"), "[::1]:6000");
  EXPECT_EQ(WithDefaultPort("127.0.0.1"), "127.0.0.1:50051");
}

TEST(ChannelTest, InconsistentTlsOptionsAreRefused) {
  EXPECT_EQ(OpenChannel({.tls_cert = "c.pem"}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(OpenChannel({.tls_cert = "c.pem", .tls_key = "k.pem"}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(OpenChannel({.tls_ca = "/nonexistent/ca.pem"}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(OpenChannel({}).ok());
}

}  // namespace
}  // namespace interco::cli
