// End to end through gRPC on the real server: bad input to the ledger is rejected with the exact
// code and field, and no bad request writes anything.
// The fixture (ledger_e2e_fixture.h) is shared with the other files split from the former
// ledger_e2e_test.cc: ledger_{posting,periods,batches,account_map,bad_input}_e2e_test.cc.
#include <functional>
#include <string>

#include "gtest/gtest.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "tests/grpc_errors.h"
#include "tests/ledger_e2e_fixture.h"
#include "tests/requests.h"

namespace interco::testing {
namespace {

using v1::LedgerService;

struct BadCase {
  const char* name;
  std::function<grpc::Status(LedgerE2eTest*)> send;
  grpc::StatusCode code;
  const char* field;
};

TEST_F(LedgerE2eTest, BadInputIsRejectedWithExactCodeAndFieldAndTheHeadDoesNotMove) {
  v1::PostTransactionResponse first;
  ASSERT_TRUE(PostOne(Post("ok-1"), &first).ok());
  auto post = [](std::function<void(v1::PostTransactionRequest&)> edit) {
    return [edit](LedgerE2eTest* t) {
      v1::PostTransactionRequest request = Post("bad");
      edit(request);
      v1::PostTransactionResponse response;
      return t->PostOne(request, &response);
    };
  };
  const BadCase kCases[] = {
      {"missing request id", post([](auto& r) { r.clear_request_id(); }), grpc::INVALID_ARGUMENT,
       "request_id"},
      {"oversized request id", post([](auto& r) { r.set_request_id(std::string(200, 'x')); }),
       grpc::INVALID_ARGUMENT, "request_id"},
      {"missing transaction id",
       post([](auto& r) { r.mutable_transaction()->clear_transaction_id(); }),
       grpc::INVALID_ARGUMENT, "transaction.transaction_id"},
      {"unknown seller",
       post([](auto& r) { r.mutable_transaction()->mutable_seller()->set_entity_id("NOPE"); }),
       grpc::NOT_FOUND, "transaction.seller.entity_id"},
      {"zero quantity",
       post([](auto& r) { r.mutable_transaction()->mutable_quantity()->set_value("0"); }),
       grpc::INVALID_ARGUMENT, "transaction.quantity"},
      {"negative price",
       post([](auto& r) { *r.mutable_transaction()->mutable_unit_price() = Money(-3); }),
       grpc::INVALID_ARGUMENT, "transaction.unit_price"},
      {"overflowing amount", post([](auto& r) {
         (*r.mutable_transaction()->mutable_inputs())["cost"] = Money(9000000000000000000);
         r.mutable_transaction()->mutable_quantity()->set_value("100000000");
       }),
       grpc::INVALID_ARGUMENT, "transaction.quantity"},
      {"no FX rate",  // Six days after the last SPOT rate: beyond the default window.
       post([](auto& r) { *r.mutable_transaction()->mutable_date() = Date(2024, 7, 6); }),
       grpc::FAILED_PRECONDITION, ""},
      {"no policy", post([](auto& r) {
         r.mutable_transaction()->set_transaction_type(v1::TRANSACTION_TYPE_ROYALTY);
       }),
       grpc::FAILED_PRECONDITION, ""},
      {"external without a price", post([](auto& r) {
         r.mutable_transaction()->mutable_buyer()->set_external_id("customer-1");
       }),
       grpc::INVALID_ARGUMENT, "transaction.unit_price"},
      {"empty batch",
       [](LedgerE2eTest* t) {
         v1::BatchPostTransactionsRequest batch;
         batch.set_request_id("empty");
         v1::BatchPostTransactionsResponse response;
         return Call(*t->ledger_, &LedgerService::Stub::BatchPostTransactions, batch, &response);
       },
       grpc::INVALID_ARGUMENT, "transactions"},
      {"batch above the limit",
       [](LedgerE2eTest* t) {
         v1::BatchPostTransactionsRequest batch;
         batch.set_request_id("huge");
         for (int i = 0; i < 1001; ++i) *batch.add_transactions() = Post("h" + std::to_string(i));
         v1::BatchPostTransactionsResponse response;
         return Call(*t->ledger_, &LedgerService::Stub::BatchPostTransactions, batch, &response);
       },
       grpc::INVALID_ARGUMENT, "transactions"},
      {"unknown sequence",
       [](LedgerE2eTest* t) {
         v1::GetEntryRequest request;
         request.set_sequence(99);
         v1::LedgerEntry response;
         return Call(*t->ledger_, &LedgerService::Stub::GetEntry, request, &response);
       },
       grpc::NOT_FOUND, "sequence"},
      {"list without entity",
       [](LedgerE2eTest* t) {
         v1::ListEntriesResponse response;
         return Call(*t->ledger_, &LedgerService::Stub::ListEntries, v1::ListEntriesRequest(),
                     &response);
       },
       grpc::INVALID_ARGUMENT, "entity_id"},
      {"list with a bad period",
       [](LedgerE2eTest* t) {
         v1::ListEntriesRequest request;
         request.set_entity_id("A");
         request.set_period("2024-13");
         v1::ListEntriesResponse response;
         return Call(*t->ledger_, &LedgerService::Stub::ListEntries, request, &response);
       },
       grpc::INVALID_ARGUMENT, "period"},
      {"list with a garbage token",
       [](LedgerE2eTest* t) {
         v1::ListEntriesRequest request;
         request.set_entity_id("A");
         request.set_page_token("!!not base64!!");
         v1::ListEntriesResponse response;
         return Call(*t->ledger_, &LedgerService::Stub::ListEntries, request, &response);
       },
       grpc::INVALID_ARGUMENT, "page_token"},
  };
  for (const BadCase& c : kCases) {
    SCOPED_TRACE(c.name);
    const grpc::Status status = c.send(this);
    EXPECT_EQ(status.error_code(), c.code) << status.error_message();
    EXPECT_EQ(ViolatedField(status), c.field) << status.error_message();
  }
  const v1::VerifyLedgerResponse verified = Verify();
  EXPECT_TRUE(verified.ok());
  EXPECT_EQ(verified.entries_checked(), 1u) << "no bad request may write";
}

}  // namespace
}  // namespace interco::testing
