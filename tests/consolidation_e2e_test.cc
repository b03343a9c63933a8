// End to end: RunConsolidation over the real ledger, reproducible "as of" a sequence.
#include <atomic>
#include <thread>

#include "gtest/gtest.h"
#include "interco/v1/consolidation.grpc.pb.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "interco/v1/policy.grpc.pb.h"
#include "tests/requests.h"
#include "tests/server_process.h"
#include "tests/trading_group.h"

namespace interco::testing {
namespace {

v1::UpsertFxRateRequest Rate(const std::string& id, v1::RateType type, google::type::Date from,
                             google::type::Date to, const char* rate) {
  v1::UpsertFxRateRequest request;
  request.set_request_id(id);
  request.mutable_rate()->set_base_currency("EUR");
  request.mutable_rate()->set_quote_currency("USD");
  request.mutable_rate()->set_type(type);
  *request.mutable_rate()->mutable_validity()->mutable_valid_from() = from;
  *request.mutable_rate()->mutable_validity()->mutable_valid_to() = to;
  request.mutable_rate()->mutable_rate()->set_value(rate);
  return request;
}

class ConsolidationE2eTest : public ::testing::Test {
 public:
  void SetUp() override {
    auto server = ServerProcess::Start({"--listen=127.0.0.1:0", "--data_dir=" + FreshTempDir("c")});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    ASSERT_TRUE(SetUpTradingGroup(server_->Channel()).ok());
    auto policies = v1::PolicyService::NewStub(server_->Channel());
    for (const auto& rate :
         {Rate("c-may", v1::RATE_TYPE_CLOSING, Date(2024, 5, 31), Date(2024, 6, 1), "1.08"),
          Rate("c-jun", v1::RATE_TYPE_CLOSING, Date(2024, 6, 30), Date(2024, 7, 1), "1.12"),
          Rate("a-jun", v1::RATE_TYPE_AVERAGE, Date(2024, 6, 1), Date(2024, 7, 1), "1.1")}) {
      v1::UpsertFxRateResponse response;
      ASSERT_TRUE(Call(*policies, &v1::PolicyService::Stub::UpsertFxRate, rate, &response).ok());
    }
    ledger_ = v1::LedgerService::NewStub(server_->Channel());
    consolidation_ = v1::ConsolidationService::NewStub(server_->Channel());
    for (int i = 0; i < 5; ++i) Post("seed-" + std::to_string(i));
  }

  void Post(const std::string& id) {
    v1::PostTransactionResponse response;
    ASSERT_TRUE(
        Call(*ledger_, &v1::LedgerService::Stub::PostTransaction, GoodsPosting(id), &response)
            .ok());
  }

  grpc::Status Run(const v1::RunConsolidationRequest& request,
                   std::vector<v1::ConsolidationChunk>* chunks) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    auto reader = consolidation_->RunConsolidation(&context, request);
    v1::ConsolidationChunk chunk;
    while (reader->Read(&chunk)) chunks->push_back(chunk);
    return reader->Finish();
  }

  static v1::RunConsolidationRequest June() {
    v1::RunConsolidationRequest request;
    request.set_parent_id("P");
    request.set_period("2024-06");
    request.set_presentation_currency("EUR");
    return request;
  }

  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<v1::LedgerService::Stub> ledger_;
  std::unique_ptr<v1::ConsolidationService::Stub> consolidation_;
};

TEST_F(ConsolidationE2eTest, EliminatesTheIntercompanyBalancesAndStatesWhatItRead) {
  std::vector<v1::ConsolidationChunk> chunks;
  const grpc::Status status = Run(June(), &chunks);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_FALSE(chunks.empty());
  EXPECT_EQ(chunks[0].as_of_sequence(), 5u);
  EXPECT_EQ(chunks[0].chain_hash().size(), 64u);
  EXPECT_EQ(chunks[0].scope_size(), 3);
  int64_t total_nanos = 0;
  for (const auto& chunk : chunks) {
    for (const auto& balance : chunk.balances()) {
      EXPECT_NE(balance.account(), "1310 IC receivable");
      EXPECT_NE(balance.account(), "2310 IC payable");
      total_nanos += balance.amount().units() * 1000000000 + balance.amount().nanos();
    }
  }
  EXPECT_EQ(total_nanos, 0) << "the consolidated trial balance sums to zero";
  EXPECT_GT(chunks[0].eliminations_size(), 0);
}

// Shares and methods are typed (the sign convention is checked on the example group, whose
// USD and JPY books give a CTA, in cli_e2e_test).
TEST_F(ConsolidationE2eTest, ScopeIsTyped) {
  std::vector<v1::ConsolidationChunk> chunks;
  ASSERT_TRUE(Run(June(), &chunks).ok());
  ASSERT_FALSE(chunks.empty());
  ASSERT_EQ(chunks[0].scope_size(), 3);
  for (const v1::ScopeEntry& entry : chunks[0].scope()) {
    EXPECT_EQ(entry.method(), v1::CONSOLIDATION_METHOD_FULL) << entry.entity_id();
    EXPECT_EQ(entry.effective_share().value(), "1") << entry.entity_id();
  }
}

TEST_F(ConsolidationE2eTest, AsOfRerunIsByteIdenticalWhilePostingContinues) {
  std::vector<v1::ConsolidationChunk> first;
  ASSERT_TRUE(Run(June(), &first).ok());
  std::atomic<bool> stop{false};
  std::thread poster([&] {
    auto stub = v1::LedgerService::NewStub(server_->Channel());
    for (int i = 0; !stop && i < 500; ++i) {
      v1::PostTransactionResponse response;
      (void)Call(*stub, &v1::LedgerService::Stub::PostTransaction,
                 GoodsPosting("more-" + std::to_string(i)), &response);
    }
  });
  v1::RunConsolidationRequest again = June();
  again.set_as_of_sequence(first[0].as_of_sequence());
  again.set_structure_version(first[0].structure_version());
  again.set_pricing_version(first[0].pricing_version());
  for (int round = 0; round < 3; ++round) {
    std::vector<v1::ConsolidationChunk> rerun;
    ASSERT_TRUE(Run(again, &rerun).ok());
    ASSERT_EQ(rerun.size(), first.size());
    for (size_t i = 0; i < first.size(); ++i) {
      EXPECT_EQ(rerun[i].SerializeAsString(), first[i].SerializeAsString()) << "chunk " << i;
    }
  }
  stop = true;
  poster.join();
}

TEST_F(ConsolidationE2eTest, MismatchesNameTheirTypeAndRespectTheTolerance) {
  v1::GetMismatchesRequest request;
  request.set_parent_id("P");
  request.set_period("2024-06");
  request.set_presentation_currency("EUR");
  v1::GetMismatchesResponse response;
  ASSERT_TRUE(
      Call(*consolidation_, &v1::ConsolidationService::Stub::GetMismatches, request, &response)
          .ok());
  EXPECT_EQ(response.as_of_sequence(), 5u);
  // B keeps USD books, booked at the day's SPOT 1.1 and translated at June's rates: the
  // sides agree in EUR and differ only by translation.
  ASSERT_EQ(response.mismatches_size(), 2);
  for (const v1::Mismatch& m : response.mismatches()) {
    EXPECT_EQ(m.entity_id(), "A");
    EXPECT_EQ(m.counterparty_id(), "B");
    EXPECT_EQ(m.type(), v1::MISMATCH_TYPE_FX);
  }
  request.mutable_tolerance()->set_value("1000000");
  ASSERT_TRUE(
      Call(*consolidation_, &v1::ConsolidationService::Stub::GetMismatches, request, &response)
          .ok());
  EXPECT_EQ(response.mismatches_size(), 0);
  request.mutable_tolerance()->set_value("-1");
  EXPECT_EQ(
      Call(*consolidation_, &v1::ConsolidationService::Stub::GetMismatches, request, &response)
          .error_code(),
      grpc::INVALID_ARGUMENT);
}

TEST_F(ConsolidationE2eTest, BadRequestsGetExactCodes) {
  const struct {
    std::function<void(v1::RunConsolidationRequest&)> edit;
    grpc::StatusCode code;
  } kCases[] = {
      {[](auto& r) { r.set_period("2024-13"); }, grpc::INVALID_ARGUMENT},
      {[](auto& r) { r.set_presentation_currency("EURO"); }, grpc::INVALID_ARGUMENT},
      {[](auto& r) { r.set_parent_id("NOPE"); }, grpc::NOT_FOUND},
      {[](auto& r) { r.set_as_of_sequence(999); }, grpc::INVALID_ARGUMENT},
      {[](auto& r) { r.set_structure_version(999); }, grpc::NOT_FOUND},
      {[](auto& r) { r.set_period("2024-08"); }, grpc::FAILED_PRECONDITION},  // No rates.
  };
  for (const auto& c : kCases) {
    v1::RunConsolidationRequest request = June();
    c.edit(request);
    std::vector<v1::ConsolidationChunk> chunks;
    EXPECT_EQ(Run(request, &chunks).error_code(), c.code) << request.ShortDebugString();
    EXPECT_TRUE(chunks.empty());
  }
}

}  // namespace
}  // namespace interco::testing
