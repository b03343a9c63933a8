#include "services/observability/grpc_log.h"

#include "gtest/gtest.h"

namespace interco::observability {
namespace {

TEST(PeerInGrpcMessageTest, FindsTheAddressGrpcNames) {
  EXPECT_EQ(PeerInGrpcMessage("ipv4:10.0.0.7:51234: Socket closed"), "ipv4:10.0.0.7:51234");
  EXPECT_EQ(PeerInGrpcMessage("from ipv6:%5B::1%5D:443 closed"), "ipv6:%5B::1%5D:443");
  EXPECT_EQ(PeerInGrpcMessage("peer unix:/run/interco.sock, gone"), "unix:/run/interco.sock");
}

TEST(PeerInGrpcMessageTest, AHandshakeFailureNamesNoPeer) {
  EXPECT_EQ(PeerInGrpcMessage("Handshake failed with fatal error SSL_ERROR_SSL: error:0A0000C7:"
                              "SSL routines::peer did not return a certificate."),
            "");
  EXPECT_EQ(PeerInGrpcMessage("ipv4: nothing"), "");
}

TEST(GrpcLogFieldsTest, SourceIsTheFileBaseNameAndLine) {
  const nlohmann::json fields = GrpcLogFields("src/core/tsi/ssl_transport_security.cc", 1501,
                                              "ipv4:127.0.0.1:4: Handshake failed");
  EXPECT_EQ(fields["source"], "ssl_transport_security.cc:1501");
  EXPECT_EQ(fields["msg"], "ipv4:127.0.0.1:4: Handshake failed");
  EXPECT_EQ(fields["peer"], "ipv4:127.0.0.1:4");
  EXPECT_FALSE(GrpcLogFields("x.cc", 1, "no peer").contains("peer"));
}

}  // namespace
}  // namespace interco::observability
