// End to end: an import stream's reply fits its message by construction, whatever its items
// say, so postings committed by a stream are always confirmed to the client.
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "interco/v1/ledger.grpc.pb.h"
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

}  // namespace
}  // namespace interco::testing
