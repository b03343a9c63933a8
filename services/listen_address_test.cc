#include "services/listen_address.h"

#include "gtest/gtest.h"

namespace interco {
namespace {

TEST(ParseListenAddressTest, AcceptsHostsPortsAndIpv6) {
  EXPECT_EQ(ParseListenAddress("127.0.0.1:50051")->ToString(), "127.0.0.1:50051");
  EXPECT_EQ(ParseListenAddress("localhost:0")->port, 0);
  EXPECT_EQ(ParseListenAddress("[::1]:8080")->host, "::1");
  EXPECT_EQ(ParseListenAddress("[::1]:8080")->ToString(), "[::1]:8080");
  EXPECT_EQ(ParseListenAddress("0.0.0.0:65535")->port, 65535);
}

TEST(ParseListenAddressTest, RejectsMalformedValuesAsInvalidArgument) {
  for (const char* bad : {"", "50051", ":50051", "host:", "host:65536", "host:-1", "host:+1",
                          "host:12a", "ho st:1", "[::1:80", "[]:80", "host:999999"}) {
    SCOPED_TRACE(bad);
    EXPECT_EQ(ParseListenAddress(bad).status().code(), absl::StatusCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace interco
