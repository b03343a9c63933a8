// LedgerService.WatchJournal (change data capture) against the real server, read by the
// example consumer (examples/journal_consumer): every entry once, in order, each linked to
// the one before; entries committed while the stream waits arrive on it; a consumer that
// stops resumes where it stopped; the balances it rebuilds are the ledger's; a poster sees
// its own entities' entries only; open watches are bounded.
#include <signal.h>

#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "examples/journal_consumer/journal_consumer.h"
#include "gtest/gtest.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "tests/grpc_errors.h"
#include "tests/requests.h"
#include "tests/server_process.h"
#include "tests/trading_group.h"

namespace interco::testing {
namespace {

using examples::JournalConsumer;
using v1::LedgerService;

class WatchJournalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = ServerProcess::Start({"--listen=127.0.0.1:0", "--data_dir=" + FreshTempDir("watch"),
                                        "--max_concurrent_streams=2"});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    ASSERT_TRUE(SetUpTradingGroup(server_->Channel()).ok());
    ledger_ = LedgerService::NewStub(server_->Channel());
  }

  // Posts `count` sales; adds their lines to `expected` as the consumer should.
  void Post(const std::string& prefix, int count, JournalConsumer::Balances* expected) {
    for (int i = 0; i < count; ++i) {
      v1::PostTransactionResponse response;
      ASSERT_TRUE(Call(*ledger_, &LedgerService::Stub::PostTransaction,
                       GoodsPosting(absl::StrCat(prefix, i), "A", "B", 100 + i), &response)
                      .ok());
      for (const v1::LedgerLine& line : response.lines()) {
        const __int128 nanos =
            static_cast<__int128>(line.amount().units()) * 1'000'000'000 + line.amount().nanos();
        (*expected)[{line.entity_id(), line.account(), line.amount().currency_code()}] +=
            line.side() == v1::SIDE_DEBIT ? nanos : -nanos;
      }
      last_ = response.sequence();
    }
  }

  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<LedgerService::Stub> ledger_;
  uint64_t last_ = 0;
};

TEST_F(WatchJournalTest, TheConsumerGetsEveryEntryOnceInOrderAndRebuildsTheBalances) {
  JournalConsumer::Balances expected;
  Post("first", 5, &expected);
  JournalConsumer consumer(server_->Channel());
  ASSERT_TRUE(consumer.ConsumeThrough(5, absl::Seconds(10)).ok());
  EXPECT_EQ(consumer.last_sequence(), 5u);

  // Entries committed while the stream waits arrive on it.
  std::thread later([&] {
    absl::SleepFor(absl::Milliseconds(300));
    Post("live", 3, &expected);
  });
  const absl::Status live = consumer.ConsumeThrough(8, absl::Seconds(10));
  later.join();
  ASSERT_TRUE(live.ok()) << live;

  // Stopped and resumed: a new stream from where it stopped, nothing twice.
  Post("resumed", 2, &expected);
  ASSERT_TRUE(consumer.ConsumeThrough(10, absl::Seconds(10)).ok());
  EXPECT_EQ(consumer.last_sequence(), last_);
  EXPECT_EQ(consumer.balances(), expected);
  // The last hash is the ledger's head.
  v1::LedgerHead head;
  ASSERT_TRUE(
      Call(*ledger_, &LedgerService::Stub::GetLedgerHead, v1::GetLedgerHeadRequest(), &head).ok());
  EXPECT_EQ(consumer.last_hash(), head.chain_hash());
  // Nothing more comes before its deadline.
  EXPECT_EQ(consumer.ConsumeThrough(11, absl::Milliseconds(500)).code(),
            absl::StatusCode::kDeadlineExceeded);
}

TEST_F(WatchJournalTest, OpenWatchesAreBounded) {
  auto open = [&](grpc::ClientContext* context) {
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    v1::WatchJournalRequest request;
    request.set_after_sequence(1000);  // Beyond the head: waits.
    return ledger_->WatchJournal(context, request);
  };
  grpc::ClientContext first, second, third;
  auto a = open(&first);
  auto b = open(&second);
  absl::SleepFor(absl::Milliseconds(300));  // Both hold their slots.
  auto c = open(&third);
  v1::WatchJournalResponse response;
  EXPECT_FALSE(c->Read(&response));
  EXPECT_EQ(c->Finish().error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  first.TryCancel();
  second.TryCancel();
  EXPECT_EQ(a->Finish().error_code(), grpc::StatusCode::CANCELLED);
  EXPECT_EQ(b->Finish().error_code(), grpc::StatusCode::CANCELLED);
}

// A SIGTERM ends a waiting watch at once, saying where to resume, and the server exits
// without waiting for the drain deadline (before, the stream held the drain until the
// deadline, 10 s by default, and then ended CANCELLED).
TEST_F(WatchJournalTest, ASigtermEndsAWaitingWatchNamingWhereToResume) {
  JournalConsumer::Balances expected;
  Post("first", 2, &expected);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  v1::WatchJournalRequest request;
  auto watch = ledger_->WatchJournal(&context, request);
  v1::WatchJournalResponse response;
  ASSERT_TRUE(watch->Read(&response));
  ASSERT_TRUE(watch->Read(&response));
  ASSERT_EQ(response.entry().sequence(), 2u);
  absl::SleepFor(absl::Milliseconds(200));  // It waits for the next commit.

  const absl::Time start = absl::Now();
  std::thread stop([&] { EXPECT_EQ(server_->SignalAndWait(SIGTERM, absl::Seconds(20)), 0); });
  EXPECT_FALSE(watch->Read(&response));
  const grpc::Status ended = watch->Finish();
  stop.join();
  EXPECT_LT(absl::Now() - start, absl::Seconds(4));  // It was 10 s, the drain deadline.
  EXPECT_EQ(ended.error_code(), grpc::StatusCode::UNAVAILABLE) << ended.error_message();
  EXPECT_EQ(ErrorReason(ended), "SHUTTING_DOWN");
  EXPECT_NE(ended.error_message().find("resume the watch after sequence 2"), std::string::npos)
      << ended.error_message();
}

}  // namespace
}  // namespace interco::testing
