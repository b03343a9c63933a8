// End to end (issue 24): long reads cannot starve health checks, and are bounded. A poster
// may list its own entity's entries with a filter that matches nothing, which examines
// Journal::kMaxListExamined entries per call; many such calls at once used to take the
// threads health checks are answered on (16 concurrent ones made 10 of 15 one-second
// checks fail). They now run on the server's readers, beyond which they wait in a bounded
// queue, beyond which they are RESOURCE_EXHAUSTED; health is answered on a thread of its own.
#include <atomic>
#include <thread>
#include <vector>

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

using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

// 12,000 postings of entity A, so that a filtered listing examines its 10,000-entry bound.
void PostManyEntries(ServerProcess& server) {
  ASSERT_TRUE(SetUpTradingGroup(server.Channel()).ok());
  auto ledger = v1::LedgerService::NewStub(server.Channel());
  for (int b = 0; b < 12; ++b) {
    v1::BatchPostTransactionsRequest batch;
    batch.set_request_id(absl::StrCat("batch-", b));
    batch.set_atomic(true);
    for (int i = 0; i < 1000; ++i) {
      *batch.add_transactions() = GoodsPosting(absl::StrCat(b, "-", i));
    }
    v1::BatchPostTransactionsResponse response;
    ASSERT_TRUE(
        Call(*ledger, &v1::LedgerService::Stub::BatchPostTransactions, batch, &response).ok());
  }
}

// One page of A's entries on an account no line books: the longest page there is.
grpc::Status LongRead(v1::LedgerService::Stub& stub) {
  v1::ListEntriesRequest request;
  request.set_entity_id("A");
  request.set_account("NO-SUCH-ACCOUNT");
  v1::ListEntriesResponse response;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  return stub.ListEntries(&context, request, &response);
}

struct ReadCounts {
  std::atomic<int> ok{0}, refused{0}, other{0};
  std::atomic<bool> refusal_named{true};
};

// `readers` threads each sending long reads one after the other until `stop`.
std::vector<std::thread> StartReaders(ServerProcess& server, int readers, std::atomic<bool>* stop,
                                      ReadCounts* counts) {
  std::vector<std::thread> threads;
  for (int r = 0; r < readers; ++r) {
    threads.emplace_back([&server, stop, counts] {
      auto stub = v1::LedgerService::NewStub(server.Channel());
      while (!stop->load()) {
        const grpc::Status status = LongRead(*stub);
        if (status.ok()) {
          ++counts->ok;
        } else if (status.error_code() == grpc::RESOURCE_EXHAUSTED) {
          ++counts->refused;
          if (ErrorReason(status) != "TOO_MANY_READS") counts->refusal_named = false;
          absl::SleepFor(absl::Milliseconds(20));
        } else {
          ++counts->other;
        }
      }
    });
  }
  return threads;
}

TEST(ReadsE2eTest, HealthChecksAnswerServingWhileSixteenLongReadsRun) {
  auto server = ServerProcess::Start(
      {"--listen=127.0.0.1:0", "--data_dir=" + FreshTempDir("reads_health")});
  ASSERT_TRUE(server.ok()) << server.status();
  PostManyEntries(**server);
  std::atomic<bool> stop{false};
  ReadCounts counts;
  std::vector<std::thread> readers = StartReaders(**server, 16, &stop, &counts);
  absl::SleepFor(absl::Milliseconds(500));  // Until the reads pile up.
  auto health = grpc::health::v1::Health::NewStub((*server)->Channel());
  int serving = 0, checks = 0;
  absl::Duration slowest;
  for (const absl::Time end = absl::Now() + absl::Seconds(8); absl::Now() < end; ++checks) {
    HealthCheckRequest request;
    // The readiness probe's name and the liveness probe's, in turn.
    request.set_service(checks % 2 == 0 ? "interco.v1.LedgerService" : "interco.v1.Liveness");
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(1));
    HealthCheckResponse response;
    const absl::Time before = absl::Now();
    const grpc::Status status = health->Check(&context, request, &response);
    slowest = std::max(slowest, absl::Now() - before);
    if (status.ok() && response.status() == HealthCheckResponse::SERVING) ++serving;
    absl::SleepFor(absl::Milliseconds(200));
  }
  stop = true;
  for (std::thread& reader : readers) reader.join();
  EXPECT_EQ(serving, checks) << "slowest check " << slowest;
  EXPECT_GE(counts.ok.load(), 16) << "the reads themselves made progress";
  EXPECT_EQ(counts.other.load(), 0);
}

TEST(ReadsE2eTest, ReadsBeyondTheReadersAndTheirQueueAreResourceExhausted) {
  auto server = ServerProcess::Start({"--listen=127.0.0.1:0",
                                      "--data_dir=" + FreshTempDir("reads_bound"),
                                      "--reads_concurrency_max=1", "--reads_queue_max=1"});
  ASSERT_TRUE(server.ok()) << server.status();
  PostManyEntries(**server);
  std::atomic<bool> stop{false};
  ReadCounts counts;
  std::vector<std::thread> readers = StartReaders(**server, 8, &stop, &counts);
  absl::SleepFor(absl::Seconds(3));
  stop = true;
  for (std::thread& reader : readers) reader.join();
  EXPECT_GE(counts.ok.load(), 1);
  EXPECT_GE(counts.refused.load(), 1) << "one reader and a queue of one for eight callers";
  EXPECT_TRUE(counts.refusal_named.load()) << "refusals carry the reason TOO_MANY_READS";
  EXPECT_EQ(counts.other.load(), 0);
  // Once the callers stop, a read is accepted again.
  auto stub = v1::LedgerService::NewStub((*server)->Channel());
  EXPECT_TRUE(LongRead(*stub).ok());
}

TEST(ReadsE2eTest, ReaderFlagsOutOfRangeAreRefusedAtStartUp) {
  const std::string data = "--data_dir=" + FreshTempDir("reads_flags");
  EXPECT_EQ(ServerProcess::RunToExit({"--listen=127.0.0.1:0", data, "--reads_concurrency_max=0"})
                .code,
            2);
  EXPECT_EQ(
      ServerProcess::RunToExit({"--listen=127.0.0.1:0", data, "--reads_queue_max=-1"}).code, 2);
}

}  // namespace
}  // namespace interco::testing
