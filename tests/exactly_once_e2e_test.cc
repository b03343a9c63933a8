// End to end: every path that admits postings posts each request and each invoice exactly
// once (issue "Exactly once on every path"), on the real server.
#include <atomic>
#include <set>
#include <thread>

#include "gtest/gtest.h"
#include "interco/v1/group_structure.grpc.pb.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "tests/grpc_errors.h"
#include "tests/requests.h"
#include "tests/server_process.h"
#include "tests/trading_group.h"

namespace interco::testing {
namespace {

using v1::LedgerService;

// The same invoice as `GoodsPosting(original)` sent under another request id.
v1::PostTransactionRequest Resent(const std::string& original, const std::string& request_id,
                                  int64_t cost = 100) {
  v1::PostTransactionRequest request = GoodsPosting(original, "A", "B", cost);
  request.set_request_id(request_id);
  return request;
}

class ExactlyOnceE2eTest : public ::testing::Test {
 public:
  void SetUp() override {
    auto server = ServerProcess::Start(
        {"--listen=127.0.0.1:0", "--data_dir=" + FreshTempDir("exactly_once_data")});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    ledger_ = LedgerService::NewStub(server_->Channel());
    const absl::Status status = SetUpTradingGroup(server_->Channel());
    ASSERT_TRUE(status.ok()) << status;
  }

  grpc::Status PostOne(const v1::PostTransactionRequest& request,
                       v1::PostTransactionResponse* response) {
    return Call(*ledger_, &LedgerService::Stub::PostTransaction, request, response);
  }

  grpc::Status Batch(std::vector<v1::PostTransactionRequest> items, bool atomic,
                     v1::BatchPostTransactionsResponse* response) {
    v1::BatchPostTransactionsRequest batch;
    batch.set_request_id("batch");
    batch.set_atomic(atomic);
    for (v1::PostTransactionRequest& item : items) *batch.add_transactions() = std::move(item);
    return Call(*ledger_, &LedgerService::Stub::BatchPostTransactions, batch, response);
  }

  v1::StreamPostTransactionsResponse Stream(const std::vector<v1::PostTransactionRequest>& items) {
    grpc::ClientContext context;
    v1::StreamPostTransactionsResponse response;
    auto writer = ledger_->StreamPostTransactions(&context, &response);
    for (const v1::PostTransactionRequest& item : items) EXPECT_TRUE(writer->Write(item));
    writer->WritesDone();
    const grpc::Status status = writer->Finish();
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  v1::VerifyLedgerResponse Verify() {
    v1::VerifyLedgerResponse response;
    const grpc::Status status =
        Call(*ledger_, &LedgerService::Stub::VerifyLedger, v1::VerifyLedgerRequest(), &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_TRUE(response.ok()) << response.problem();
    return response;
  }

  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<LedgerService::Stub> ledger_;
};

TEST_F(ExactlyOnceE2eTest, AnAtomicBatchRepeatingARequestIdIsRefusedAndWritesNothing) {
  v1::BatchPostTransactionsResponse response;
  // The same body twice, then two bodies under one id.
  grpc::Status status =
      Batch({GoodsPosting("a1"), GoodsPosting("a2"), GoodsPosting("a1")}, true, &response);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedField(status), "transactions[2].request_id");
  v1::PostTransactionRequest other = GoodsPosting("a2", "A", "B", 150);
  other.set_request_id("a1");
  status = Batch({GoodsPosting("a1"), other}, true, &response);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedField(status), "transactions[1].request_id");
  EXPECT_EQ(Verify().entries_checked(), 0u);
  // Nothing was written, so the first body can still be posted and then confirmed.
  v1::PostTransactionResponse posted, retried;
  ASSERT_TRUE(PostOne(GoodsPosting("a1"), &posted).ok());
  ASSERT_TRUE(PostOne(GoodsPosting("a1"), &retried).ok());
  EXPECT_EQ(retried.sequence(), posted.sequence());
}

TEST_F(ExactlyOnceE2eTest, AnAtomicBatchRepeatingAnInvoiceIsRefusedAndWritesNothing) {
  v1::BatchPostTransactionsResponse response;
  const grpc::Status status =
      Batch({GoodsPosting("b1"), GoodsPosting("b2"), Resent("b1", "b3")}, true, &response);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedField(status), "transactions[2].transaction.transaction_id");
  EXPECT_EQ(Verify().entries_checked(), 0u);
}

TEST_F(ExactlyOnceE2eTest, APerItemBatchAnswersARepeatWithTheOriginalOrAlreadyExists) {
  v1::PostTransactionRequest other = GoodsPosting("c2", "A", "B", 150);
  other.set_request_id("c1");
  v1::BatchPostTransactionsResponse response;
  ASSERT_TRUE(
      Batch({GoodsPosting("c1"), GoodsPosting("c1"), other, Resent("c1", "c3")}, false, &response)
          .ok());
  ASSERT_EQ(response.results_size(), 4);
  EXPECT_EQ(response.results(0).status().code(), 0);
  EXPECT_EQ(response.results(1).response().sequence(), response.results(0).response().sequence());
  EXPECT_EQ(response.results(2).status().code(), grpc::ALREADY_EXISTS);
  EXPECT_EQ(response.results(3).status().code(), 0) << response.results(3).status().message();
  EXPECT_EQ(response.results(3).response().sequence(), response.results(0).response().sequence());
  EXPECT_EQ(response.results(3).response().original_request_id(), "c1");
  EXPECT_EQ(Verify().entries_checked(), 1u);
}

TEST_F(ExactlyOnceE2eTest, AStreamAnswersARepeatWithTheOriginalOrAlreadyExists) {
  v1::PostTransactionRequest other = GoodsPosting("d2", "A", "B", 150);
  other.set_request_id("d1");
  const v1::StreamPostTransactionsResponse response = Stream(
      {GoodsPosting("d1"), GoodsPosting("d1"), other, Resent("d1", "d3"), Resent("d1", "d4", 150)});
  ASSERT_EQ(response.results_size(), 5);
  const uint64_t first = response.results(0).response().sequence();
  EXPECT_EQ(response.results(1).response().sequence(), first);
  EXPECT_EQ(response.results(2).status().code(), grpc::ALREADY_EXISTS);
  EXPECT_EQ(response.results(3).response().sequence(), first);
  EXPECT_EQ(response.results(4).status().code(), grpc::ALREADY_EXISTS);
  EXPECT_EQ(Verify().entries_checked(), 1u);
}

TEST_F(ExactlyOnceE2eTest, AResentInvoiceReturnsTheOriginalAndOtherContentIsRefused) {
  v1::PostTransactionResponse posted, resent;
  ASSERT_TRUE(PostOne(GoodsPosting("e1"), &posted).ok());
  ASSERT_TRUE(PostOne(Resent("e1", "e2"), &resent).ok());
  EXPECT_EQ(resent.sequence(), posted.sequence());
  EXPECT_EQ(resent.original_request_id(), "e1");
  EXPECT_EQ(posted.original_request_id(), "");
  const grpc::Status other = PostOne(Resent("e1", "e3", 150), &resent);
  EXPECT_EQ(other.error_code(), grpc::ALREADY_EXISTS);
  EXPECT_EQ(ViolatedField(other), "transaction.transaction_id");
  // A reversal frees nothing: the corrected invoice needs a new transaction_id.
  v1::ReverseTransactionRequest reverse;
  reverse.set_request_id("e1-reversal");
  reverse.set_sequence(posted.sequence());
  reverse.mutable_date()->set_year(2024);
  reverse.mutable_date()->set_month(6);
  reverse.mutable_date()->set_day(30);
  v1::PostTransactionResponse reversed;
  ASSERT_TRUE(Call(*ledger_, &LedgerService::Stub::ReverseTransaction, reverse, &reversed).ok());
  EXPECT_EQ(PostOne(Resent("e1", "e4", 150), &resent).error_code(), grpc::ALREADY_EXISTS);
  ASSERT_TRUE(PostOne(Resent("e1", "e5"), &resent).ok());
  EXPECT_EQ(resent.sequence(), posted.sequence());
  EXPECT_EQ(Verify().entries_checked(), 2u);
}

TEST_F(ExactlyOnceE2eTest, ConcurrentResendsOfOneInvoiceUnderNewIdsPostItOnce) {
  constexpr int kThreads = 8, kEach = 10;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  std::mutex mu;
  std::set<uint64_t> sequences;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto stub = LedgerService::NewStub(server_->Channel());
      for (int i = 0; i < kEach; ++i) {
        v1::PostTransactionResponse response;
        const grpc::Status status = Call(*stub, &LedgerService::Stub::PostTransaction,
                                         Resent("f", absl::StrCat("f-", t, "-", i)), &response);
        if (!status.ok()) {
          ++failures;
          continue;
        }
        std::lock_guard<std::mutex> lock(mu);
        sequences.insert(response.sequence());
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(sequences.size(), 1u);
  EXPECT_EQ(Verify().entries_checked(), 1u);
}

// Data that cannot change under the ledger: an entity's lines are in its functional
// currency, so that currency is fixed once it has postings.
TEST_F(ExactlyOnceE2eTest, AnEntitysCurrencyCannotChangeOnceItHasPostings) {
  auto structure = v1::GroupStructureService::NewStub(server_->Channel());
  v1::UpsertEntityResponse upserted;
  // No postings yet: a currency may still be corrected.
  ASSERT_TRUE(Call(*structure, &v1::GroupStructureService::Stub::UpsertEntity,
                   EntityRequest("Q", "q-eur"), &upserted)
                  .ok());
  ASSERT_TRUE(Call(*structure, &v1::GroupStructureService::Stub::UpsertEntity,
                   EntityRequest("Q", "q-usd", "USD"), &upserted)
                  .ok());
  v1::PostTransactionResponse posted;
  ASSERT_TRUE(PostOne(GoodsPosting("g1"), &posted).ok());
  const grpc::Status changed = Call(*structure, &v1::GroupStructureService::Stub::UpsertEntity,
                                    EntityRequest("A", "a-usd", "USD"), &upserted);
  EXPECT_EQ(changed.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_EQ(ViolatedField(changed), "entity.functional_currency");
  // The same currency (a name change, say) is fine.
  EXPECT_TRUE(Call(*structure, &v1::GroupStructureService::Stub::UpsertEntity,
                   EntityRequest("A", "a-eur", "EUR"), &upserted)
                  .ok());
  EXPECT_EQ(Verify().entries_checked(), 1u);
}

}  // namespace
}  // namespace interco::testing
