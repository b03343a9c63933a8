// End to end: which FX rates a posting needs and which it finds. A SPOT rate serves the
// days after it within the staleness window (weekends, holidays), the posting reports the
// rate's date, and a sale to an employee asks for no rate into the employer's currency.
#include "gtest/gtest.h"
#include "interco/v1/group_structure.grpc.pb.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "interco/v1/policy.grpc.pb.h"
#include "interco/v1/transfer_pricing.grpc.pb.h"
#include "tests/grpc_errors.h"
#include "tests/requests.h"
#include "tests/server_process.h"
#include "tests/trading_group.h"

namespace interco::testing {
namespace {

using v1::LedgerService;

// Friday 2024-07-05; the trading group's own rate is of Sunday 2024-06-30.
constexpr int kFriday = 5;

class PostingRatesE2eTest : public ::testing::Test {
 public:
  void StartServer(std::vector<std::string> extra_flags = {}) {
    data_dir_ = FreshTempDir("posting_rates_data");
    std::vector<std::string> flags = {"--listen=127.0.0.1:0", "--data_dir=" + data_dir_};
    flags.insert(flags.end(), extra_flags.begin(), extra_flags.end());
    auto server = ServerProcess::Start(flags);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    ledger_ = LedgerService::NewStub(server_->Channel());
    const absl::Status status = SetUpTradingGroup(server_->Channel());
    ASSERT_TRUE(status.ok()) << status;
    // EUR/USD 1.2 on Friday 2024-07-05.
    v1::UpsertFxRateRequest rate;
    rate.set_request_id("fx-friday");
    rate.mutable_rate()->set_base_currency("EUR");
    rate.mutable_rate()->set_quote_currency("USD");
    rate.mutable_rate()->set_type(v1::RATE_TYPE_SPOT);
    *rate.mutable_rate()->mutable_validity()->mutable_valid_from() = Date(2024, 7, kFriday);
    rate.mutable_rate()->mutable_rate()->set_value("1.2");
    v1::UpsertFxRateResponse rate_response;
    auto policies = v1::PolicyService::NewStub(server_->Channel());
    ASSERT_TRUE(Call(*policies, &v1::PolicyService::Stub::UpsertFxRate, rate, &rate_response).ok());
  }

  // A goods sale from A (EUR) to B (USD) dated 2024-07-`day`.
  grpc::Status PostOn(int day, v1::PostTransactionResponse* response) {
    v1::PostTransactionRequest request = GoodsPosting("july-" + std::to_string(day));
    *request.mutable_transaction()->mutable_date() = Date(2024, 7, day);
    return Call(*ledger_, &LedgerService::Stub::PostTransaction, request, response);
  }

  std::string data_dir_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<LedgerService::Stub> ledger_;
};

TEST_F(PostingRatesE2eTest, ASundayPostingUsesFridaysSpotRateAndReportsItsDate) {
  ASSERT_NO_FATAL_FAILURE(StartServer());
  v1::PostTransactionResponse posted;
  const grpc::Status status = PostOn(7, &posted);  // Sunday.
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(posted.lines_size(), 4);
  const v1::LedgerLine& buyer_line = posted.lines(2);
  EXPECT_EQ(buyer_line.entity_id(), "B");
  EXPECT_EQ(buyer_line.fx_rate().value(), "1.2");
  EXPECT_EQ(buyer_line.fx_rate_date().day(), kFriday);
  EXPECT_EQ(buyer_line.functional_amount().units(), 259);  // 216 EUR x 1.2.
  EXPECT_EQ(buyer_line.functional_amount().nanos(), 200000000);
  // Quote reports the rate's date with each side's functional amount.
  const v1::PostTransactionRequest posting = GoodsPosting("unused");
  const v1::Transaction& sale = posting.transaction();
  v1::QuoteRequest quote_request;
  *quote_request.mutable_seller() = sale.seller();
  *quote_request.mutable_buyer() = sale.buyer();
  *quote_request.mutable_date() = Date(2024, 7, 7);
  quote_request.set_transaction_type(sale.transaction_type());
  *quote_request.mutable_quantity() = sale.quantity();
  quote_request.set_currency_code(sale.currency_code());
  *quote_request.mutable_inputs() = sale.inputs();
  auto pricing = v1::TransferPricingService::NewStub(server_->Channel());
  v1::QuoteResponse quote;
  ASSERT_TRUE(Call(*pricing, &v1::TransferPricingService::Stub::Quote, quote_request, &quote).ok());
  ASSERT_EQ(quote.functional_amounts_size(), 2);
  EXPECT_EQ(quote.functional_amounts(1).entity_id(), "B");
  EXPECT_EQ(quote.functional_amounts(1).rate().value(), "1.2");
  EXPECT_EQ(quote.functional_amounts(1).rate_date().month(), 7);
  EXPECT_EQ(quote.functional_amounts(1).rate_date().day(), kFriday);
  // Five days after the rate is still within the window.
  ASSERT_TRUE(PostOn(10, &posted).ok());
  EXPECT_EQ(posted.lines(2).fx_rate_date().day(), kFriday);
}

TEST_F(PostingRatesE2eTest, BeyondTheWindowTheRateIsMissingAndNothingIsWritten) {
  ASSERT_NO_FATAL_FAILURE(StartServer());
  v1::PostTransactionResponse posted;
  const grpc::Status status = PostOn(11, &posted);  // Six days after Friday.
  EXPECT_EQ(status.error_code(), grpc::FAILED_PRECONDITION) << status.error_message();
  EXPECT_EQ(status.error_message(),
            "no SPOT rate for EUR/USD on 2024-07-11 or in the 5 days before (direct, inverse, or "
            "through EUR)");
  v1::VerifyLedgerResponse verified;
  ASSERT_TRUE(
      Call(*ledger_, &LedgerService::Stub::VerifyLedger, v1::VerifyLedgerRequest(), &verified)
          .ok());
  EXPECT_EQ(verified.entries_checked(), 0u);
}

TEST_F(PostingRatesE2eTest, TheWindowIsAServerFlag) {
  ASSERT_NO_FATAL_FAILURE(StartServer({"--fx_spot_stale_days_max=0"}));
  v1::PostTransactionResponse posted;
  EXPECT_EQ(PostOn(7, &posted).error_code(), grpc::FAILED_PRECONDITION);
  ASSERT_TRUE(PostOn(kFriday, &posted).ok());
  const ServerProcess::Exit exit =
      ServerProcess::RunToExit({"--listen=127.0.0.1:0", "--data_dir=" + FreshTempDir("unused"),
                                "--fx_spot_stale_days_max=32"});
  EXPECT_EQ(exit.code, 2) << exit.stderr_text;
  EXPECT_NE(exit.stderr_text.find("--fx_spot_stale_days_max must be in [0, 31]"), std::string::npos)
      << exit.stderr_text;
}

TEST_F(PostingRatesE2eTest, ASaleToAnEmployeeNeedsNoRateIntoTheEmployersCurrency) {
  ASSERT_NO_FATAL_FAILURE(StartServer());
  auto structure = v1::GroupStructureService::NewStub(server_->Channel());
  v1::UpsertEmployeeRequest employee;
  employee.set_request_id("emp-bob");
  employee.mutable_employee()->set_employee_id("bob");
  employee.mutable_employee()->set_entity_id("B");  // B keeps USD books.
  employee.mutable_employee()->set_name("Bob");
  v1::UpsertEmployeeResponse employee_response;
  ASSERT_TRUE(Call(*structure, &v1::GroupStructureService::Stub::UpsertEmployee, employee,
                   &employee_response)
                  .ok());
  // March 2024 has no EUR/USD rate; A (EUR) sells in EUR and books in EUR.
  v1::PostTransactionRequest request = GoodsPosting("staff-sale");
  request.mutable_transaction()->mutable_buyer()->set_employee_id("bob");
  *request.mutable_transaction()->mutable_date() = Date(2024, 3, 1);
  v1::PostTransactionResponse posted;
  const grpc::Status status =
      Call(*ledger_, &LedgerService::Stub::PostTransaction, request, &posted);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(posted.lines_size(), 2);
  for (const v1::LedgerLine& line : posted.lines()) {
    EXPECT_EQ(line.entity_id(), "A");
    EXPECT_EQ(line.counterparty_id(), "bob");
    EXPECT_EQ(line.functional_amount().currency_code(), "EUR");
  }
}

}  // namespace
}  // namespace interco::testing
