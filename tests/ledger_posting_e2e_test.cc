// End to end through gRPC on the real server: posting, exactly once, concurrency, listing and
// reading back, and verification finding a tampered byte.
// The fixture (ledger_e2e_fixture.h) is shared with the other files split from the former
// ledger_e2e_test.cc: ledger_{posting,periods,batches,account_map,bad_input}_e2e_test.cc.
#include <signal.h>

#include <atomic>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "storage/database.h"
#include "storage/ledger_store.h"
#include "tests/grpc_errors.h"
#include "tests/ledger_e2e_fixture.h"

namespace interco::testing {
namespace {

using v1::LedgerService;

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

TEST_F(LedgerE2eTest, TamperingWithOneStoredByteIsFoundAndNamed) {
  for (int i = 1; i <= 3; ++i) {
    v1::PostTransactionResponse response;
    ASSERT_TRUE(PostOne(Post("t" + std::to_string(i)), &response).ok());
  }
  ASSERT_EQ(server_->SignalAndWait(SIGTERM, absl::Seconds(10)), 0);
  {
    auto database = storage::Database::Open({.path = data_dir_ + "/groups/default"});
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

}  // namespace
}  // namespace interco::testing
