// End to end: periods stay inside the calendar the API accepts (1900-01 to 9999-12), also
// when a rolling close moves lines forward (docs/RELIABILITY.md, "Faults tried by an
// independent probe").
#include "gtest/gtest.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "interco/v1/policy.grpc.pb.h"
#include "tests/grpc_errors.h"
#include "tests/requests.h"
#include "tests/server_process.h"
#include "tests/trading_group.h"

namespace interco::testing {
namespace {

class PeriodE2eTest : public ::testing::Test {
 public:
  void SetUp() override {
    auto server =
        ServerProcess::Start({"--listen=127.0.0.1:0", "--data_dir=" + FreshTempDir("period_data")});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    ASSERT_TRUE(SetUpTradingGroup(server_->Channel()).ok());
    ledger_ = v1::LedgerService::NewStub(server_->Channel());
    policies_ = v1::PolicyService::NewStub(server_->Channel());
  }

  grpc::Status Close(const char* entity, const char* period, bool roll_forward) {
    v1::ClosePeriodRequest close;
    close.set_request_id(absl::StrCat("close-", entity, "-", period, roll_forward));
    close.set_entity_id(entity);
    close.set_period(period);
    close.set_roll_forward(roll_forward);
    v1::ClosePeriodResponse closed;
    return Call(*policies_, &v1::PolicyService::Stub::ClosePeriod, close, &closed);
  }

  // A sale from P to A (both EUR: no rate needed) on `date`.
  grpc::Status PostOn(const std::string& request_id, int year, int month, int day,
                      v1::PostTransactionResponse* response) {
    v1::PostTransactionRequest request = GoodsPosting(request_id, "P", "A");
    *request.mutable_transaction()->mutable_date() = Date(year, month, day);
    return Call(*ledger_, &v1::LedgerService::Stub::PostTransaction, request, response);
  }

  uint64_t EntriesOnTheLedger() {
    v1::VerifyLedgerResponse verified;
    EXPECT_TRUE(
        Call(*ledger_, &v1::LedgerService::Stub::VerifyLedger, v1::VerifyLedgerRequest(), &verified)
            .ok());
    EXPECT_TRUE(verified.ok()) << verified.problem();
    return verified.entries_checked();
  }

  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<v1::LedgerService::Stub> ledger_;
  std::unique_ptr<v1::PolicyService::Stub> policies_;
};

TEST_F(PeriodE2eTest, TheLastPeriodCannotRollForward) {
  const grpc::Status status = Close("A", "9999-12", true);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedField(status), "roll_forward");
  v1::PostTransactionResponse posted;
  const grpc::Status post = PostOn("last-day", 9999, 12, 31, &posted);
  ASSERT_TRUE(post.ok()) << post.error_message();
  for (const v1::LedgerLine& line : posted.lines()) EXPECT_EQ(line.period(), "9999-12");
}

TEST_F(PeriodE2eTest, ARollingCloseThatWouldLeaveTheCalendarRefusesThePosting) {
  ASSERT_TRUE(Close("A", "9999-11", true).ok());
  ASSERT_TRUE(Close("A", "9999-12", false).ok());
  v1::PostTransactionResponse posted;
  EXPECT_EQ(PostOn("november", 9999, 11, 30, &posted).error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_EQ(EntriesOnTheLedger(), 0u);
  // P's own months are open: only A's lines would have moved.
  ASSERT_TRUE(Close("A", "9999-10", true).ok());
  EXPECT_EQ(PostOn("october", 9999, 10, 31, &posted).error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_EQ(EntriesOnTheLedger(), 0u);
}

}  // namespace
}  // namespace interco::testing
