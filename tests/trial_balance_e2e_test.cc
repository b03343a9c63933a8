// End to end, on the real server: the group chart, S's mapping and the trial balances of the
// worked example of issue 17 imported over gRPC (unary and streamed), exactly once,
// versioned, read back as of earlier versions, refused with the field at fault and nothing
// written, and all still there after a restart.
#include <memory>
#include <string>

#include "absl/strings/str_replace.h"
#include "gtest/gtest.h"
#include "interco/v1/group_structure.grpc.pb.h"
#include "interco/v1/policy.grpc.pb.h"
#include "interco/v1/trial_balance.grpc.pb.h"
#include "tests/grpc_errors.h"
#include "tests/requests.h"
#include "tests/server_process.h"
#include "tests/trial_balance_group.h"

namespace interco::testing {
namespace {

using Stub = v1::TrialBalanceService::Stub;

class TrialBalanceE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_dir_ = FreshTempDir("trial_balances");
    Restart();
    ASSERT_TRUE(SetUpTrialBalanceGroup(server_->Channel()).ok());
  }

  void Restart() {
    server_.reset();
    auto server = ServerProcess::Start({"--listen=127.0.0.1:0", "--data_dir=" + data_dir_});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    stub_ = v1::TrialBalanceService::NewStub(server_->Channel());
  }

  grpc::Status Import(const v1::ImportTrialBalanceRequest& request,
                      v1::ImportTrialBalanceResponse* response) {
    return Call(*stub_, &Stub::ImportTrialBalance, request, response);
  }

  // Sends `messages` on one import stream.
  grpc::Status Stream(const std::vector<v1::ImportTrialBalanceRequest>& messages,
                      v1::ImportTrialBalanceResponse* response) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    auto writer = stub_->StreamImportTrialBalance(&context, response);
    for (const auto& message : messages) {
      if (!writer->Write(message)) break;
    }
    writer->WritesDone();
    return writer->Finish();
  }

  v1::TrialBalanceVersion Get(const std::string& entity, const std::string& period,
                              uint64_t version = 0, uint64_t as_of = 0) {
    v1::GetTrialBalanceRequest request;
    request.set_entity_id(entity);
    request.set_period(period);
    request.set_version(version);
    request.set_as_of_import_sequence(as_of);
    v1::TrialBalanceVersion response;
    const grpc::Status status = Call(*stub_, &Stub::GetTrialBalance, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  uint64_t ImportSequence() {
    v1::ListTrialBalancesRequest request;
    v1::ListTrialBalancesResponse response;
    EXPECT_TRUE(Call(*stub_, &Stub::ListTrialBalances, request, &response).ok());
    return response.import_sequence();
  }

  std::string data_dir_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<Stub> stub_;
};

TEST_F(TrialBalanceE2eTest, WorkedExampleImportsOnceAndReadsBack) {
  v1::ImportTrialBalanceResponse s, p, again;
  ASSERT_TRUE(Import(SubsidiaryOpening(), &s).ok());
  ASSERT_TRUE(Import(SubsidiaryYearEnd(), &s).ok());
  ASSERT_TRUE(Import(ParentYearEnd(), &p).ok());
  EXPECT_EQ(s.trial_balance().version(), 1u);
  EXPECT_EQ(s.trial_balance().import_sequence(), 2u);
  EXPECT_EQ(s.trial_balance().debit_total().value(), "1800.00");
  EXPECT_EQ(s.trial_balance().chart_version(), 9u);
  EXPECT_EQ(p.trial_balance().debit_total().value(), "2940.00");

  // A retry is answered with the original; other content under its id is refused.
  ASSERT_TRUE(Import(SubsidiaryYearEnd(), &again).ok());
  EXPECT_EQ(again.SerializeAsString(), s.SerializeAsString());
  v1::ImportTrialBalanceRequest other = ParentYearEnd();
  other.set_request_id(SubsidiaryYearEnd().request_id());
  const grpc::Status reused = Import(other, &again);
  EXPECT_EQ(reused.error_code(), grpc::ALREADY_EXISTS);
  EXPECT_EQ(ViolatedField(reused), "request_id");

  // Lines come back mapped, a page at a time, by local account.
  v1::ListTrialBalanceLinesRequest lines_request;
  lines_request.set_entity_id("S");
  lines_request.set_period("2024-12");
  lines_request.set_page_size(4);
  v1::ListTrialBalanceLinesResponse lines;
  ASSERT_TRUE(Call(*stub_, &Stub::ListTrialBalanceLines, lines_request, &lines).ok());
  ASSERT_EQ(lines.lines_size(), 4);
  EXPECT_EQ(lines.lines(0).account(), "S-CAPITAL");
  EXPECT_EQ(lines.lines(0).group_account(), "3000");
  EXPECT_EQ(lines.lines(0).balance().value(), "-500.00");
  lines_request.set_page_token(lines.next_page_token());
  ASSERT_TRUE(Call(*stub_, &Stub::ListTrialBalanceLines, lines_request, &lines).ok());
  ASSERT_EQ(lines.lines_size(), 2);
  EXPECT_EQ(lines.lines(1).account(), "S-SALES");
  EXPECT_TRUE(lines.next_page_token().empty());

  v1::ListTrialBalancesRequest list;
  list.set_page_size(2);
  v1::ListTrialBalancesResponse listed;
  ASSERT_TRUE(Call(*stub_, &Stub::ListTrialBalances, list, &listed).ok());
  ASSERT_EQ(listed.trial_balances_size(), 2);
  EXPECT_EQ(listed.trial_balances(0).entity_id(), "P");
  EXPECT_EQ(listed.trial_balances(1).period(), "2023-12");
  EXPECT_EQ(listed.import_sequence(), 3u);
  list.set_page_token(listed.next_page_token());
  ASSERT_TRUE(Call(*stub_, &Stub::ListTrialBalances, list, &listed).ok());
  ASSERT_EQ(listed.trial_balances_size(), 1);
  EXPECT_EQ(listed.trial_balances(0).period(), "2024-12");
}

TEST_F(TrialBalanceE2eTest, AStreamedReimportIsANewVersionAndEarlierReadsStay) {
  v1::ImportTrialBalanceResponse first, second;
  ASSERT_TRUE(Import(SubsidiaryYearEnd(), &first).ok());
  // The corrected S, in three messages: the header and two lines, then the rest.
  v1::ImportTrialBalanceRequest corrected = SubsidiaryYearEnd();
  corrected.set_request_id("tb-S-2024-12-b");
  corrected.mutable_lines(0)->mutable_balance()->set_value("1260.00");
  corrected.mutable_lines(4)->mutable_balance()->set_value("-710.00");
  std::vector<v1::ImportTrialBalanceRequest> messages(3);
  messages[0] = corrected;
  messages[0].mutable_lines()->DeleteSubrange(2, 4);
  for (int i = 2; i < 6; ++i) *messages[i < 4 ? 1 : 2].add_lines() = corrected.lines(i);
  messages[2].set_entity_id("S");  // Repeating the header is allowed.
  const grpc::Status streamed = Stream(messages, &second);
  ASSERT_TRUE(streamed.ok()) << streamed.error_message();
  EXPECT_EQ(second.trial_balance().version(), 2u);
  EXPECT_EQ(second.trial_balance().line_count(), 6u);
  EXPECT_EQ(second.trial_balance().debit_total().value(), "1810.00");

  EXPECT_EQ(Get("S", "2024-12").version(), 2u);
  EXPECT_EQ(Get("S", "2024-12", 1).debit_total().value(), "1800.00");
  EXPECT_EQ(Get("S", "2024-12", 0, first.trial_balance().import_sequence()).version(), 1u);

  Restart();  // Versions, requests and the chart survive.
  EXPECT_EQ(Get("S", "2024-12").version(), 2u);
  EXPECT_EQ(ImportSequence(), 2u);
  v1::ImportTrialBalanceResponse again;
  ASSERT_TRUE(Import(SubsidiaryYearEnd(), &again).ok());
  EXPECT_EQ(again.trial_balance().version(), 1u);
  v1::GetGroupAccountRequest account;
  account.set_account_id("1500");
  account.set_as_of_chart_version(2);
  v1::VersionedGroupAccount read;
  ASSERT_TRUE(Call(*stub_, &Stub::GetGroupAccount, account, &read).ok());
  EXPECT_TRUE(read.account().investment_in_held_entity());
  EXPECT_EQ(read.chart_version(), 2u);
}

TEST_F(TrialBalanceE2eTest, RefusalsNameTheFieldAndWriteNothing) {
  auto policies = v1::PolicyService::NewStub(server_->Channel());
  v1::ClosePeriodRequest close;
  close.set_request_id("close-P-2024-11");
  close.set_entity_id("P");
  close.set_period("2024-11");
  v1::ClosePeriodResponse closed;
  ASSERT_TRUE(Call(*policies, &v1::PolicyService::Stub::ClosePeriod, close, &closed).ok());

  struct Case {
    const char* name;
    std::function<void(v1::ImportTrialBalanceRequest&)> change;
    grpc::StatusCode code;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"unbalanced", [](auto& r) { r.mutable_lines(0)->mutable_balance()->set_value("1330.00"); },
       grpc::INVALID_ARGUMENT, "lines"},
      {"unknown account", [](auto& r) { r.mutable_lines(1)->set_account("1599"); }, grpc::NOT_FOUND,
       "lines[1].account"},
      {"unmapped account", [](auto& r) { r.set_entity_id("S"); }, grpc::NOT_FOUND,
       "lines[0].account"},
      {"closed period", [](auto& r) { r.set_period("2024-11"); }, grpc::FAILED_PRECONDITION,
       "period"},
      {"currency", [](auto& r) { r.set_currency_code("EUR"); }, grpc::INVALID_ARGUMENT,
       "currency_code"},
      {"duplicate", [](auto& r) { *r.add_lines() = r.lines(0); }, grpc::INVALID_ARGUMENT,
       "lines[6].account"},
      {"outside the group", [](auto& r) { r.set_entity_id("X"); }, grpc::NOT_FOUND, "entity_id"},
      {"bad balance", [](auto& r) { r.mutable_lines(2)->mutable_balance()->set_value("1e3"); },
       grpc::INVALID_ARGUMENT, "lines[2].balance"},
      {"bad period", [](auto& r) { r.set_period("2024-13"); }, grpc::INVALID_ARGUMENT, "period"},
  };
  for (const Case& c : cases) {
    v1::ImportTrialBalanceRequest request = ParentYearEnd();
    request.set_request_id(absl::StrReplaceAll(std::string("bad-") + c.name, {{" ", "-"}}));
    c.change(request);
    v1::ImportTrialBalanceResponse response;
    const grpc::Status status = Import(request, &response);
    EXPECT_EQ(status.error_code(), c.code) << c.name << ": " << status.error_message();
    EXPECT_EQ(ViolatedField(status), c.field) << c.name << ": " << status.error_message();
  }
  v1::ImportTrialBalanceRequest unbalanced = ParentYearEnd();
  unbalanced.mutable_lines(0)->mutable_balance()->set_value("1330.00");
  v1::ImportTrialBalanceResponse response;
  EXPECT_NE(Import(unbalanced, &response).error_message().find("differ by -10.00"),
            std::string::npos);

  // A stream mixing two entities is refused at the message that changes it.
  std::vector<v1::ImportTrialBalanceRequest> mixed = {SubsidiaryYearEnd(), ParentYearEnd()};
  mixed[1].clear_request_id();
  const grpc::Status status = Stream(mixed, &response);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedField(status), "entity_id");
  EXPECT_EQ(ImportSequence(), 0u);
}

// A trial balance holds the entity's amounts in the currency of its period: a change of
// functional currency from that period or an earlier one would contradict it, as postings
// would; from the period after, it is accepted.
TEST_F(TrialBalanceE2eTest, AFunctionalCurrencyChangeRespectsImportedTrialBalances) {
  v1::ImportTrialBalanceResponse imported;
  ASSERT_TRUE(Import(SubsidiaryYearEnd(), &imported).ok());  // S, 2024-12, in USD.
  auto structure = v1::GroupStructureService::NewStub(server_->Channel());
  const auto change = [&](const std::string& request_id, const std::string& from) {
    v1::UpsertEntityRequest request = EntityRequest("S", request_id, "EUR");
    request.mutable_entity()->set_functional_currency_effective_period(from);
    v1::UpsertEntityResponse response;
    return Call(*structure, &v1::GroupStructureService::Stub::UpsertEntity, request, &response);
  };
  const grpc::Status in_december = change("tb-ccy-1", "2024-12");
  EXPECT_EQ(in_december.error_code(), grpc::FAILED_PRECONDITION) << in_december.error_message();
  EXPECT_EQ(ViolatedField(in_december), "entity.functional_currency_effective_period");
  EXPECT_NE(in_december.error_message().find("imported trial balances"), std::string::npos)
      << in_december.error_message();
  const grpc::Status from_january = change("tb-ccy-2", "2025-01");
  EXPECT_TRUE(from_january.ok()) << from_january.error_message();
}

}  // namespace
}  // namespace interco::testing
