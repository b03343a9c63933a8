#include "services/api/authorizer.h"

#include "gtest/gtest.h"

namespace interco::api {
namespace {

TEST(ForwardedClientCertTest, TakesTheUriOfTheLastElement) {
  EXPECT_EQ(
      SpiffeIdFromForwardedClientCert("By=spiffe://cluster.local/ns/interco/sa/interco;Hash=4f2a;"
                                      "Subject=\"\";URI=spiffe://cluster.local/ns/erp/sa/sap"),
      "spiffe://cluster.local/ns/erp/sa/sap");
  EXPECT_EQ(SpiffeIdFromForwardedClientCert(
                "By=spiffe://a;URI=spiffe://first,By=spiffe://b;URI=spiffe://second"),
            "spiffe://second");
}

TEST(ForwardedClientCertTest, QuotedSubjectsMayHoldSeparators) {
  EXPECT_EQ(SpiffeIdFromForwardedClientCert(
                "Hash=ab;Subject=\"CN=x,O=y;z\";uri=\"spiffe://t/ns/a/sa/b\""),
            "spiffe://t/ns/a/sa/b");
}

TEST(ForwardedClientCertTest, NoSpiffeUriIsNoIdentity) {
  EXPECT_EQ(SpiffeIdFromForwardedClientCert(""), "");
  EXPECT_EQ(SpiffeIdFromForwardedClientCert("Hash=ab;URI=https://example.org/x"), "");
  EXPECT_EQ(SpiffeIdFromForwardedClientCert("garbage"), "");
  EXPECT_EQ(SpiffeIdFromForwardedClientCert("URI=spiffe://ok,Hash=only"), "");
}

}  // namespace
}  // namespace interco::api
