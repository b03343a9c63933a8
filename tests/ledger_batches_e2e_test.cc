// End to end through gRPC on the real server: atomic and per-item batches, streamed imports and
// the stream's length limit.
// The fixture (ledger_e2e_fixture.h) is shared with the other files split from the former
// ledger_e2e_test.cc: ledger_{posting,periods,batches,account_map,bad_input}_e2e_test.cc.
#include <set>
#include <string>

#include "gtest/gtest.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "tests/grpc_errors.h"
#include "tests/ledger_e2e_fixture.h"

namespace interco::testing {
namespace {

using v1::LedgerService;

TEST_F(LedgerE2eTest, AtomicBatchWritesNothingWhenOneItemFailsAndPerItemBatchReportsEach) {
  v1::BatchPostTransactionsRequest batch;
  batch.set_request_id("batch-1");
  batch.set_atomic(true);
  *batch.add_transactions() = Post("b1");
  *batch.add_transactions() = Post("b2", "A", "B", -5);
  v1::BatchPostTransactionsResponse response;
  grpc::Status status =
      Call(*ledger_, &LedgerService::Stub::BatchPostTransactions, batch, &response);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedField(status), "transactions[1].transaction.inputs[cost]");
  EXPECT_EQ(Verify().entries_checked(), 0u);

  batch.set_atomic(false);
  status = Call(*ledger_, &LedgerService::Stub::BatchPostTransactions, batch, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.results_size(), 2);
  EXPECT_EQ(response.results(0).status().code(), 0);
  EXPECT_EQ(response.results(0).response().sequence(), 1u);
  EXPECT_EQ(response.results(1).status().code(), grpc::INVALID_ARGUMENT);

  batch.set_atomic(true);
  batch.mutable_transactions(1)->CopyFrom(Post("b3"));
  status = Call(*ledger_, &LedgerService::Stub::BatchPostTransactions, batch, &response);
  EXPECT_EQ(status.error_code(), grpc::ALREADY_EXISTS) << "b1 was posted, b3 was not";
  batch.mutable_transactions(0)->CopyFrom(Post("b4"));
  status = Call(*ledger_, &LedgerService::Stub::BatchPostTransactions, batch, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.results(1).response().sequence(), 3u);
}

TEST_F(LedgerE2eTest, StreamedImportAnswersEachTransactionInOrder) {
  grpc::ClientContext context;
  v1::StreamPostTransactionsResponse response;
  auto writer = ledger_->StreamPostTransactions(&context, &response);
  for (int i = 0; i < 60; ++i) {
    // Item 10 is invalid, item 20 repeats item 5.
    v1::PostTransactionRequest request = Post("s" + std::to_string(i == 20 ? 5 : i));
    if (i == 10) request.mutable_transaction()->mutable_quantity()->set_value("-1");
    ASSERT_TRUE(writer->Write(request));
  }
  writer->WritesDone();
  const grpc::Status status = writer->Finish();
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.results_size(), 60);
  EXPECT_EQ(response.results(10).status().code(), grpc::INVALID_ARGUMENT);
  EXPECT_EQ(response.results(20).response().sequence(), response.results(5).response().sequence());
  std::set<uint64_t> sequences;
  for (const auto& result : response.results()) {
    if (result.status().code() == 0) sequences.insert(result.response().sequence());
  }
  EXPECT_EQ(sequences.size(), 58u);
  EXPECT_EQ(Verify().entries_checked(), 58u);
}

TEST_F(LedgerE2eTest, StreamLongerThanItsLimitIsResourceExhausted) {
  grpc::ClientContext context;
  v1::StreamPostTransactionsResponse response;
  auto writer = ledger_->StreamPostTransactions(&context, &response);
  v1::PostTransactionRequest invalid = Post("x");
  invalid.clear_request_id();  // Rejected before any write: the test stays fast.
  for (int i = 0; i <= 10000; ++i) {
    if (!writer->Write(invalid)) break;
  }
  writer->WritesDone();
  EXPECT_EQ(writer->Finish().error_code(), grpc::RESOURCE_EXHAUSTED);
  EXPECT_EQ(Verify().entries_checked(), 0u);
}

}  // namespace
}  // namespace interco::testing
