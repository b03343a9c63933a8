// End to end: every bad request of tests/bad_input_cases.cc against the real server, and
// the limits (message size, batch size, stream length, concurrent streams, deadlines).
// After each refusal the ledger head (sequence and hash), the structure and pricing
// versions, the group chart, the trial balances and the acquisitions are unchanged and the
// server still answers health checks.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "google/protobuf/text_format.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "interco/v1/admin.grpc.pb.h"
#include "interco/v1/consolidation.grpc.pb.h"
#include "interco/v1/group_structure.grpc.pb.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "interco/v1/policy.grpc.pb.h"
#include "interco/v1/transfer_pricing.grpc.pb.h"
#include "interco/v1/trial_balance.grpc.pb.h"
#include "tests/bad_input_cases.h"
#include "tests/grpc_errors.h"
#include "tests/requests.h"
#include "tests/server_process.h"
#include "tests/trading_group.h"

namespace interco::testing {
namespace {

constexpr int kMaxMessageBytes = 4000064;  // The least the server accepts.
constexpr int kMaxConcurrentStreams = 2;

// Calls with the request in text format and the case's x-interco-group header(s).
using Caller = std::function<grpc::Status(const std::string& text, const std::string& group)>;
// The same without a header: the group "default".
grpc::Status InDefault(const Caller& caller, const std::string& text) { return caller(text, ""); }

template <typename Request>
bool Parse(const std::string& text, Request* request) {
  const bool parsed = google::protobuf::TextFormat::ParseFromString(text, request);
  EXPECT_TRUE(parsed) << "the case's request does not parse: " << text;
  return parsed;
}

// A caller for a unary method: parses the text into its request type and calls.
template <typename Stub, typename Request, typename Response>
Caller Unary(std::shared_ptr<Stub> stub,
             grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*)) {
  return [stub, method](const std::string& text, const std::string& group) {
    Request request;
    if (!Parse(text, &request)) return grpc::Status(grpc::INTERNAL, "unparsable case");
    Response response;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    if (!group.empty()) {
      for (absl::string_view value : absl::StrSplit(group, '|')) {
        context.AddMetadata("x-interco-group", std::string(value));
      }
    }
    return ((*stub).*method)(&context, request, &response);
  };
}

// The consolidation header, the chart and the trial balances: what a refused request must
// leave untouched.
struct State {
  uint64_t sequence = 0;
  std::string chain_hash;
  uint64_t structure_version = 0;
  uint64_t pricing_version = 0;
  std::string chart;           // Every account and mapping with its chart version.
  std::string trial_balances;  // Every version's header, and the import sequence.
  std::string acquisitions;    // Every acquisition with its structure version.
  std::string groups;          // Every group.
  bool operator==(const State& o) const {
    return sequence == o.sequence && chain_hash == o.chain_hash &&
           structure_version == o.structure_version && pricing_version == o.pricing_version &&
           chart == o.chart && trial_balances == o.trial_balances &&
           acquisitions == o.acquisitions && groups == o.groups;
  }
};

std::ostream& operator<<(std::ostream& out, const State& s) {
  return out << "{sequence " << s.sequence << ", hash " << s.chain_hash << ", structure "
             << s.structure_version << ", pricing " << s.pricing_version << ", chart " << s.chart
             << ", trial balances " << s.trial_balances << ", acquisitions " << s.acquisitions
             << ", groups " << s.groups << "}";
}

class BadInputTest : public ::testing::TestWithParam<BadInputCase> {
 public:
  static void SetUpTestSuite() {
    auto server =
        ServerProcess::Start({"--listen=127.0.0.1:0", "--data_dir=" + FreshTempDir("bad_input"),
                              "--max_message_bytes=" + std::to_string(kMaxMessageBytes),
                              "--max_concurrent_streams=" + std::to_string(kMaxConcurrentStreams)});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = server->release();
    const auto channel = server_->Channel();
    ASSERT_TRUE(SetUpTradingGroup(channel).ok());
    ASSERT_TRUE(InDefault(Unary(Structure(), &v1::GroupStructureService::Stub::UpsertDepartment),
                          R"pb(request_id: "d1"
                               department { department_id: "A-IT" entity_id: "A" name: "IT" })pb")
                    .ok());
    ASSERT_TRUE(InDefault(Unary(Structure(), &v1::GroupStructureService::Stub::UpsertEmployee),
                          R"pb(request_id: "emp1"
                               employee { employee_id: "E1" entity_id: "A" name: "Ann" })pb")
                    .ok());
    ASSERT_TRUE(AddConsolidationRates(channel).ok());
    v1::PostTransactionResponse posted;
    ASSERT_TRUE(
        Call(*Ledger(), &v1::LedgerService::Stub::PostTransaction, GoodsPosting("seed-1"), &posted)
            .ok());
    ASSERT_EQ(posted.sequence(), 1u);
    ASSERT_TRUE(InDefault(Unary(Policies(), &v1::PolicyService::Stub::ClosePeriod),
                          R"pb(request_id: "close-1" entity_id: "A" period: "2024-05")pb")
                    .ok());
    const absl::Status chart = SetUpTrialBalanceCases(channel);
    ASSERT_TRUE(chart.ok()) << chart;
    const absl::Status acquisitions = SetUpAcquisitionCases(channel);
    ASSERT_TRUE(acquisitions.ok()) << acquisitions;
  }

  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

 protected:
  static std::shared_ptr<v1::GroupStructureService::Stub> Structure() {
    return v1::GroupStructureService::NewStub(server_->Channel());
  }
  static std::shared_ptr<v1::PolicyService::Stub> Policies() {
    return v1::PolicyService::NewStub(server_->Channel());
  }
  static std::shared_ptr<v1::LedgerService::Stub> Ledger() {
    return v1::LedgerService::NewStub(server_->Channel());
  }
  static std::shared_ptr<v1::TrialBalanceService::Stub> TrialBalances() {
    return v1::TrialBalanceService::NewStub(server_->Channel());
  }

  static grpc::Status Consolidate(const v1::RunConsolidationRequest& request,
                                  v1::ConsolidationChunk* first) {
    auto stub = v1::ConsolidationService::NewStub(server_->Channel());
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
    auto reader = stub->RunConsolidation(&context, request);
    v1::ConsolidationChunk chunk;
    for (bool is_first = true; reader->Read(&chunk); is_first = false) {
      if (is_first && first != nullptr) *first = chunk;
    }
    return reader->Finish();
  }

  static std::map<std::string, Caller> Callers();

  // The state a refused request must not move.
  static State CurrentState() {
    v1::RunConsolidationRequest request;
    request.set_parent_id("P");
    request.set_period("2024-06");
    request.set_presentation_currency("EUR");
    v1::ConsolidationChunk header;
    const grpc::Status status = Consolidate(request, &header);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {header.as_of_sequence(),  header.chain_hash(), header.structure_version(),
            header.pricing_version(), ChartState(),        TrialBalanceState(),
            AcquisitionState(),       GroupState()};
  }

  static std::string GroupState() {
    v1::ListGroupsResponse listed;
    EXPECT_TRUE(Call(*v1::AdminService::NewStub(server_->Channel()),
                     &v1::AdminService::Stub::ListGroups, v1::ListGroupsRequest(), &listed)
                    .ok());
    return listed.ShortDebugString();
  }

  static std::string AcquisitionState() {
    v1::ListAcquisitionsResponse listed;
    EXPECT_TRUE(Call(*Structure(), &v1::GroupStructureService::Stub::ListAcquisitions,
                     v1::ListAcquisitionsRequest(), &listed)
                    .ok());
    EXPECT_EQ(listed.acquisitions_size(), 1);  // The seed alone.
    return listed.ShortDebugString();
  }

  // The table's chart and trial balances are a few records: one page each holds them.
  static std::string ChartState() {
    using Tb = v1::TrialBalanceService::Stub;
    v1::ListGroupAccountsResponse accounts;
    v1::ListChartMappingsResponse mappings;
    EXPECT_TRUE(
        Call(*TrialBalances(), &Tb::ListGroupAccounts, v1::ListGroupAccountsRequest(), &accounts)
            .ok());
    EXPECT_TRUE(
        Call(*TrialBalances(), &Tb::ListChartMappings, v1::ListChartMappingsRequest(), &mappings)
            .ok());
    EXPECT_TRUE(accounts.next_page_token().empty() && mappings.next_page_token().empty());
    return accounts.ShortDebugString() + " " + mappings.ShortDebugString();
  }

  static std::string TrialBalanceState() {
    v1::ListTrialBalancesResponse listed;
    EXPECT_TRUE(Call(*TrialBalances(), &v1::TrialBalanceService::Stub::ListTrialBalances,
                     v1::ListTrialBalancesRequest(), &listed)
                    .ok());
    EXPECT_TRUE(listed.next_page_token().empty());
    EXPECT_EQ(listed.import_sequence(), 1u);  // The seed alone.
    return listed.ShortDebugString();
  }

  static bool Serving() {
    auto health = grpc::health::v1::Health::NewStub(server_->Channel());
    grpc::health::v1::HealthCheckRequest request;
    grpc::health::v1::HealthCheckResponse response;
    return Call(*health, &grpc::health::v1::Health::Stub::Check, request, &response).ok() &&
           response.status() == grpc::health::v1::HealthCheckResponse::SERVING;
  }

  static ServerProcess* server_;
};

ServerProcess* BadInputTest::server_ = nullptr;

std::map<std::string, Caller> BadInputTest::Callers() {
  using S = v1::GroupStructureService::Stub;
  using T = v1::TransferPricingService::Stub;
  using P = v1::PolicyService::Stub;
  using L = v1::LedgerService::Stub;
  using C = v1::ConsolidationService::Stub;
  using Tb = v1::TrialBalanceService::Stub;
  using A = v1::AdminService::Stub;
  const auto admin = std::shared_ptr<A>(v1::AdminService::NewStub(server_->Channel()));
  const auto structure = Structure();
  const auto pricing = std::shared_ptr<T>(v1::TransferPricingService::NewStub(server_->Channel()));
  const auto policies = Policies();
  const auto ledger = Ledger();
  const auto consolidation =
      std::shared_ptr<C>(v1::ConsolidationService::NewStub(server_->Channel()));
  const auto tb = TrialBalances();
  return {
      {"UpsertEntity", Unary(structure, &S::UpsertEntity)},
      {"UpsertDepartment", Unary(structure, &S::UpsertDepartment)},
      {"UpsertEmployee", Unary(structure, &S::UpsertEmployee)},
      {"AddOwnershipEdge", Unary(structure, &S::AddOwnershipEdge)},
      {"EndOwnershipEdge", Unary(structure, &S::EndOwnershipEdge)},
      {"GetStructure", Unary(structure, &S::GetStructure)},
      {"ListStructureVersions", Unary(structure, &S::ListStructureVersions)},
      {"GetEntity", Unary(structure, &S::GetEntity)},
      {"ListEntities", Unary(structure, &S::ListEntities)},
      {"GetDepartment", Unary(structure, &S::GetDepartment)},
      {"ListDepartments", Unary(structure, &S::ListDepartments)},
      {"GetEmployee", Unary(structure, &S::GetEmployee)},
      {"ListEmployees", Unary(structure, &S::ListEmployees)},
      {"GetOwnershipEdge", Unary(structure, &S::GetOwnershipEdge)},
      {"ListOwnershipEdges", Unary(structure, &S::ListOwnershipEdges)},
      {"UpsertAcquisition", Unary(structure, &S::UpsertAcquisition)},
      {"GetAcquisition", Unary(structure, &S::GetAcquisition)},
      {"ListAcquisitions", Unary(structure, &S::ListAcquisitions)},
      {"Classify", Unary(pricing, &T::Classify)},
      {"Quote", Unary(pricing, &T::Quote)},
      {"UpsertPolicy", Unary(policies, &P::UpsertPolicy)},
      {"UpsertAccountMap", Unary(policies, &P::UpsertAccountMap)},
      {"UpsertFxRate", Unary(policies, &P::UpsertFxRate)},
      {"ClosePeriod", Unary(policies, &P::ClosePeriod)},
      {"ReopenPeriod", Unary(policies, &P::ReopenPeriod)},
      {"GetPolicy", Unary(policies, &P::GetPolicy)},
      {"ListPolicies", Unary(policies, &P::ListPolicies)},
      {"GetFxRate", Unary(policies, &P::GetFxRate)},
      {"ListFxRates", Unary(policies, &P::ListFxRates)},
      {"GetAccountMap", Unary(policies, &P::GetAccountMap)},
      {"ListAccountMaps", Unary(policies, &P::ListAccountMaps)},
      {"GetClosedPeriod", Unary(policies, &P::GetClosedPeriod)},
      {"ListClosedPeriods", Unary(policies, &P::ListClosedPeriods)},
      {"PostTransaction", Unary(ledger, &L::PostTransaction)},
      {"BatchPostTransactions", Unary(ledger, &L::BatchPostTransactions)},
      {"ReverseTransaction", Unary(ledger, &L::ReverseTransaction)},
      {"GetEntry", Unary(ledger, &L::GetEntry)},
      {"ListEntries", Unary(ledger, &L::ListEntries)},
      {"PostJournalEntry", Unary(ledger, &L::PostJournalEntry)},
      {"GetMismatches", Unary(consolidation, &C::GetMismatches)},
      {"UpsertGroupAccount", Unary(tb, &Tb::UpsertGroupAccount)},
      {"UpsertChartMapping", Unary(tb, &Tb::UpsertChartMapping)},
      {"ImportTrialBalance", Unary(tb, &Tb::ImportTrialBalance)},
      {"GetGroupAccount", Unary(tb, &Tb::GetGroupAccount)},
      {"GetTrialBalance", Unary(tb, &Tb::GetTrialBalance)},
      {"ListTrialBalanceLines", Unary(tb, &Tb::ListTrialBalanceLines)},
      {"CreateGroup", Unary(admin, &A::CreateGroup)},
      {"GetGroup", Unary(admin, &A::GetGroup)},
      {"ListGroups", Unary(admin, &A::ListGroups)},
      {"DeleteGroup", Unary(admin, &A::DeleteGroup)},
      {"GetLedgerHead", Unary(ledger, &L::GetLedgerHead)},
      {"RunConsolidation",
       [](const std::string& text, const std::string&) {
         v1::RunConsolidationRequest request;
         if (!Parse(text, &request)) return grpc::Status(grpc::INTERNAL, "unparsable case");
         return Consolidate(request, nullptr);
       }},
  };
}

TEST_P(BadInputTest, IsRefusedWithItsCodeAndFieldAndWritesNothing) {
  const BadInputCase& bad = GetParam();
  const std::map<std::string, Caller> callers = Callers();
  const auto caller = callers.find(bad.method);
  ASSERT_NE(caller, callers.end()) << "no caller for " << bad.method;
  const State before = CurrentState();
  const grpc::Status status = caller->second(bad.request, bad.group);
  EXPECT_EQ(status.error_code(), bad.code) << status.error_message();
  EXPECT_EQ(ViolatedField(status), bad.field) << status.error_message();
  EXPECT_FALSE(status.error_message().empty());
  EXPECT_EQ(CurrentState(), before);
  EXPECT_TRUE(Serving());
}

INSTANTIATE_TEST_SUITE_P(AllServices, BadInputTest, ::testing::ValuesIn(BadInputCases()),
                         [](const ::testing::TestParamInfo<BadInputCase>& info) {
                           return info.param.name;
                         });

TEST(BadInputTableTest, HoldsAtLeastSixtyCasesAcrossEveryService) {
  std::map<std::string, int> per_method;
  for (const BadInputCase& bad : BadInputCases()) ++per_method[bad.method];
  EXPECT_GE(BadInputCases().size(), 60u);
  EXPECT_GE(per_method.size(), 18u);
}

// The limits, on a server started with small ones. Each refusal leaves the state alone.
class LimitsTest : public BadInputTest {};

v1::PostTransactionRequest UnknownBuyerPosting(int i) {
  v1::PostTransactionRequest request = GoodsPosting("stream-" + std::to_string(i));
  request.mutable_transaction()->mutable_buyer()->set_entity_id("NOPE");
  return request;
}

TEST_F(LimitsTest, AMessageOverTheLimitIsResourceExhausted) {
  const State before = CurrentState();
  v1::PostTransactionRequest request = GoodsPosting("oversized");
  request.mutable_transaction()->set_category(std::string(kMaxMessageBytes + 1, 'c'));
  v1::PostTransactionResponse response;
  EXPECT_EQ(
      Call(*Ledger(), &v1::LedgerService::Stub::PostTransaction, request, &response).error_code(),
      grpc::RESOURCE_EXHAUSTED);
  EXPECT_EQ(CurrentState(), before);
  EXPECT_TRUE(Serving());
}

TEST_F(LimitsTest, ABatchOver1000IsInvalidAndWritesNothing) {
  const State before = CurrentState();
  v1::BatchPostTransactionsRequest request;
  request.set_request_id("big-batch");
  for (int i = 0; i < 1001; ++i)
    *request.add_transactions() = GoodsPosting("b" + std::to_string(i));
  v1::BatchPostTransactionsResponse response;
  const grpc::Status status =
      Call(*Ledger(), &v1::LedgerService::Stub::BatchPostTransactions, request, &response);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedField(status), "transactions");
  EXPECT_EQ(CurrentState(), before);
}

TEST_F(LimitsTest, AStreamPastItsLengthIsResourceExhausted) {
  const State before = CurrentState();
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(60)));
  v1::StreamPostTransactionsResponse response;
  auto writer = Ledger()->StreamPostTransactions(&context, &response);
  for (int i = 0; i <= 10000 && writer->Write(UnknownBuyerPosting(i)); ++i) {
  }
  writer->WritesDone();
  EXPECT_EQ(writer->Finish().error_code(), grpc::RESOURCE_EXHAUSTED);
  EXPECT_EQ(CurrentState(), before);
  EXPECT_TRUE(Serving());
}

TEST_F(LimitsTest, StreamsBeyondTheConcurrentLimitAreRefusedUntilOneFinishes) {
  struct Open {
    grpc::ClientContext context;
    v1::StreamPostTransactionsResponse response;
    std::unique_ptr<grpc::ClientWriter<v1::PostTransactionRequest>> writer;
  };
  auto open = [](int i) {
    auto stream = std::make_unique<Open>();
    stream->context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
    stream->writer = Ledger()->StreamPostTransactions(&stream->context, &stream->response);
    stream->writer->Write(UnknownBuyerPosting(i));
    return stream;
  };
  std::vector<std::unique_ptr<Open>> held;
  for (int i = 0; i < kMaxConcurrentStreams; ++i) held.push_back(open(i));
  // The held streams are open once the server has seen them; until then a third may pass.
  grpc::Status refused;
  for (int attempt = 0; attempt < 100 && refused.error_code() != grpc::RESOURCE_EXHAUSTED;
       ++attempt) {
    std::unique_ptr<Open> extra = open(100 + attempt);
    extra->writer->WritesDone();
    refused = extra->writer->Finish();
    if (refused.error_code() != grpc::RESOURCE_EXHAUSTED) absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_EQ(refused.error_code(), grpc::RESOURCE_EXHAUSTED) << refused.error_message();
  for (auto& stream : held) {
    stream->writer->WritesDone();
    EXPECT_TRUE(stream->writer->Finish().ok());
    EXPECT_EQ(stream->response.results(0).status().code(), grpc::NOT_FOUND);
  }
  std::unique_ptr<Open> after = open(200);
  after->writer->WritesDone();
  EXPECT_TRUE(after->writer->Finish().ok());
}

TEST_F(LimitsTest, AnExpiredDeadlineWritesNothingAndTheRetryPostsOnce) {
  const State before = CurrentState();
  v1::PostTransactionResponse response;
  {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() - absl::Seconds(1)));
    EXPECT_EQ(Ledger()->PostTransaction(&context, GoodsPosting("late"), &response).error_code(),
              grpc::DEADLINE_EXCEEDED);
  }
  EXPECT_EQ(CurrentState(), before);
  ASSERT_TRUE(
      Call(*Ledger(), &v1::LedgerService::Stub::PostTransaction, GoodsPosting("late"), &response)
          .ok());
  EXPECT_EQ(response.sequence(), before.sequence + 1);
}

}  // namespace
}  // namespace interco::testing
