// End to end: manual journal entries and the ledger head on the real server (issue 13,
// "Manual journal entries" and "Read back what you write").
#include <thread>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "interco/v1/consolidation.grpc.pb.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "interco/v1/policy.grpc.pb.h"
#include "tests/grpc_errors.h"
#include "tests/requests.h"
#include "tests/server_process.h"
#include "tests/trading_group.h"

namespace interco::testing {
namespace {

using v1::LedgerService;

v1::JournalLine Line(const char* entity, const char* account, v1::Side side, int64_t units,
                     const char* counterparty = "", const char* currency = "EUR") {
  v1::JournalLine line;
  line.set_entity_id(entity);
  line.set_account(account);
  line.set_side(side);
  line.set_counterparty_id(counterparty);
  line.mutable_amount()->set_currency_code(currency);
  line.mutable_amount()->set_units(units);
  return line;
}

// A's opening balance on 2024-06-01: cash 1,000 EUR against share capital.
v1::PostJournalEntryRequest Opening(const std::string& request_id,
                                    const std::string& entry_id = "OB-A") {
  v1::PostJournalEntryRequest request;
  request.set_request_id(request_id);
  request.set_entry_id(entry_id);
  *request.mutable_date() = Date(2024, 6, 1);
  request.set_memo("opening balances");
  *request.add_lines() = Line("A", "1000 cash", v1::SIDE_DEBIT, 1000);
  *request.add_lines() = Line("A", "3000 share capital", v1::SIDE_CREDIT, 1000);
  return request;
}

// A lends P 500 EUR: both sides in one entry, each line mirrored by the other's.
v1::PostJournalEntryRequest Loan(const std::string& request_id) {
  v1::PostJournalEntryRequest request;
  request.set_request_id(request_id);
  request.set_entry_id("LOAN-A-P");
  *request.mutable_date() = Date(2024, 6, 15);
  *request.add_lines() = Line("A", "1310 IC receivable", v1::SIDE_DEBIT, 500, "P");
  *request.add_lines() = Line("A", "1000 cash", v1::SIDE_CREDIT, 500);
  *request.add_lines() = Line("P", "1000 cash", v1::SIDE_DEBIT, 500);
  *request.add_lines() = Line("P", "2310 IC payable", v1::SIDE_CREDIT, 500, "A");
  return request;
}

class JournalEntryE2eTest : public ::testing::Test {
 public:
  void SetUp() override {
    auto server =
        ServerProcess::Start({"--listen=127.0.0.1:0", "--data_dir=" + FreshTempDir("journal")});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    ASSERT_TRUE(SetUpTradingGroup(server_->Channel()).ok());
    ledger_ = LedgerService::NewStub(server_->Channel());
    policies_ = v1::PolicyService::NewStub(server_->Channel());
  }

  grpc::Status PostEntry(const v1::PostJournalEntryRequest& request,
                         v1::PostJournalEntryResponse* response) {
    return Call(*ledger_, &LedgerService::Stub::PostJournalEntry, request, response);
  }
  v1::LedgerHead Head() {
    v1::LedgerHead head;
    EXPECT_TRUE(
        Call(*ledger_, &LedgerService::Stub::GetLedgerHead, v1::GetLedgerHeadRequest(), &head)
            .ok());
    return head;
  }
  void ExpectVerified(uint64_t entries) {
    v1::VerifyLedgerResponse verified;
    ASSERT_TRUE(
        Call(*ledger_, &LedgerService::Stub::VerifyLedger, v1::VerifyLedgerRequest(), &verified)
            .ok());
    EXPECT_TRUE(verified.ok()) << verified.problem();
    EXPECT_EQ(verified.entries_checked(), entries);
  }
  // Refused with `code` naming `field`, and nothing written.
  void ExpectRefused(const v1::PostJournalEntryRequest& request, grpc::StatusCode code,
                     const std::string& field, const std::string& in_message = "") {
    const uint64_t before = Head().sequence();
    v1::PostJournalEntryResponse response;
    const grpc::Status status = PostEntry(request, &response);
    EXPECT_EQ(status.error_code(), code) << status.error_message();
    EXPECT_EQ(ViolatedField(status), field) << status.error_message();
    EXPECT_NE(status.error_message().find(in_message), std::string::npos) << status.error_message();
    EXPECT_EQ(Head().sequence(), before);
  }

  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<LedgerService::Stub> ledger_;
  std::unique_ptr<v1::PolicyService::Stub> policies_;
};

TEST_F(JournalEntryE2eTest, TheHeadStatesTheLastEntryAndTheReferenceVersions) {
  const v1::LedgerHead empty = Head();
  EXPECT_EQ(empty.sequence(), 0u);
  EXPECT_EQ(empty.chain_hash(), std::string(64, '0'));
  EXPECT_GT(empty.structure_version(), 0u) << "the trading group's entities and edges";
  EXPECT_GT(empty.pricing_version(), 0u) << "the trading group's policy and rate";
  v1::PostTransactionResponse posted;
  ASSERT_TRUE(
      Call(*ledger_, &LedgerService::Stub::PostTransaction, GoodsPosting("head-1"), &posted).ok());
  const v1::LedgerHead head = Head();
  EXPECT_EQ(head.sequence(), posted.sequence());
  EXPECT_EQ(head.chain_hash(), posted.chain_hash());
  EXPECT_EQ(head.structure_version(), empty.structure_version());
  EXPECT_EQ(head.pricing_version(), empty.pricing_version());
  ASSERT_TRUE(AddConsolidationRates(server_->Channel()).ok());
  EXPECT_GT(Head().pricing_version(), empty.pricing_version());
}

TEST_F(JournalEntryE2eTest, ABalancedOpeningBalancePostsAndReadsBack) {
  v1::PostJournalEntryResponse posted;
  const grpc::Status status = PostEntry(Opening("ob-1"), &posted);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(posted.sequence(), 1u);
  EXPECT_EQ(posted.chain_hash().size(), 64u);
  EXPECT_EQ(posted.original_request_id(), "");
  ASSERT_EQ(posted.lines_size(), 2);
  v1::GetEntryRequest get;
  get.set_sequence(posted.sequence());
  v1::LedgerEntry entry;
  ASSERT_TRUE(Call(*ledger_, &LedgerService::Stub::GetEntry, get, &entry).ok());
  EXPECT_EQ(entry.request_id(), "ob-1");
  EXPECT_EQ(entry.transaction_id(), "OB-A");
  EXPECT_EQ(entry.chain_hash(), posted.chain_hash());
  ASSERT_EQ(entry.lines_size(), 2);
  EXPECT_EQ(entry.lines(0).account(), "1000 cash");
  EXPECT_EQ(entry.lines(0).side(), v1::SIDE_DEBIT);
  EXPECT_EQ(entry.lines(0).functional_amount().units(), 1000);
  EXPECT_EQ(entry.lines(0).functional_amount().currency_code(), "EUR");
  EXPECT_EQ(entry.lines(0).period(), "2024-06");
  EXPECT_EQ(entry.lines(1).account(), "3000 share capital");
  EXPECT_EQ(entry.lines(1).side(), v1::SIDE_CREDIT);
  EXPECT_EQ(Head().chain_hash(), posted.chain_hash());
  ExpectVerified(1);
}

TEST_F(JournalEntryE2eTest, AForeignCurrencyLineIsBookedAtTheStatedRate) {
  v1::PostJournalEntryRequest request = Opening("ob-b", "OB-B");
  for (v1::JournalLine& line : *request.mutable_lines()) {
    line.set_entity_id("B");
    line.mutable_fx_rate()->set_value("1.1");
  }
  v1::PostJournalEntryResponse posted;
  ASSERT_TRUE(PostEntry(request, &posted).ok());
  EXPECT_EQ(posted.lines(0).functional_amount().units(), 1100);
  EXPECT_EQ(posted.lines(0).functional_amount().currency_code(), "USD");
  EXPECT_EQ(posted.lines(0).fx_rate().value(), "1.1");
  ExpectVerified(1);
}

TEST_F(JournalEntryE2eTest, RefusalsNameTheFieldAndWriteNothing) {
  v1::PostJournalEntryRequest unbalanced = Opening("bad-1");
  unbalanced.mutable_lines(1)->mutable_amount()->set_units(990);
  ExpectRefused(unbalanced, grpc::INVALID_ARGUMENT, "lines",
                "the lines of A in EUR do not balance: debits exceed credits by 10 EUR");
  v1::PostJournalEntryRequest unknown_account = Opening("bad-2");
  unknown_account.mutable_lines(1)->set_account("3999 plug");
  ExpectRefused(unknown_account, grpc::INVALID_ARGUMENT, "lines[1].account");
  v1::PostJournalEntryRequest unmirrored = Loan("bad-3");
  unmirrored.mutable_lines(3)->set_counterparty_id("");
  ExpectRefused(unmirrored, grpc::INVALID_ARGUMENT, "lines[0].counterparty_id",
                "needs its mirror in the same entry");
  v1::PostJournalEntryRequest wrong_currency = Opening("bad-4");
  wrong_currency.mutable_lines(0)->mutable_functional_amount()->set_currency_code("USD");
  wrong_currency.mutable_lines(0)->mutable_functional_amount()->set_units(1000);
  ExpectRefused(wrong_currency, grpc::INVALID_ARGUMENT, "lines[0].functional_amount.currency_code",
                "must be A's functional currency EUR");
  v1::PostJournalEntryRequest unknown_entity = Opening("bad-5");
  unknown_entity.mutable_lines(0)->set_entity_id("NOPE");
  ExpectRefused(unknown_entity, grpc::NOT_FOUND, "lines[0].entity_id");
  ExpectVerified(0);
}

TEST_F(JournalEntryE2eTest, AnEntryInAClosedPeriodIsRefusedAtCommit) {
  v1::ClosePeriodRequest close;
  close.set_request_id("close-a-june");
  close.set_entity_id("A");
  close.set_period("2024-06");
  v1::ClosePeriodResponse closed;
  ASSERT_TRUE(Call(*policies_, &v1::PolicyService::Stub::ClosePeriod, close, &closed).ok());
  ExpectRefused(Opening("closed-1"), grpc::FAILED_PRECONDITION, "", "is closed");
  ExpectVerified(0);
}

TEST_F(JournalEntryE2eTest, AnEntryIsBookedExactlyOnceByRequestIdAndByEntryId) {
  v1::PostJournalEntryResponse first;
  ASSERT_TRUE(PostEntry(Opening("once-1"), &first).ok());
  v1::PostJournalEntryResponse retry;
  ASSERT_TRUE(PostEntry(Opening("once-1"), &retry).ok());
  EXPECT_EQ(retry.SerializeAsString(), first.SerializeAsString()) << "the original reply";

  v1::PostJournalEntryRequest other_body = Opening("once-1", "OB-A2");
  ExpectRefused(other_body, grpc::ALREADY_EXISTS, "request_id");

  v1::PostJournalEntryResponse resent;
  ASSERT_TRUE(PostEntry(Opening("once-2"), &resent).ok());
  EXPECT_EQ(resent.sequence(), first.sequence());
  EXPECT_EQ(resent.chain_hash(), first.chain_hash());
  EXPECT_EQ(resent.original_request_id(), "once-1");

  v1::PostJournalEntryRequest same_entry_other_content = Opening("once-3");
  same_entry_other_content.set_memo("corrected");
  ExpectRefused(same_entry_other_content, grpc::ALREADY_EXISTS, "entry_id");

  // Request ids are one namespace with postings: a posting's id is not an entry's.
  v1::PostTransactionResponse posted;
  ASSERT_TRUE(
      Call(*ledger_, &LedgerService::Stub::PostTransaction, GoodsPosting("shared-id"), &posted)
          .ok());
  ExpectRefused(Opening("shared-id", "OB-X"), grpc::ALREADY_EXISTS, "request_id");
  ExpectVerified(2);
}

// Two first attempts at one entry_id with different content, at once: whichever reaches the
// writer second is ALREADY_EXISTS naming entry_id, whether the handler or the sequencer
// finds the first.
TEST_F(JournalEntryE2eTest, ConcurrentEntriesUnderOneEntryIdPostOnce) {
  for (int round = 0; round < 10; ++round) {
    const std::string entry_id = absl::StrCat("RACE-", round);
    v1::PostJournalEntryRequest first = Opening(absl::StrCat("race-a-", round), entry_id);
    v1::PostJournalEntryRequest second = Opening(absl::StrCat("race-b-", round), entry_id);
    second.set_memo("other content");
    grpc::Status statuses[2];
    std::thread racer([&] {
      auto stub = LedgerService::NewStub(server_->Channel());
      v1::PostJournalEntryResponse response;
      statuses[1] = Call(*stub, &LedgerService::Stub::PostJournalEntry, second, &response);
    });
    v1::PostJournalEntryResponse response;
    statuses[0] = PostEntry(first, &response);
    racer.join();
    EXPECT_NE(statuses[0].ok(), statuses[1].ok()) << "round " << round;
    for (const grpc::Status& status : statuses) {
      if (status.ok()) continue;
      EXPECT_EQ(status.error_code(), grpc::ALREADY_EXISTS) << status.error_message();
      EXPECT_EQ(ViolatedField(status), "entry_id") << status.error_message();
    }
  }
  ExpectVerified(10);
}

TEST_F(JournalEntryE2eTest, AJournalEntryIsCorrectedByReversal) {
  v1::PostJournalEntryResponse posted;
  ASSERT_TRUE(PostEntry(Loan("loan-1"), &posted).ok());
  v1::ReverseTransactionRequest reverse;
  reverse.set_request_id("loan-1-rev");
  reverse.set_sequence(posted.sequence());
  *reverse.mutable_date() = Date(2024, 6, 30);
  v1::PostTransactionResponse reversed;
  const grpc::Status status =
      Call(*ledger_, &LedgerService::Stub::ReverseTransaction, reverse, &reversed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(reversed.lines_size(), posted.lines_size());
  for (int i = 0; i < posted.lines_size(); ++i) {
    EXPECT_EQ(reversed.lines(i).account(), posted.lines(i).account());
    EXPECT_NE(reversed.lines(i).side(), posted.lines(i).side());
  }
  reverse.set_request_id("loan-1-rev-again");
  EXPECT_EQ(
      Call(*ledger_, &LedgerService::Stub::ReverseTransaction, reverse, &reversed).error_code(),
      grpc::FAILED_PRECONDITION);
  ExpectVerified(2);
}

TEST_F(JournalEntryE2eTest, ManualEntriesShowInConsolidationAndTheirIntercompanyIsEliminated) {
  ASSERT_TRUE(AddConsolidationRates(server_->Channel()).ok());
  v1::PostJournalEntryResponse posted;
  ASSERT_TRUE(PostEntry(Opening("c-ob"), &posted).ok());
  ASSERT_TRUE(PostEntry(Loan("c-loan"), &posted).ok());
  auto consolidation = v1::ConsolidationService::NewStub(server_->Channel());
  v1::RunConsolidationRequest request;
  request.set_parent_id("P");
  request.set_period("2024-06");
  request.set_presentation_currency("EUR");
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  auto reader = consolidation->RunConsolidation(&context, request);
  std::map<std::string, int64_t> balances;
  int eliminations = 0;
  v1::ConsolidationChunk chunk;
  while (reader->Read(&chunk)) {
    for (const auto& balance : chunk.balances())
      balances[balance.account()] = balance.amount().units();
    eliminations += chunk.eliminations_size();
  }
  const grpc::Status status = reader->Finish();
  ASSERT_TRUE(status.ok()) << status.error_message();
  // A's cash 1,000 - 500 lent, P's 500 borrowed; the loan itself is intercompany.
  EXPECT_EQ(balances["1000 cash"], 1000);
  EXPECT_EQ(balances["3000 share capital"], -1000);
  EXPECT_EQ(balances.count("1310 IC receivable"), 0u);
  EXPECT_EQ(balances.count("2310 IC payable"), 0u);
  EXPECT_GT(eliminations, 0);
}

}  // namespace
}  // namespace interco::testing
