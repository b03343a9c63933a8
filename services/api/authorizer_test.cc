#include "services/api/authorizer.h"

#include <thread>

#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "services/common/field_error.h"

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

constexpr char kMethod[] = "/interco.v1.LedgerService/GetLedgerHead";

TEST(AuthorizerDrainTest, OnceDrainingEveryCallIsRefusedUnavailable) {
  Authorizer authorizer(/*policy=*/nullptr, /*trust_forwarded_client_cert=*/false);
  grpc::ServerContext context;
  authorizer.TrackCall(&context, kMethod);
  EXPECT_TRUE(authorizer.AuthorizeCall(context).ok());
  authorizer.BeginDrain();
  const absl::Status refused = authorizer.AuthorizeCall(context).status();
  EXPECT_EQ(refused.code(), absl::StatusCode::kUnavailable) << refused;
  ASSERT_TRUE(GetErrorDetail(refused).has_value());
  EXPECT_EQ(GetErrorDetail(refused)->reason, "SHUTTING_DOWN");
  authorizer.UntrackCall(&context);
}

TEST(AuthorizerDrainTest, AwaitNoCallsWaitsForTheLastCallOrTheDeadline) {
  Authorizer authorizer(/*policy=*/nullptr, /*trust_forwarded_client_cert=*/false);
  EXPECT_TRUE(authorizer.AwaitNoCalls(absl::InfinitePast()));
  grpc::ServerContext context;
  authorizer.TrackCall(&context, kMethod);
  EXPECT_FALSE(authorizer.AwaitNoCalls(absl::Now() + absl::Milliseconds(50)));
  std::thread ends([&] {
    absl::SleepFor(absl::Milliseconds(100));
    authorizer.UntrackCall(&context);
  });
  EXPECT_TRUE(authorizer.AwaitNoCalls(absl::InfiniteFuture()));
  ends.join();
}

}  // namespace
}  // namespace interco::api
