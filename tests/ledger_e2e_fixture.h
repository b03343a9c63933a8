// The fixture of ledger_{posting,periods,batches,account_map,bad_input}_e2e_test.cc: a real server
// on a fresh data directory, the trading group of trading_group.h set up, and a ledger stub. Each
// test gets its own server and directory; nothing is shared between tests.
#ifndef INTERCO_TESTS_LEDGER_E2E_FIXTURE_H_
#define INTERCO_TESTS_LEDGER_E2E_FIXTURE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "tests/requests.h"
#include "tests/server_process.h"
#include "tests/trading_group.h"

namespace interco::testing {

inline google::type::Money Money(int64_t units, const char* currency = "EUR") {
  google::type::Money money;
  money.set_currency_code(currency);
  money.set_units(units);
  return money;
}

inline v1::PostTransactionRequest Post(const std::string& request_id, const char* seller = "A",
                                       const char* buyer = "B", int64_t cost = 100) {
  return GoodsPosting(request_id, seller, buyer, cost);
}

// "B Dr 1400 inventory 216 EUR = 237.60 USD": one line as the tests compare it.
inline std::string LineText(const v1::LedgerLine& l) {
  return absl::StrCat(l.entity_id(), l.side() == v1::SIDE_DEBIT ? " Dr " : " Cr ", l.account(), " ",
                      l.amount().units(), " ", l.amount().currency_code(), " = ",
                      l.functional_amount().units(), ".", l.functional_amount().nanos() / 10000000,
                      " ", l.functional_amount().currency_code());
}

class LedgerE2eTest : public ::testing::Test {
 public:
  void SetUp() override {
    data_dir_ = FreshTempDir("ledger_data");
    StartServer();
    const absl::Status status = SetUpTradingGroup(server_->Channel());
    ASSERT_TRUE(status.ok()) << status;
  }

  // (Re)starts the server on data_dir_; the previous one, if any, is stopped first.
  void StartServer() {
    ledger_.reset();
    server_.reset();
    auto server = ServerProcess::Start({"--listen=127.0.0.1:0", "--data_dir=" + data_dir_});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    ledger_ = v1::LedgerService::NewStub(server_->Channel());
  }

  grpc::Status PostOne(const v1::PostTransactionRequest& request,
                       v1::PostTransactionResponse* response) {
    return Call(*ledger_, &v1::LedgerService::Stub::PostTransaction, request, response);
  }

  v1::VerifyLedgerResponse Verify() {
    v1::VerifyLedgerResponse response;
    EXPECT_TRUE(
        Call(*ledger_, &v1::LedgerService::Stub::VerifyLedger, v1::VerifyLedgerRequest(), &response)
            .ok());
    return response;
  }

  std::string data_dir_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<v1::LedgerService::Stub> ledger_;
};

}  // namespace interco::testing

#endif  // INTERCO_TESTS_LEDGER_E2E_FIXTURE_H_
