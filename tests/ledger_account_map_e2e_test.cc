// End to end through gRPC on the real server: an entity's account map replacing the default
// accounts, and the account map requests that are refused.
// The fixture (ledger_e2e_fixture.h) is shared with the other files split from the former
// ledger_e2e_test.cc: ledger_{posting,periods,batches,account_map,bad_input}_e2e_test.cc.
#include <functional>

#include "gtest/gtest.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "interco/v1/policy.grpc.pb.h"
#include "tests/grpc_errors.h"
#include "tests/ledger_e2e_fixture.h"

namespace interco::testing {
namespace {

using v1::LedgerService;

TEST_F(LedgerE2eTest, AnEntitysAccountMapReplacesTheDefaultAccounts) {
  auto policies = v1::PolicyService::NewStub(server_->Channel());
  v1::UpsertAccountMapRequest map;
  map.set_request_id("map-b");
  map.set_entity_id("B");
  v1::AccountMapping* goods = map.add_mappings();
  goods->set_transaction_type(v1::TRANSACTION_TYPE_GOODS);
  goods->set_seller_debit("1311 IC receivable");
  goods->set_seller_credit("4011 IC revenue");
  goods->set_buyer_debit("1410 IC stock in transit");
  goods->set_buyer_credit("2311 IC payable");
  v1::UpsertAccountMapResponse mapped;
  ASSERT_TRUE(Call(*policies, &v1::PolicyService::Stub::UpsertAccountMap, map, &mapped).ok());
  v1::PostTransactionResponse posted;
  ASSERT_TRUE(PostOne(Post("r1"), &posted).ok());
  EXPECT_EQ(posted.lines(0).account(), "1310 IC receivable");
  EXPECT_EQ(posted.lines(2).account(), "1410 IC stock in transit");
  EXPECT_EQ(posted.lines(3).account(), "2311 IC payable");

  const struct {
    std::function<void(v1::UpsertAccountMapRequest&)> edit;
    grpc::StatusCode code;
    const char* field;
  } kBad[] = {
      {[](auto& r) { r.set_entity_id("NOPE"); }, grpc::NOT_FOUND, "entity_id"},
      {[](auto& r) { r.clear_mappings(); }, grpc::INVALID_ARGUMENT, "mappings"},
      {[](auto& r) { *r.add_mappings() = r.mappings(0); }, grpc::INVALID_ARGUMENT,
       "mappings[1].transaction_type"},
      {[](auto& r) {
         r.mutable_mappings(0)->set_transaction_type(v1::TRANSACTION_TYPE_UNSPECIFIED);
       },
       grpc::INVALID_ARGUMENT, "mappings[0].transaction_type"},
      {[](auto& r) { r.mutable_mappings(0)->clear_buyer_credit(); }, grpc::INVALID_ARGUMENT,
       "mappings[0].buyer_credit"},
  };
  for (const auto& c : kBad) {
    v1::UpsertAccountMapRequest bad = map;
    bad.set_request_id("bad-map");
    c.edit(bad);
    const grpc::Status status =
        Call(*policies, &v1::PolicyService::Stub::UpsertAccountMap, bad, &mapped);
    EXPECT_EQ(status.error_code(), c.code) << c.field;
    EXPECT_EQ(ViolatedField(status), c.field) << status.error_message();
  }
}

}  // namespace
}  // namespace interco::testing
