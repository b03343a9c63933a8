// End to end (issue 24): an import stream is refused on its first message when the import
// could never be made (PERMISSION_DENIED for a poster's foreign entity, NOT_FOUND for an
// unknown one), before it holds any lines; all open import streams together hold at most
// --import_buffer_bytes_max (RESOURCE_EXHAUSTED, IMPORT_BUFFER_FULL, with a QuotaFailure
// naming the limit), and a stream gives its share back however it ends; a stream that
// trickles below --import_min_bytes_per_second is ended (DEADLINE_EXCEEDED, STREAM_TOO_SLOW)
// although it is never idle; out-of-range import flags stop the server before it starts.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "interco/v1/trial_balance.grpc.pb.h"
#include "tests/requests.h"
#include "tests/server_process.h"
#include "tests/tls_fixture.h"
#include "tests/trial_balance_group.h"

namespace interco::testing {
namespace {

using Stub = v1::TrialBalanceService::Stub;

google::rpc::Status Details(const grpc::Status& status) {
  google::rpc::Status details;
  EXPECT_TRUE(details.ParseFromString(status.error_details()));
  return details;
}

std::string Reason(const grpc::Status& status) {
  const google::rpc::Status details = Details(status);
  for (const auto& any : details.details()) {
    google::rpc::ErrorInfo info;
    if (any.UnpackTo(&info)) return info.reason();
  }
  return "";
}

// An import stream left open after its messages: the client never closes its side, so
// the server can only end it by refusing it.
struct OpenImport {
  OpenImport(Stub* stub, const std::vector<v1::ImportTrialBalanceRequest>& messages,
             absl::Duration deadline = absl::Seconds(10)) {
    context.set_deadline(absl::ToChronoTime(absl::Now() + deadline));
    writer = stub->StreamImportTrialBalance(&context, &response);
    for (const auto& message : messages) {
      if (!writer->Write(message)) break;
    }
  }
  grpc::ClientContext context;
  v1::ImportTrialBalanceResponse response;
  std::unique_ptr<grpc::ClientWriter<v1::ImportTrialBalanceRequest>> writer;
};

// S's trial balance with `lines` lines of about 52 bytes each (accounts S has no mapping
// for: it can be held, never imported).
v1::ImportTrialBalanceRequest LargeImport(const std::string& request_id, int lines) {
  std::vector<std::pair<std::string, std::string>> rows;
  for (int i = 0; i < lines; ++i) {
    rows.emplace_back(absl::StrCat("S-UNMAPPED-ACCOUNT-WITH-A-LONG-NAME-", i), "1.00");
  }
  return TrialBalanceRequest(request_id, "S", "2024-12", "USD", rows);
}

class ImportLimitsE2eTest : public TlsE2eTest {};

TEST_F(ImportLimitsE2eTest, AStreamThatCouldNeverBeImportedIsRefusedOnItsFirstMessage) {
  auto server = ServerProcess::Start(TlsFlags());
  ASSERT_TRUE(server.ok()) << server.status();
  ASSERT_TRUE(SetUpTrialBalanceGroup(As(**server, "admin")).ok());
  // poster_a may import only for A: S's trial balance is refused at once, though the
  // stream stays open and the idle timeout (30 s) is far.
  auto poster = v1::TrialBalanceService::NewStub(As(**server, "poster_a"));
  const absl::Time start = absl::Now();
  OpenImport foreign(poster.get(), {LargeImport("tb-foreign", 1000)});
  const grpc::Status denied = foreign.writer->Finish();
  EXPECT_EQ(denied.error_code(), grpc::PERMISSION_DENIED) << denied.error_message();
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
  // An entity the group does not have: NOT_FOUND naming entity_id, as the import would end.
  auto admin = v1::TrialBalanceService::NewStub(As(**server, "admin"));
  v1::ImportTrialBalanceRequest unknown = LargeImport("tb-unknown", 10);
  unknown.set_entity_id("NOPE");
  OpenImport nowhere(admin.get(), {unknown});
  const grpc::Status not_found = nowhere.writer->Finish();
  EXPECT_EQ(not_found.error_code(), grpc::NOT_FOUND) << not_found.error_message();
  EXPECT_EQ(Reason(not_found), "UNKNOWN_ID");
  // A malformed request_id is INVALID_ARGUMENT, as the import would end.
  OpenImport malformed(admin.get(), {LargeImport("", 10)});
  EXPECT_EQ(malformed.writer->Finish().error_code(), grpc::INVALID_ARGUMENT);
  // The entity's own poster gets as far as the import's full checks.
  auto unary = v1::TrialBalanceService::NewStub(As(**server, "admin"));
  OpenImport own(unary.get(), {SubsidiaryYearEnd()});
  own.writer->WritesDone();
  const grpc::Status imported = own.writer->Finish();
  EXPECT_TRUE(imported.ok()) << imported.error_code() << " " << imported.error_message();
}

TEST(ImportBufferE2eTest, OpenImportsTogetherHoldAtMostTheBudgetAndGiveItBackWhenTheyEnd) {
  auto server = ServerProcess::Start({"--listen=127.0.0.1:0",
                                      "--data_dir=" + FreshTempDir("import_budget"),
                                      "--import_buffer_bytes_max=1048576"});
  ASSERT_TRUE(server.ok()) << server.status();
  ASSERT_TRUE(SetUpTrialBalanceGroup((*server)->Channel()).ok());
  auto stub = v1::TrialBalanceService::NewStub((*server)->Channel());
  const v1::ImportTrialBalanceRequest message = LargeImport("tb-big-1", 12000);
  ASSERT_GT(message.ByteSizeLong(), 1048576u / 2);
  ASSERT_LT(message.ByteSizeLong(), 1048576u);
  auto first = std::make_unique<OpenImport>(stub.get(),
                                            std::vector<v1::ImportTrialBalanceRequest>{message});
  absl::SleepFor(absl::Milliseconds(300));  // The first stream holds its message.
  v1::ImportTrialBalanceRequest second_message = message;
  second_message.set_request_id("tb-big-2");
  OpenImport second(stub.get(), {second_message});
  const grpc::Status full = second.writer->Finish();
  ASSERT_EQ(full.error_code(), grpc::RESOURCE_EXHAUSTED) << full.error_message();
  EXPECT_EQ(Reason(full), "IMPORT_BUFFER_FULL");
  google::rpc::QuotaFailure quota;
  bool has_quota = false;
  const google::rpc::Status details = Details(full);
  for (const auto& any : details.details()) has_quota = has_quota || any.UnpackTo(&quota);
  ASSERT_TRUE(has_quota);
  ASSERT_EQ(quota.violations_size(), 1);
  EXPECT_EQ(quota.violations(0).subject(), "import_buffer_bytes_max");
  EXPECT_NE(full.error_message().find("of the 1048576 bytes"), std::string::npos)
      << full.error_message();
  // The first stream's client goes away: its share comes back, and a third stream of the
  // same size is held and gets to the import's checks (its accounts are not mapped).
  first->context.TryCancel();
  first->writer->Finish();
  first.reset();
  absl::SleepFor(absl::Milliseconds(300));
  v1::ImportTrialBalanceRequest third_message = message;
  third_message.set_request_id("tb-big-3");
  OpenImport third(stub.get(), {third_message});
  third.writer->WritesDone();
  const grpc::Status checked = third.writer->Finish();
  EXPECT_EQ(checked.error_code(), grpc::NOT_FOUND) << checked.error_message();
  EXPECT_EQ(Reason(checked), "UNMAPPED_ACCOUNT");
}

TEST(ImportPaceE2eTest, AStreamThatTricklesIsEndedThoughItIsNeverIdle) {
  auto server = ServerProcess::Start(
      {"--listen=127.0.0.1:0", "--data_dir=" + FreshTempDir("import_pace"),
       "--stream_idle_timeout_ms=2000", "--import_min_bytes_per_second=1000",
       "--import_rate_window_s=2"});
  ASSERT_TRUE(server.ok()) << server.status();
  ASSERT_TRUE(SetUpTrialBalanceGroup((*server)->Channel()).ok());
  auto stub = v1::TrialBalanceService::NewStub((*server)->Channel());
  // One line every 500 ms (lines of about 52 bytes: some 100 bytes/s, a tenth of the
  // minimum, so that no window passes however the messages fall into windows), well within
  // the idle timeout.
  // The client sends for 5 s at most and then asks for the answer, which by then must be
  // the refusal (ended after the first 2 s window): a client that kept writing past its own
  // deadline saw that deadline instead, under load (CI).
  const absl::Time start = absl::Now();
  OpenImport trickle(stub.get(), {LargeImport("tb-trickle", 1)}, absl::Seconds(30));
  for (int i = 0; i < 10; ++i) {
    absl::SleepFor(absl::Milliseconds(500));
    v1::ImportTrialBalanceRequest line;
    *line.add_lines() = LargeImport("", 1).lines(0);
    line.mutable_lines(0)->set_account(absl::StrCat("S-LINE-", i));
    if (!trickle.writer->Write(line)) break;
  }
  const grpc::Status status = trickle.writer->Finish();
  EXPECT_EQ(status.error_code(), grpc::DEADLINE_EXCEEDED) << status.error_message();
  EXPECT_EQ(Reason(status), "STREAM_TOO_SLOW");
  EXPECT_LT(absl::Now() - start, absl::Seconds(8));
}

TEST(ImportFlagsE2eTest, OutOfRangeImportFlagsStopTheServerBeforeItStarts) {
  for (const char* flag : {"--import_buffer_bytes_max=1000", "--import_min_bytes_per_second=-1",
                           "--import_rate_window_s=0", "--import_max_duration_s=0"}) {
    SCOPED_TRACE(flag);
    const ServerProcess::Exit exit = ServerProcess::RunToExit(
        {"--listen=127.0.0.1:0", "--data_dir=" + FreshTempDir("unused"), flag});
    EXPECT_EQ(exit.code, 2) << exit.stderr_text;
    const std::string name = std::string(flag).substr(0, std::string(flag).find('='));
    EXPECT_NE(exit.stderr_text.find(name), std::string::npos) << exit.stderr_text;
  }
}

}  // namespace
}  // namespace interco::testing
