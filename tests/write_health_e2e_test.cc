// End to end: when RocksDB stops accepting writes (a compaction hit a checksum error), health
// says NOT_SERVING, overall and for writes (reads and liveness stay SERVING), and the metric
// says why, instead of SERVING
// while every posting fails (docs/RELIABILITY.md, "Faults tried by an independent probe").
#include <signal.h>

#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "rocksdb/db.h"
#include "rocksdb/metadata.h"
#include "storage/database.h"
#include "storage/table_damage.h"
#include "tests/metrics_scrape.h"
#include "tests/requests.h"
#include "tests/server_process.h"
#include "tests/trading_group.h"

namespace interco::testing {
namespace {

using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

class WriteHealthE2eTest : public ::testing::Test {
 public:
  void SetUp() override { data_dir_ = FreshTempDir("write_health_data"); }

  std::unique_ptr<ServerProcess> Start() {
    auto server = ServerProcess::Start(
        {"--listen=127.0.0.1:0", "--metrics_listen=127.0.0.1:0", "--data_dir=" + data_dir_});
    EXPECT_TRUE(server.ok()) << server.status();
    return server.ok() ? *std::move(server) : nullptr;
  }

  // One atomic batch of 300 postings, then a clean stop: RocksDB flushes a table file.
  void PostAndStop(int round) {
    std::unique_ptr<ServerProcess> server = Start();
    ASSERT_NE(server, nullptr);
    if (round == 0) ASSERT_TRUE(SetUpTradingGroup(server->Channel()).ok());
    v1::BatchPostTransactionsRequest batch;
    batch.set_request_id(absl::StrCat("round-", round));
    batch.set_atomic(true);
    for (int i = 0; i < 300; ++i)
      *batch.add_transactions() = GoodsPosting(absl::StrCat(round, "-", i));
    v1::BatchPostTransactionsResponse response;
    ASSERT_TRUE(Call(*v1::LedgerService::NewStub(server->Channel()),
                     &v1::LedgerService::Stub::BatchPostTransactions, batch, &response)
                    .ok());
    ASSERT_EQ(server->SignalAndWait(SIGTERM, absl::Seconds(20)), 0);
  }

  // Flips one byte in the middle of the idempotency family's first table file. (Its keys,
  // request ids, interleave across files, so a compaction merges and reads them; journal
  // files hold disjoint sequence ranges and are moved between levels without being read.)
  void CorruptRequestTable() {
    std::string file;
    {
      auto database = storage::Database::Open({.path = data_dir_ + "/groups/default"});
      ASSERT_TRUE(database.ok()) << database.status();
      file = storage::TableFileOf(**database, "idempotency");
    }
    ASSERT_FALSE(file.empty());
    storage::FlipByteAt(file, 0.3);
  }

  static HealthCheckResponse::ServingStatus Health(const ServerProcess& server,
                                                   const std::string& service) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(1)));
    HealthCheckRequest request;
    request.set_service(service);
    HealthCheckResponse response;
    if (!grpc::health::v1::Health::NewStub(server.Channel())
             ->Check(&context, request, &response)
             .ok()) {
      return HealthCheckResponse::UNKNOWN;
    }
    return response.status();
  }

  std::string data_dir_;
};

TEST_F(WriteHealthE2eTest, ACompactionThatHitsCorruptionTakesTheServerOutOfRotation) {
  PostAndStop(0);
  CorruptRequestTable();
  // Three more table files: the fourth makes RocksDB compact, and read the damaged one.
  for (int round = 1; round <= 3; ++round) PostAndStop(round);
  std::unique_ptr<ServerProcess> server = Start();
  ASSERT_NE(server, nullptr);
  const absl::Time give_up = absl::Now() + absl::Seconds(20);
  while (Health(*server, "") == HealthCheckResponse::SERVING && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_EQ(Health(*server, ""), HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(Health(*server, "interco.v1.Writes"), HealthCheckResponse::NOT_SERVING);
  // Reads still work, so readiness (the service's name) stays up, and liveness asks a name
  // that only says the process is alive: restarting it would not make it write (issue 26).
  EXPECT_EQ(Health(*server, "interco.v1.LedgerService"), HealthCheckResponse::SERVING);
  EXPECT_EQ(Health(*server, "interco.v1.Liveness"), HealthCheckResponse::SERVING);
  v1::LedgerHead head;
  EXPECT_TRUE(Call(*v1::LedgerService::NewStub(server->Channel()),
                   &v1::LedgerService::Stub::GetLedgerHead, v1::GetLedgerHeadRequest(), &head)
                  .ok());
  EXPECT_GT(head.sequence(), 0u);
  v1::PostTransactionResponse posted;
  EXPECT_FALSE(Call(*v1::LedgerService::NewStub(server->Channel()),
                    &v1::LedgerService::Stub::PostTransaction, GoodsPosting("after"), &posted)
                   .ok());
  EXPECT_EQ(Sample(Scrape(server->metrics_address()), "interco_database_writes_stopped"), 1);
}

}  // namespace
}  // namespace interco::testing
