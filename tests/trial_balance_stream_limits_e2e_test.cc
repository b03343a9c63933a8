// End to end: trial balance import streams have the posting streams' limits, with slots
// of their own: at most --max_concurrent_streams open at once (RESOURCE_EXHAUSTED,
// TOO_MANY_STREAMS), and one that sends nothing for --stream_idle_timeout_ms is ended
// (DEADLINE_EXCEEDED, STREAM_IDLE) with nothing written.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "interco/v1/trial_balance.grpc.pb.h"
#include "tests/requests.h"
#include "tests/server_process.h"
#include "tests/trial_balance_group.h"

namespace interco::testing {
namespace {

using Stub = v1::TrialBalanceService::Stub;

// The ErrorInfo reason in `status`'s details; "" if none.
std::string Reason(const grpc::Status& status) {
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return "";
  for (const auto& any : details.details()) {
    google::rpc::ErrorInfo info;
    if (any.UnpackTo(&info)) return info.reason();
  }
  return "";
}

// An import stream that sent its first message (a whole trial balance) and then nothing:
// it never closes its side, so nothing may be imported.
struct IdleImport {
  IdleImport(Stub* stub, const v1::ImportTrialBalanceRequest& first)
      : writer(stub->StreamImportTrialBalance(&context, &response)) {
    writer->Write(first);
  }
  grpc::ClientContext context;
  v1::ImportTrialBalanceResponse response;
  std::unique_ptr<grpc::ClientWriter<v1::ImportTrialBalanceRequest>> writer;
};

// Sends `messages` on one import stream, `gap` apart, then closes it.
grpc::Status StreamImport(Stub* stub, const std::vector<v1::ImportTrialBalanceRequest>& messages,
                          absl::Duration gap = absl::ZeroDuration()) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  v1::ImportTrialBalanceResponse response;
  auto writer = stub->StreamImportTrialBalance(&context, &response);
  for (const auto& message : messages) {
    if (!writer->Write(message)) break;
    absl::SleepFor(gap);
  }
  writer->WritesDone();
  return writer->Finish();
}

// The versions stored, and the group's import sequence.
v1::ListTrialBalancesResponse Stored(Stub* stub) {
  v1::ListTrialBalancesResponse response;
  EXPECT_TRUE(
      Call(*stub, &Stub::ListTrialBalances, v1::ListTrialBalancesRequest(), &response).ok());
  return response;
}

TEST(TrialBalanceStreamLimitsE2eTest, SlotsAreCappedIdleStreamsEndAndWriteNothing) {
  auto server = ServerProcess::Start(
      {"--listen=127.0.0.1:0", "--data_dir=" + FreshTempDir("tb_stream_limits"),
       "--max_concurrent_streams=2", "--stream_idle_timeout_ms=600"});
  ASSERT_TRUE(server.ok()) << server.status();
  ASSERT_TRUE(SetUpTrialBalanceGroup((*server)->Channel()).ok());
  auto stub = v1::TrialBalanceService::NewStub((*server)->Channel());
  // Two hostile clients take both import slots, each having sent a whole trial balance.
  IdleImport first(stub.get(), SubsidiaryOpening()), second(stub.get(), ParentYearEnd());
  absl::SleepFor(absl::Milliseconds(100));  // Both are open on the server.
  const grpc::Status third = StreamImport(stub.get(), {SubsidiaryYearEnd()});
  EXPECT_EQ(third.error_code(), grpc::RESOURCE_EXHAUSTED) << third.error_message();
  EXPECT_EQ(Reason(third), "TOO_MANY_STREAMS");
  // The posting streams keep slots of their own.
  {
    auto ledger = v1::LedgerService::NewStub((*server)->Channel());
    grpc::ClientContext context;
    v1::StreamPostTransactionsResponse response;
    auto writer = ledger->StreamPostTransactions(&context, &response);
    writer->WritesDone();
    const grpc::Status posting = writer->Finish();
    EXPECT_TRUE(posting.ok()) << posting.error_code() << " " << posting.error_message();
  }
  // The idle streams end without importing what they sent.
  for (IdleImport* idle : {&first, &second}) {
    const grpc::Status status = idle->writer->Finish();
    EXPECT_EQ(status.error_code(), grpc::DEADLINE_EXCEEDED) << status.error_message();
    EXPECT_EQ(Reason(status), "STREAM_IDLE");
  }
  v1::ListTrialBalancesResponse stored = Stored(stub.get());
  EXPECT_EQ(stored.trial_balances_size(), 0);
  EXPECT_EQ(stored.import_sequence(), 0u);
  // Their slots are free again; a slow but live client (a message every 250 ms, longer
  // than the timeout in all) is never idle.
  v1::ImportTrialBalanceRequest header = SubsidiaryYearEnd();
  std::vector<v1::ImportTrialBalanceRequest> messages;
  for (const v1::TrialBalanceLine& line : header.lines()) {
    v1::ImportTrialBalanceRequest message;
    *message.add_lines() = line;
    messages.push_back(message);
  }
  header.clear_lines();
  messages.insert(messages.begin(), header);
  // The slots are given back when the streams finish, before their clients read the status.
  const grpc::Status live = StreamImport(stub.get(), messages, absl::Milliseconds(250));
  ASSERT_TRUE(live.ok()) << live.error_code() << " " << live.error_message();
  stored = Stored(stub.get());
  ASSERT_EQ(stored.trial_balances_size(), 1);
  EXPECT_EQ(stored.trial_balances(0).request_id(), "tb-S-2024-12");
}

}  // namespace
}  // namespace interco::testing
