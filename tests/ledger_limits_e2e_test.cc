// End to end: the ledger service's limits. An import stream's reply fits its message by
// construction, whatever its items say; idle streams cannot hold the stream slots; ledger
// verifications run off the serving threads, a bounded number at a time.
#include <atomic>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "tests/grpc_errors.h"
#include "tests/requests.h"
#include "tests/server_process.h"
#include "tests/trading_group.h"

namespace interco::testing {
namespace {

constexpr int kMaxStream = 10000;  // LedgerService's documented limit.

TEST(StreamReplyE2eTest, AFullStreamOfLongRefusalsFitsItsReplyAndConfirmsTheCommitted) {
  auto server = ServerProcess::Start(
      {"--listen=127.0.0.1:0", "--data_dir=" + FreshTempDir("stream_reply_data")});
  ASSERT_TRUE(server.ok()) << server.status();
  ASSERT_TRUE(SetUpTradingGroup((*server)->Channel()).ok());
  auto ledger = v1::LedgerService::NewStub((*server)->Channel());
  // Refused with the longest messages we can provoke: a field path and a value of several
  // kilobytes each, with multi-byte characters.
  std::string long_key;
  for (int i = 0; i < 1000; ++i) long_key += "\xc3\xa9";
  grpc::ClientContext context;
  v1::StreamPostTransactionsResponse response;
  auto writer = ledger->StreamPostTransactions(&context, &response);
  for (int i = 0; i < kMaxStream; ++i) {
    v1::PostTransactionRequest request = GoodsPosting(absl::StrCat("s", i));
    if (i % 10 != 0) {
      google::type::Money money;
      money.set_currency_code("EUR");
      money.set_units(1);
      (*request.mutable_transaction()->mutable_inputs())[long_key + std::to_string(i)] = money;
    }
    ASSERT_TRUE(writer->Write(request)) << i;
  }
  writer->WritesDone();
  const grpc::Status status = writer->Finish();
  ASSERT_TRUE(status.ok()) << status.error_code() << " " << status.error_message();
  ASSERT_EQ(response.results_size(), kMaxStream);
  int posted = 0;
  for (int i = 0; i < kMaxStream; ++i) {
    const v1::PostResult& result = response.results(i);
    if (i % 10 == 0) {
      EXPECT_EQ(result.status().code(), 0) << i << " " << result.status().message();
      posted += result.status().code() == 0;
    } else {
      EXPECT_EQ(result.status().code(), grpc::INVALID_ARGUMENT) << i;
      EXPECT_FALSE(result.status().message().empty());
    }
  }
  EXPECT_EQ(posted, kMaxStream / 10);
  EXPECT_LT(response.ByteSizeLong(), 4u << 20);
}

TEST(StreamReplyE2eTest, AMessageLimitTooSmallForAFullStreamsReplyIsRefusedAtStartUp) {
  const ServerProcess::Exit exit = ServerProcess::RunToExit(
      {"--listen=127.0.0.1:0", "--data_dir=" + FreshTempDir("small_limit_data"),
       "--max_message_bytes=1048576"});
  EXPECT_EQ(exit.code, 2) << exit.stderr_text;
  EXPECT_NE(exit.stderr_text.find("--max_message_bytes >= 4000064"), std::string::npos)
      << exit.stderr_text;
}

// A stream that waits for its client: opened, nothing sent.
struct IdleStream {
  explicit IdleStream(v1::LedgerService::Stub* ledger)
      : writer(ledger->StreamPostTransactions(&context, &response)) {}
  grpc::ClientContext context;
  v1::StreamPostTransactionsResponse response;
  std::unique_ptr<grpc::ClientWriter<v1::PostTransactionRequest>> writer;
};

TEST(StreamIdleE2eTest, IdleStreamsAreEndedAndARealImportGetsThrough) {
  auto server = ServerProcess::Start(
      {"--listen=127.0.0.1:0", "--data_dir=" + FreshTempDir("idle_stream_data"),
       "--max_concurrent_streams=2", "--stream_idle_timeout_ms=600"});
  ASSERT_TRUE(server.ok()) << server.status();
  ASSERT_TRUE(SetUpTradingGroup((*server)->Channel()).ok());
  auto ledger = v1::LedgerService::NewStub((*server)->Channel());
  // Two hostile clients take both slots and send nothing.
  IdleStream first(ledger.get()), second(ledger.get());
  absl::SleepFor(absl::Milliseconds(100));  // Both are open on the server.
  // A real import: refused while the slots are held, admitted once the idle streams end.
  int attempts = 0;
  grpc::Status imported;
  const absl::Time start = absl::Now();
  do {
    ++attempts;
    grpc::ClientContext context;
    v1::StreamPostTransactionsResponse response;
    auto writer = ledger->StreamPostTransactions(&context, &response);
    writer->Write(GoodsPosting(absl::StrCat("import-", attempts)));
    writer->WritesDone();
    imported = writer->Finish();
    if (imported.error_code() != grpc::RESOURCE_EXHAUSTED) break;
    absl::SleepFor(absl::Milliseconds(100));
  } while (absl::Now() - start < absl::Seconds(10));
  ASSERT_TRUE(imported.ok()) << imported.error_message();
  EXPECT_GT(attempts, 1) << "both slots were taken at first";
  // A slow but live client: one message every 200 ms is never idle.
  grpc::ClientContext live_context;
  v1::StreamPostTransactionsResponse live_response;
  auto live = ledger->StreamPostTransactions(&live_context, &live_response);
  for (int i = 0; i < 8; ++i) {
    ASSERT_TRUE(live->Write(GoodsPosting(absl::StrCat("live-", i)))) << i;
    absl::SleepFor(absl::Milliseconds(200));
  }
  live->WritesDone();
  const grpc::Status live_status = live->Finish();
  ASSERT_TRUE(live_status.ok()) << live_status.error_message();
  ASSERT_EQ(live_response.results_size(), 8);
  for (const v1::PostResult& result : live_response.results()) {
    EXPECT_EQ(result.status().code(), 0);
  }
  for (IdleStream* idle : {&first, &second}) {
    const grpc::Status status = idle->writer->Finish();
    EXPECT_EQ(status.error_code(), grpc::DEADLINE_EXCEEDED) << status.error_message();
  }
}

TEST(VerifyE2eTest, VerificationsRunOffTheServingThreadsABoundedNumberAtATime) {
  auto server =
      ServerProcess::Start({"--listen=127.0.0.1:0", "--data_dir=" + FreshTempDir("verify_data")});
  ASSERT_TRUE(server.ok()) << server.status();
  ASSERT_TRUE(SetUpTradingGroup((*server)->Channel()).ok());
  auto ledger = v1::LedgerService::NewStub((*server)->Channel());
  // A ledger whose verification takes a while: 30 atomic batches of 1,000.
  for (int b = 0; b < 30; ++b) {
    v1::BatchPostTransactionsRequest batch;
    batch.set_request_id(absl::StrCat("batch-", b));
    batch.set_atomic(true);
    for (int i = 0; i < 1000; ++i)
      *batch.add_transactions() = GoodsPosting(absl::StrCat(b, "-", i));
    v1::BatchPostTransactionsResponse response;
    ASSERT_TRUE(
        Call(*ledger, &v1::LedgerService::Stub::BatchPostTransactions, batch, &response).ok());
  }
  std::atomic<int> ok{0}, refused{0}, other{0};
  std::vector<std::thread> verifiers;
  for (int i = 0; i < 8; ++i) {
    verifiers.emplace_back([&] {
      auto stub = v1::LedgerService::NewStub((*server)->Channel());
      v1::VerifyLedgerResponse response;
      const grpc::Status status =
          Call(*stub, &v1::LedgerService::Stub::VerifyLedger, v1::VerifyLedgerRequest(), &response);
      if (status.ok() && response.ok() && response.entries_checked() == 30000) {
        ++ok;
      } else if (status.error_code() == grpc::RESOURCE_EXHAUSTED) {
        ++refused;
      } else {
        ++other;
      }
    });
  }
  // Health checks keep answering at once while verifications run (the readiness probe
  // gives up after 1 s).
  auto health = grpc::health::v1::Health::NewStub((*server)->Channel());
  absl::Duration slowest;
  for (int i = 0; i < 20; ++i) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(1));
    grpc::health::v1::HealthCheckResponse response;
    const absl::Time before = absl::Now();
    ASSERT_TRUE(health->Check(&context, grpc::health::v1::HealthCheckRequest(), &response).ok());
    slowest = std::max(slowest, absl::Now() - before);
    absl::SleepFor(absl::Milliseconds(10));
  }
  for (std::thread& verifier : verifiers) verifier.join();
  EXPECT_GE(ok.load(), 1);
  EXPECT_GE(refused.load(), 1) << "one verification at a time by default";
  EXPECT_EQ(other.load(), 0);
  EXPECT_LT(slowest, absl::Milliseconds(500));
}

}  // namespace
}  // namespace interco::testing
