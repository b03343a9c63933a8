// End to end: posting, reading and verifying the ledger through gRPC on the real server.
#include <signal.h>

#include <atomic>
#include <set>
#include <thread>

#include "gtest/gtest.h"
#include "interco/v1/group_structure.grpc.pb.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "interco/v1/policy.grpc.pb.h"
#include "storage/database.h"
#include "storage/ledger_store.h"
#include "tests/grpc_errors.h"
#include "tests/requests.h"
#include "tests/server_process.h"
#include "tests/trading_group.h"

namespace interco::testing {
namespace {

using v1::LedgerService;

google::type::Money Money(int64_t units, const char* currency = "EUR") {
  google::type::Money money;
  money.set_currency_code(currency);
  money.set_units(units);
  return money;
}

v1::PostTransactionRequest Post(const std::string& request_id, const char* seller = "A",
                                const char* buyer = "B", int64_t cost = 100) {
  return GoodsPosting(request_id, seller, buyer, cost);
}

std::string LineText(const v1::LedgerLine& l) {
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

  void StartServer() {
    ledger_.reset();
    server_.reset();
    auto server = ServerProcess::Start({"--listen=127.0.0.1:0", "--data_dir=" + data_dir_});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    ledger_ = LedgerService::NewStub(server_->Channel());
  }

  grpc::Status PostOne(const v1::PostTransactionRequest& request,
                       v1::PostTransactionResponse* response) {
    return Call(*ledger_, &LedgerService::Stub::PostTransaction, request, response);
  }

  v1::VerifyLedgerResponse Verify() {
    v1::VerifyLedgerResponse response;
    EXPECT_TRUE(
        Call(*ledger_, &LedgerService::Stub::VerifyLedger, v1::VerifyLedgerRequest(), &response)
            .ok());
    return response;
  }

  std::string data_dir_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<LedgerService::Stub> ledger_;
};

TEST_F(LedgerE2eTest, PostsBalancedLinesForBothEntitiesAndReadsThemBack) {
  v1::PostTransactionResponse posted;
  const grpc::Status status = PostOne(Post("r1"), &posted);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(posted.sequence(), 1u);
  EXPECT_EQ(posted.chain_hash().size(), 64u);
  std::vector<std::string> lines;
  for (const auto& line : posted.lines()) lines.push_back(LineText(line));
  EXPECT_EQ(lines, (std::vector<std::string>{
                       "A Dr 1310 IC receivable 216 EUR = 216.0 EUR",
                       "A Cr 4010 IC revenue goods 216 EUR = 216.0 EUR",
                       "B Dr 1400 inventory 216 EUR = 237.60 USD",
                       "B Cr 2310 IC payable 216 EUR = 237.60 USD",
                   }));
  EXPECT_EQ(posted.lines(2).fx_rate().value(), "1.1");
  EXPECT_EQ(posted.lines(0).period(), "2024-06");
  EXPECT_EQ(posted.lines(0).relation(), v1::RELATION_INTERCOMPANY);
  EXPECT_EQ(posted.quote().policy_id(), "goods");
  EXPECT_EQ(posted.quote().unit_price().units(), 108);

  v1::GetEntryRequest get;
  get.set_sequence(1);
  v1::LedgerEntry entry;
  ASSERT_TRUE(Call(*ledger_, &LedgerService::Stub::GetEntry, get, &entry).ok());
  EXPECT_EQ(entry.chain_hash(), posted.chain_hash());
  EXPECT_EQ(entry.request_id(), "r1");
  EXPECT_EQ(entry.lines_size(), 4);
  EXPECT_EQ(entry.previous_hash(), std::string(64, '0'));
  const v1::VerifyLedgerResponse verified = Verify();
  EXPECT_TRUE(verified.ok()) << verified.problem();
  EXPECT_EQ(verified.entries_checked(), 1u);
}

TEST_F(LedgerE2eTest, SameRequestIdIsExactlyOnceAlsoAfterARestart) {
  v1::PostTransactionResponse first, retry;
  ASSERT_TRUE(PostOne(Post("r1"), &first).ok());
  ASSERT_TRUE(PostOne(Post("r1"), &retry).ok());
  EXPECT_EQ(retry.SerializeAsString(), first.SerializeAsString());
  const grpc::Status reused = PostOne(Post("r1", "A", "B", 101), &retry);
  EXPECT_EQ(reused.error_code(), grpc::ALREADY_EXISTS);
  EXPECT_EQ(ViolatedField(reused), "request_id");
  ASSERT_EQ(server_->SignalAndWait(SIGTERM, absl::Seconds(10)), 0);
  StartServer();
  v1::PostTransactionResponse after_restart;
  ASSERT_TRUE(PostOne(Post("r1"), &after_restart).ok());
  EXPECT_EQ(after_restart.SerializeAsString(), first.SerializeAsString());
  EXPECT_EQ(Verify().entries_checked(), 1u);
}

TEST_F(LedgerE2eTest, ConcurrentPostingFromManyThreadsAppendsEachOnce) {
  constexpr int kThreads = 8, kEach = 40;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  std::vector<uint64_t> sequences(kThreads * kEach);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto stub = LedgerService::NewStub(server_->Channel());
      for (int i = 0; i < kEach; ++i) {
        v1::PostTransactionResponse response;
        const int n = t * kEach + i;
        if (Call(*stub, &LedgerService::Stub::PostTransaction,
                 Post("c" + std::to_string(n), "A", "B", 10 + n), &response)
                .ok()) {
          sequences[n] = response.sequence();
        } else {
          ++failures;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(std::set<uint64_t>(sequences.begin(), sequences.end()).size(), sequences.size());
  const v1::VerifyLedgerResponse verified = Verify();
  EXPECT_TRUE(verified.ok()) << verified.problem();
  EXPECT_EQ(verified.entries_checked(), static_cast<uint64_t>(kThreads * kEach));
  // Every posting is listed once for A, page by page.
  std::set<uint64_t> listed;
  v1::ListEntriesRequest list;
  list.set_entity_id("A");
  list.set_page_size(64);
  do {
    v1::ListEntriesResponse page;
    ASSERT_TRUE(Call(*ledger_, &LedgerService::Stub::ListEntries, list, &page).ok());
    for (const auto& entry : page.entries()) listed.insert(entry.sequence());
    list.set_page_token(page.next_page_token());
  } while (!list.page_token().empty());
  EXPECT_EQ(listed.size(), static_cast<size_t>(kThreads * kEach));
}

TEST_F(LedgerE2eTest, ListFiltersByAccountCounterpartyAndTransaction) {
  v1::PostTransactionResponse posted;
  ASSERT_TRUE(PostOne(Post("f1", "A", "B"), &posted).ok());
  ASSERT_TRUE(PostOne(Post("f2", "B", "A"), &posted).ok());
  ASSERT_TRUE(PostOne(Post("f3", "A", "B"), &posted).ok());
  auto list = [&](const std::string& account, const std::string& transaction) {
    v1::ListEntriesRequest request;
    request.set_entity_id("A");
    request.set_account(account);
    request.set_transaction_id(transaction);
    request.set_counterparty_id("B");
    v1::ListEntriesResponse response;
    EXPECT_TRUE(Call(*ledger_, &LedgerService::Stub::ListEntries, request, &response).ok());
    std::vector<uint64_t> sequences;
    for (const auto& entry : response.entries()) sequences.push_back(entry.sequence());
    return sequences;
  };
  EXPECT_EQ(list("1310 IC receivable", ""), (std::vector<uint64_t>{1, 3}));
  EXPECT_EQ(list("2310 IC payable", ""), (std::vector<uint64_t>{2}));
  EXPECT_EQ(list("", "INV-f3"), (std::vector<uint64_t>{3}));
  EXPECT_TRUE(list("9999 none", "").empty());
}

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

TEST_F(LedgerE2eTest, TamperingWithOneStoredByteIsFoundAndNamed) {
  for (int i = 1; i <= 3; ++i) {
    v1::PostTransactionResponse response;
    ASSERT_TRUE(PostOne(Post("t" + std::to_string(i)), &response).ok());
  }
  ASSERT_EQ(server_->SignalAndWait(SIGTERM, absl::Seconds(10)), 0);
  {
    auto database = storage::Database::Open({.path = data_dir_});
    ASSERT_TRUE(database.ok()) << database.status();
    auto store = storage::LedgerStore::Open(database->get());
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->CorruptForTesting(2, 30).ok());
  }
  StartServer();
  const v1::VerifyLedgerResponse verified = Verify();
  EXPECT_FALSE(verified.ok());
  EXPECT_EQ(verified.first_broken_sequence(), 2u);
  EXPECT_EQ(verified.entries_checked(), 1u);
}

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
