// Retry storms: many clients send the same request_ids at once, some with altered bodies.
// Exactly one posting per id; altered bodies get ALREADY_EXISTS; every OK reply is the same.
#include <atomic>
#include <map>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "gtest/gtest.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "tests/requests.h"
#include "tests/server_process.h"
#include "tests/trading_group.h"

namespace interco::testing {
namespace {

TEST(RetryStormTest, OnePostingPerRequestIdWhateverTheConcurrency) {
  auto server =
      ServerProcess::Start({"--listen=127.0.0.1:0", "--data_dir=" + FreshTempDir("storm")});
  ASSERT_TRUE(server.ok()) << server.status();
  ASSERT_TRUE(SetUpTradingGroup((*server)->Channel()).ok());
  constexpr int kClients = 16, kIds = 40;
  absl::Mutex mu;
  std::map<int, std::string> first_reply;  // By id: the bytes of the first OK reply.
  std::atomic<int> mismatched_replies{0}, unexpected{0}, conflicts{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      auto stub = v1::LedgerService::NewStub((*server)->Channel());
      for (int id = 0; id < kIds; ++id) {
        // Every fourth client alters the body (another cost) under the same request_id.
        const bool altered = c % 4 == 3;
        v1::PostTransactionResponse response;
        const grpc::Status status = Call(
            *stub, &v1::LedgerService::Stub::PostTransaction,
            GoodsPosting("storm-" + std::to_string(id), "A", "B", altered ? 999 : 100), &response);
        if (status.ok()) {
          absl::MutexLock lock(&mu);
          auto [it, inserted] = first_reply.emplace(id, response.SerializeAsString());
          if (!inserted && it->second != response.SerializeAsString()) ++mismatched_replies;
        } else if (status.error_code() == grpc::ALREADY_EXISTS) {
          ++conflicts;
        } else {
          ++unexpected;
        }
      }
    });
  }
  for (auto& client : clients) client.join();
  // Whichever body arrived first owns the id; the other body is refused. Either way every
  // OK reply for an id is identical.
  EXPECT_EQ(mismatched_replies, 0);
  EXPECT_EQ(unexpected, 0);
  EXPECT_GT(conflicts, 0);
  auto stub = v1::LedgerService::NewStub((*server)->Channel());
  v1::VerifyLedgerResponse verified;
  ASSERT_TRUE(
      Call(*stub, &v1::LedgerService::Stub::VerifyLedger, v1::VerifyLedgerRequest(), &verified)
          .ok());
  EXPECT_TRUE(verified.ok()) << verified.problem();
  EXPECT_EQ(verified.entries_checked(), static_cast<uint64_t>(kIds)) << "one posting per id";
}

}  // namespace
}  // namespace interco::testing
