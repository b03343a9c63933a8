// End to end: a request's fingerprint is our own canonical encoding of what it says, so
// retries keep working across releases. A data directory written by the release before
// (storage/testdata/v1_ledger, whose records hold version-1 fingerprints) is opened and its
// requests retried; a retry carrying a field this server does not know gets the original.
#include <signal.h>

#include <cstdlib>
#include <filesystem>

#include "gtest/gtest.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "tests/grpc_errors.h"
#include "tests/requests.h"
#include "tests/server_process.h"
#include "tests/trading_group.h"

namespace interco::testing {
namespace {

namespace fs = std::filesystem;

// What the legacy ledger holds: four sales and a reversal of the first.
constexpr int kSales = 4;

v1::ReverseTransactionRequest ReverseFirst() {
  v1::ReverseTransactionRequest reverse;
  reverse.set_request_id("rev-1");
  reverse.set_sequence(1);
  *reverse.mutable_date() = Date(2024, 6, 30);
  return reverse;
}

std::unique_ptr<ServerProcess> Start(const std::string& data_dir) {
  auto server = ServerProcess::Start({"--listen=127.0.0.1:0", "--data_dir=" + data_dir});
  EXPECT_TRUE(server.ok()) << server.status();
  return server.ok() ? *std::move(server) : nullptr;
}

// Writes the legacy ledger with the server named by INTERCO_SERVER_BINARY into
// $LEGACY_LEDGER_OUT. Run by hand with the release before, to make the test data:
//   INTERCO_SERVER_BINARY=/path/to/old/interco_server
//   LEGACY_LEDGER_OUT=$PWD/storage/testdata/v1_ledger \
//     bazel-bin/tests/fingerprint_compat_e2e_test --gtest_also_run_disabled_tests \
//     --gtest_filter='*WriteTheLegacyLedger'
TEST(FingerprintCompatE2eTest, DISABLED_WriteTheLegacyLedger) {
  const char* out = std::getenv("LEGACY_LEDGER_OUT");
  ASSERT_NE(out, nullptr);
  const std::string data_dir = FreshTempDir("legacy");
  std::unique_ptr<ServerProcess> server = Start(data_dir);
  ASSERT_NE(server, nullptr);
  ASSERT_TRUE(SetUpTradingGroup(server->Channel()).ok());
  auto ledger = v1::LedgerService::NewStub(server->Channel());
  for (int i = 1; i <= kSales; ++i) {
    v1::PostTransactionResponse response;
    ASSERT_TRUE(Call(*ledger, &v1::LedgerService::Stub::PostTransaction,
                     GoodsPosting(absl::StrCat("r", i), "A", "B", 100 + i), &response)
                    .ok());
  }
  v1::PostTransactionResponse reversed;
  ASSERT_TRUE(
      Call(*ledger, &v1::LedgerService::Stub::ReverseTransaction, ReverseFirst(), &reversed).ok());
  ASSERT_EQ(server->SignalAndWait(SIGTERM, absl::Seconds(20)), 0);
  fs::remove_all(out);
  fs::create_directories(out);
  for (const fs::directory_entry& file : fs::directory_iterator(fs::path(data_dir) / "groups" / "default")) {
    const std::string name = file.path().filename().string();
    if (name.rfind("LOG", 0) == 0 || name == "LOCK") continue;  // Diagnostics, not data.
    fs::copy_file(file.path(), fs::path(out) / name);
  }
}

TEST(FingerprintCompatE2eTest, RequestsOfTheReleaseBeforeAreRetriedExactlyOnce) {
  const std::string data_dir = FreshTempDir("v1_ledger");
  const fs::path source = "storage/testdata/v1_ledger";
  ASSERT_TRUE(fs::exists(source)) << fs::current_path();
  for (const fs::directory_entry& file : fs::directory_iterator(source)) {
    fs::copy_file(file.path(), fs::path(data_dir) / file.path().filename());
  }
  std::unique_ptr<ServerProcess> server = Start(data_dir);
  ASSERT_NE(server, nullptr);
  auto ledger = v1::LedgerService::NewStub(server->Channel());
  for (int i = 1; i <= kSales; ++i) {
    v1::PostTransactionResponse response;
    const grpc::Status status =
        Call(*ledger, &v1::LedgerService::Stub::PostTransaction,
             GoodsPosting(absl::StrCat("r", i), "A", "B", 100 + i), &response);
    ASSERT_TRUE(status.ok()) << i << " " << status.error_message();
    EXPECT_EQ(response.sequence(), static_cast<uint64_t>(i));
    EXPECT_EQ(response.original_request_id(), "");
  }
  v1::PostTransactionResponse response;
  EXPECT_EQ(Call(*ledger, &v1::LedgerService::Stub::PostTransaction,
                 GoodsPosting("r1", "A", "B", 150), &response)
                .error_code(),
            grpc::ALREADY_EXISTS);
  ASSERT_TRUE(
      Call(*ledger, &v1::LedgerService::Stub::ReverseTransaction, ReverseFirst(), &response).ok());
  EXPECT_EQ(response.sequence(), kSales + 1u);
  v1::VerifyLedgerResponse verified;
  ASSERT_TRUE(
      Call(*ledger, &v1::LedgerService::Stub::VerifyLedger, v1::VerifyLedgerRequest(), &verified)
          .ok());
  EXPECT_TRUE(verified.ok()) << verified.problem();
  EXPECT_EQ(verified.entries_checked(), kSales + 1u);
  // New postings go on the old chain.
  ASSERT_TRUE(
      Call(*ledger, &v1::LedgerService::Stub::PostTransaction, GoodsPosting("new"), &response)
          .ok());
  EXPECT_EQ(response.sequence(), kSales + 2u);
}

TEST(FingerprintCompatE2eTest, ARetryWithAFieldThisServerDoesNotKnowGetsTheOriginal) {
  std::unique_ptr<ServerProcess> server = Start(FreshTempDir("unknown_field"));
  ASSERT_NE(server, nullptr);
  ASSERT_TRUE(SetUpTradingGroup(server->Channel()).ok());
  auto ledger = v1::LedgerService::NewStub(server->Channel());
  v1::PostTransactionResponse first, retried;
  ASSERT_TRUE(
      Call(*ledger, &v1::LedgerService::Stub::PostTransaction, GoodsPosting("u1"), &first).ok());
  // As a newer client would send it: a field added to Transaction in a later release.
  v1::PostTransactionRequest newer = GoodsPosting("u1");
  newer.mutable_transaction()
      ->GetReflection()
      ->MutableUnknownFields(newer.mutable_transaction())
      ->AddVarint(999, 1);
  const grpc::Status status =
      Call(*ledger, &v1::LedgerService::Stub::PostTransaction, newer, &retried);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(retried.SerializeAsString(), first.SerializeAsString());
}

}  // namespace
}  // namespace interco::testing
