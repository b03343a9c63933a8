// End to end through gRPC on the real server: closed and rolled-forward periods, a policy's
// arm's-length check of an ERP price, and reversals.
// The fixture (ledger_e2e_fixture.h) is shared with the other files split from the former
// ledger_e2e_test.cc: ledger_{posting,periods,batches,account_map,bad_input}_e2e_test.cc.
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "interco/v1/policy.grpc.pb.h"
#include "tests/grpc_errors.h"
#include "tests/ledger_e2e_fixture.h"
#include "tests/requests.h"

namespace interco::testing {
namespace {

using v1::LedgerService;

TEST_F(LedgerE2eTest, ClosedPeriodsRefusePostingsUntilReopened) {
  auto policies = v1::PolicyService::NewStub(server_->Channel());
  v1::ClosePeriodRequest close;
  close.set_request_id("close-b-june");
  close.set_entity_id("B");
  close.set_period("2024-06");
  v1::ClosePeriodResponse closed;
  ASSERT_TRUE(Call(*policies, &v1::PolicyService::Stub::ClosePeriod, close, &closed).ok());
  v1::PostTransactionResponse response;
  grpc::Status status = PostOne(Post("p1"), &response);
  EXPECT_EQ(status.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_NE(status.error_message().find("period 2024-06 of B is closed"), std::string::npos);
  close.set_request_id("close-again");
  EXPECT_EQ(Call(*policies, &v1::PolicyService::Stub::ClosePeriod, close, &closed).error_code(),
            grpc::FAILED_PRECONDITION);
  close.set_entity_id("NOPE");
  EXPECT_EQ(Call(*policies, &v1::PolicyService::Stub::ClosePeriod, close, &closed).error_code(),
            grpc::NOT_FOUND);
  close.set_entity_id("B");
  close.set_period("2024-6");
  EXPECT_EQ(Call(*policies, &v1::PolicyService::Stub::ClosePeriod, close, &closed).error_code(),
            grpc::INVALID_ARGUMENT);
  v1::ReopenPeriodRequest reopen;
  reopen.set_request_id("reopen-b-june");
  reopen.set_entity_id("B");
  reopen.set_period("2024-06");
  v1::ReopenPeriodResponse reopened;
  ASSERT_TRUE(Call(*policies, &v1::PolicyService::Stub::ReopenPeriod, reopen, &reopened).ok());
  status = PostOne(Post("p1"), &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
}

TEST_F(LedgerE2eTest, ARollingCloseMovesTheEntitysLinesToItsNextOpenPeriod) {
  auto policies = v1::PolicyService::NewStub(server_->Channel());
  for (const char* period : {"2024-06", "2024-07"}) {
    v1::ClosePeriodRequest close;
    close.set_request_id(absl::StrCat("close-", period));
    close.set_entity_id("B");
    close.set_period(period);
    close.set_roll_forward(true);
    v1::ClosePeriodResponse closed;
    ASSERT_TRUE(Call(*policies, &v1::PolicyService::Stub::ClosePeriod, close, &closed).ok());
  }
  v1::PostTransactionResponse posted;
  const grpc::Status status = PostOne(Post("late"), &posted);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(posted.lines(0).period(), "2024-06") << "A's June is open";
  EXPECT_EQ(posted.lines(2).period(), "2024-08") << "B's June and July are closed";
  EXPECT_TRUE(Verify().ok());
}

TEST_F(LedgerE2eTest, APolicyMayRejectAnOutOfRangeErpPrice) {
  auto policies = v1::PolicyService::NewStub(server_->Channel());
  v1::UpsertPolicyRequest policy;
  policy.set_request_id("strict");
  v1::Policy* p = policy.mutable_policy();
  p->set_policy_id("strict-widgets");
  p->mutable_pattern()->set_transaction_type(v1::TRANSACTION_TYPE_GOODS);
  p->mutable_pattern()->set_category("widgets");
  *p->mutable_pattern()->mutable_validity()->mutable_valid_from() = Date(2024, 1, 1);
  p->set_method(v1::PRICING_METHOD_COST_PLUS);
  for (const char* markup : {"0.05", "0.06", "0.08", "0.10"})
    p->add_comparables()->set_value(markup);
  p->set_range_strategy(v1::RANGE_STRATEGY_US_INTERQUARTILE);
  p->set_reject_out_of_range(true);
  v1::UpsertPolicyResponse upserted;
  ASSERT_TRUE(Call(*policies, &v1::PolicyService::Stub::UpsertPolicy, policy, &upserted).ok());
  v1::PostTransactionRequest request = Post("erp-price");
  request.mutable_transaction()->set_category("widgets");
  *request.mutable_transaction()->mutable_unit_price() = Money(150);  // Cost 100: 50% markup.
  v1::PostTransactionResponse posted;
  const grpc::Status status = PostOne(request, &posted);
  EXPECT_EQ(status.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_EQ(ViolatedField(status), "transaction.unit_price");
  *request.mutable_transaction()->mutable_unit_price() = Money(107);  // Inside [105.5, 109].
  request.set_request_id("erp-price-2");
  ASSERT_TRUE(PostOne(request, &posted).ok());
  EXPECT_EQ(posted.lines(0).amount().units(), 214);
}

TEST_F(LedgerE2eTest, ReversalSwapsTheLinesOnceAndNeverReversesAReversal) {
  v1::PostTransactionResponse original;
  ASSERT_TRUE(PostOne(Post("r1"), &original).ok());
  v1::ReverseTransactionRequest reverse;
  reverse.set_request_id("rev-1");
  reverse.set_sequence(original.sequence());
  *reverse.mutable_date() = Date(2024, 7, 2);
  v1::PostTransactionResponse reversal;
  grpc::Status status =
      Call(*ledger_, &LedgerService::Stub::ReverseTransaction, reverse, &reversal);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(reversal.sequence(), 2u);
  ASSERT_EQ(reversal.lines_size(), 4);
  for (int i = 0; i < 4; ++i) {
    EXPECT_NE(reversal.lines(i).side(), original.lines(i).side());
    EXPECT_EQ(reversal.lines(i).account(), original.lines(i).account());
    EXPECT_EQ(reversal.lines(i).period(), "2024-07");
  }
  v1::PostTransactionResponse retried;
  ASSERT_TRUE(Call(*ledger_, &LedgerService::Stub::ReverseTransaction, reverse, &retried).ok());
  EXPECT_EQ(retried.sequence(), 2u);
  reverse.set_request_id("rev-2");
  status = Call(*ledger_, &LedgerService::Stub::ReverseTransaction, reverse, &retried);
  EXPECT_EQ(status.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_EQ(ViolatedField(status), "sequence");
  reverse.set_sequence(2);
  status = Call(*ledger_, &LedgerService::Stub::ReverseTransaction, reverse, &retried);
  EXPECT_EQ(status.error_code(), grpc::FAILED_PRECONDITION);
  reverse.set_sequence(1);
  *reverse.mutable_date() = Date(2024, 6, 29);
  reverse.set_request_id("rev-3");
  EXPECT_EQ(
      Call(*ledger_, &LedgerService::Stub::ReverseTransaction, reverse, &retried).error_code(),
      grpc::INVALID_ARGUMENT);
  reverse.set_sequence(99);
  EXPECT_EQ(
      Call(*ledger_, &LedgerService::Stub::ReverseTransaction, reverse, &retried).error_code(),
      grpc::NOT_FOUND);
  const v1::VerifyLedgerResponse verified = Verify();
  EXPECT_TRUE(verified.ok()) << verified.problem();
  EXPECT_EQ(verified.entries_checked(), 2u);
}

}  // namespace
}  // namespace interco::testing
