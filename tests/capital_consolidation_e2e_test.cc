// End to end, on the real server: issue 17's worked example consolidated from whole trial
// balances over gRPC (RunConsolidation, basis TRIAL_BALANCES) and through the CLI, in USD
// with the NCI at its proportionate share and at fair value, and with S keeping EUR books;
// every figure to the cent (docs/CONSOLIDATION.md), the answer reproducible from the
// versions it states, and the refusals with their reasons.
#include <memory>
#include <string>
#include <vector>

#include "google/protobuf/text_format.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "interco/v1/consolidation.grpc.pb.h"
#include "interco/v1/group_structure.grpc.pb.h"
#include "interco/v1/policy.grpc.pb.h"
#include "interco/v1/trial_balance.grpc.pb.h"
#include "tests/grpc_errors.h"
#include "tests/requests.h"
#include "tests/server_process.h"
#include "tests/trial_balance_group.h"

namespace interco::testing {
namespace {

template <typename Message>
Message Parsed(const std::string& text) {
  Message message;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &message)) << text;
  return message;
}

std::string Amount(const google::type::Money& money) {
  const int64_t cents = money.units() * 100 + money.nanos() / 10000000;
  const bool negative = cents < 0;
  const int64_t magnitude = negative ? -cents : cents;
  const int64_t fraction = magnitude % 100;
  return (negative ? "-" : "") + std::to_string(magnitude / 100) + "." +
         (fraction < 10 ? "0" : "") + std::to_string(fraction);
}

// Whether `csv` has the row `row` (lines end in CRLF or LF).
bool HasRow(const std::string& csv, const std::string& row) {
  size_t start = 0;
  while (start < csv.size()) {
    size_t end = csv.find('\n', start);
    if (end == std::string::npos) end = csv.size();
    std::string line = csv.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line == row) return true;
    start = end + 1;
  }
  return false;
}

// The chunks of one run, folded into what the tests look at.
struct Answer {
  std::vector<v1::ConsolidationChunk> chunks;
  std::map<std::string, std::string> position, income;
  std::vector<v1::GoodwillEntry> goodwill;
  std::vector<v1::NciRollForward> nci;
  std::vector<v1::CtaRollForward> cta;
  std::vector<v1::EliminationEntry> eliminations;
  v1::ProfitAttribution profit;
  v1::ConsolidationProofs proofs;
};

class CapitalConsolidationE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = ServerProcess::Start(
        {"--listen=127.0.0.1:0", "--data_dir=" + FreshTempDir("capital_consolidation")});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    structure_ = v1::GroupStructureService::NewStub(server_->Channel());
    trial_balances_ = v1::TrialBalanceService::NewStub(server_->Channel());
    consolidation_ = v1::ConsolidationService::NewStub(server_->Channel());
    policy_ = v1::PolicyService::NewStub(server_->Channel());
  }

  void Import(const v1::ImportTrialBalanceRequest& request) {
    v1::ImportTrialBalanceResponse response;
    const grpc::Status status = Call(
        *trial_balances_, &v1::TrialBalanceService::Stub::ImportTrialBalance, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  grpc::Status Acquire(const std::string& request_id, const std::string& text) {
    v1::UpsertAcquisitionRequest request;
    request.set_request_id(request_id);
    *request.mutable_acquisition() = Parsed<v1::Acquisition>(text);
    v1::UpsertAcquisitionResponse response;
    return Call(*structure_, &v1::GroupStructureService::Stub::UpsertAcquisition, request,
                &response);
  }

  void Rate(const std::string& request_id, const std::string& text) {
    v1::UpsertFxRateRequest request;
    request.set_request_id(request_id);
    *request.mutable_rate() = Parsed<v1::FxRate>(text);
    v1::UpsertFxRateResponse response;
    const grpc::Status status =
        Call(*policy_, &v1::PolicyService::Stub::UpsertFxRate, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  grpc::Status Run(v1::RunConsolidationRequest request, Answer* answer) {
    request.set_basis(v1::CONSOLIDATION_BASIS_TRIAL_BALANCES);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    auto reader = consolidation_->RunConsolidation(&context, request);
    v1::ConsolidationChunk chunk;
    while (reader->Read(&chunk)) {
      answer->chunks.push_back(chunk);
      for (const auto& l : chunk.financial_position())
        answer->position[l.line()] = Amount(l.amount());
      for (const auto& l : chunk.income_statement()) answer->income[l.line()] = Amount(l.amount());
      for (const auto& g : chunk.goodwill()) answer->goodwill.push_back(g);
      for (const auto& n : chunk.nci_roll_forward()) answer->nci.push_back(n);
      for (const auto& c : chunk.cta_roll_forward()) answer->cta.push_back(c);
      for (const auto& e : chunk.eliminations()) answer->eliminations.push_back(e);
      if (chunk.has_profit()) answer->profit = chunk.profit();
      if (chunk.has_proofs()) answer->proofs = chunk.proofs();
    }
    return reader->Finish();
  }

  static v1::RunConsolidationRequest Year2024() {
    return Parsed<v1::RunConsolidationRequest>(R"pb(parent_id: "P"
                                                    period: "2024-12"
                                                    presentation_currency: "USD")pb");
  }

  ServerProcess::Output Interco(std::vector<std::string> args) {
    args.insert(args.begin(), "--server=" + server_->address());
    return ServerProcess::RunProgram(Runfile("services/cli/interco"), args);
  }

  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<v1::GroupStructureService::Stub> structure_;
  std::unique_ptr<v1::TrialBalanceService::Stub> trial_balances_;
  std::unique_ptr<v1::ConsolidationService::Stub> consolidation_;
  std::unique_ptr<v1::PolicyService::Stub> policy_;
};

constexpr const char* kAcquisition = R"pb(
  holder_id: "P"
  held_id: "S"
  acquisition_date { year: 2024 month: 1 day: 1 }
  consideration { currency_code: "USD" units: 1000 }
  investment_account: "1500"
  nci_measurement: NCI_MEASUREMENT_PROPORTIONATE)pb";

TEST_F(CapitalConsolidationE2eTest, WorkedExampleInUsdToTheCent) {
  ASSERT_TRUE(SetUpTrialBalanceGroup(server_->Channel()).ok());
  for (const auto& request : {SubsidiaryOpening(), SubsidiaryYearEnd(), ParentYearEnd()}) {
    Import(request);
  }
  Answer missing;
  grpc::Status status = Run(Year2024(), &missing);
  EXPECT_EQ(status.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorReason(status), "MISSING_ACQUISITION");

  ASSERT_TRUE(Acquire("acq-1", kAcquisition).ok());
  Answer answer;
  status = Run(Year2024(), &answer);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(answer.goodwill.size(), 1u);
  EXPECT_EQ(Amount(answer.goodwill[0].closing()), "120.00");
  ASSERT_EQ(answer.nci.size(), 1u);
  EXPECT_EQ(Amount(answer.nci[0].acquisition()), "-220.00");
  EXPECT_EQ(Amount(answer.nci[0].profit()), "-40.00");
  EXPECT_EQ(Amount(answer.nci[0].dividends()), "10.00");
  EXPECT_EQ(Amount(answer.nci[0].closing()), "-250.00");
  EXPECT_EQ(Amount(answer.profit.profit()), "-500.00");
  EXPECT_EQ(Amount(answer.profit.owners()), "-460.00");
  EXPECT_EQ(Amount(answer.profit.nci()), "-40.00");
  EXPECT_EQ(answer.position["BS.ASSETS.GOODWILL"], "120.00");
  EXPECT_EQ(answer.position["BS.EQUITY.NCI"], "-250.00");
  EXPECT_EQ(answer.position.count("BS.ASSETS.INVESTMENTS"), 0u);
  EXPECT_EQ(answer.income.count("IS.DIVIDEND_INCOME"), 0u);  // P's 40 eliminated.
  EXPECT_EQ(Amount(answer.proofs.trial_balance_sum()), "0.00");
  EXPECT_EQ(Amount(answer.proofs.assets()), "2710.00");  // Cash 1,340 + 1,250, goodwill.
  EXPECT_EQ(Amount(answer.proofs.equity_owners()), "-2460.00");
  EXPECT_EQ(Amount(answer.proofs.nci()), "-250.00");
  bool dividends = false;
  for (const auto& e : answer.eliminations) {
    if (e.type() == v1::ELIMINATION_TYPE_DIVIDENDS && e.entity_id() == "P") {
      EXPECT_EQ(Amount(e.amount()), "40.00");
      dividends = true;
    }
  }
  EXPECT_TRUE(dividends);

  // The answer names what it read; naming it again reproduces it byte for byte, after
  // another import and another acquisition version.
  const v1::ConsolidationChunk& header = answer.chunks.front();
  EXPECT_EQ(header.basis(), v1::CONSOLIDATION_BASIS_TRIAL_BALANCES);
  EXPECT_EQ(header.trial_balances_size(), 3);
  std::string fair_value = kAcquisition;
  fair_value.replace(fair_value.find("PROPORTIONATE"), 13, "FAIR_VALUE");
  ASSERT_TRUE(Acquire("acq-2", fair_value + " " +
                                   R"pb(nci_fair_value { currency_code: "USD" units: 270 })pb")
                  .ok());
  Answer fair;
  ASSERT_TRUE(Run(Year2024(), &fair).ok());
  EXPECT_EQ(Amount(fair.goodwill[0].closing()), "170.00");
  EXPECT_EQ(Amount(fair.nci[0].closing()), "-300.00");
  EXPECT_EQ(Amount(fair.profit.owners()), "-460.00");

  v1::RunConsolidationRequest again = Year2024();
  again.set_as_of_sequence(header.as_of_sequence());
  again.set_structure_version(header.structure_version());
  again.set_pricing_version(header.pricing_version());
  again.set_as_of_import_sequence(header.as_of_import_sequence());
  again.set_chart_version(header.chart_version());
  Answer reproduced;
  ASSERT_TRUE(Run(again, &reproduced).ok());
  ASSERT_EQ(reproduced.chunks.size(), answer.chunks.size());
  for (size_t i = 0; i < answer.chunks.size(); ++i) {
    EXPECT_EQ(reproduced.chunks[i].SerializeAsString(), answer.chunks[i].SerializeAsString());
  }

  // The CLI prints the same statements.
  const ServerProcess::Output printed =
      Interco({"consolidate", "--parent", "P", "--period", "2024-12", "--currency", "USD",
               "--basis", "trial-balances", "--format", "csv", "--section", "financial-position"});
  EXPECT_EQ(printed.code, 0) << printed.stderr_text;
  EXPECT_TRUE(HasRow(printed.stdout_text, "BS.ASSETS.GOODWILL,170")) << printed.stdout_text;
  EXPECT_TRUE(HasRow(printed.stdout_text, "BS.EQUITY.NCI,-300")) << printed.stdout_text;
  const ServerProcess::Output table =
      Interco({"consolidate", "--parent", "P", "--period", "2024-12", "--currency", "USD",
               "--basis", "trial-balances"});
  EXPECT_EQ(table.code, 0) << table.stderr_text;
  EXPECT_NE(table.stdout_text.find("Profit for the year -500: owners -460, NCI -40"),
            std::string::npos)
      << table.stdout_text;
}

// S keeps EUR books: P pays USD 1,100; EUR/USD 1.10 at acquisition, 1.12 average, 1.15
// closing.
TEST_F(CapitalConsolidationE2eTest, WorkedExampleWithEuroBooksToTheCent) {
  v1::UpsertEntityResponse entity;
  ASSERT_TRUE(Call(*structure_, &v1::GroupStructureService::Stub::UpsertEntity,
                   EntityRequest("P", "e-P", "USD"), &entity)
                  .ok());
  ASSERT_TRUE(Call(*structure_, &v1::GroupStructureService::Stub::UpsertEntity,
                   EntityRequest("S", "e-S", "EUR"), &entity)
                  .ok());
  v1::AddOwnershipEdgeResponse edge;
  ASSERT_TRUE(Call(*structure_, &v1::GroupStructureService::Stub::AddOwnershipEdge,
                   EdgeRequest("P", "S", "0.8", "e-edge"), &edge)
                  .ok());
  ASSERT_TRUE(SetUpTrialBalanceChart(server_->Channel()).ok());
  Rate("r-spot", R"pb(base_currency: "EUR"
                      quote_currency: "USD"
                      type: RATE_TYPE_SPOT
                      validity { valid_from { year: 2024 month: 1 day: 1 } }
                      rate { value: "1.10" })pb");
  Rate("r-average", R"pb(base_currency: "EUR"
                         quote_currency: "USD"
                         type: RATE_TYPE_AVERAGE
                         validity {
                           valid_from { year: 2024 month: 1 day: 1 }
                           valid_to { year: 2025 month: 1 day: 1 }
                         }
                         rate { value: "1.12" })pb");
  Rate("r-closing", R"pb(base_currency: "EUR"
                         quote_currency: "USD"
                         type: RATE_TYPE_CLOSING
                         validity {
                           valid_from { year: 2024 month: 12 day: 31 }
                           valid_to { year: 2025 month: 1 day: 1 }
                         }
                         rate { value: "1.15" })pb");
  v1::ImportTrialBalanceRequest opening = SubsidiaryOpening();
  v1::ImportTrialBalanceRequest year_end = SubsidiaryYearEnd();
  opening.set_currency_code("EUR");
  year_end.set_currency_code("EUR");
  Import(opening);
  Import(year_end);
  Import(TrialBalanceRequest("tb-P-eur", "P", "2024-12", "USD",
                             {{"1000", "1246.00"},
                              {"1500", "1100.00"},
                              {"3000", "-2000.00"},
                              {"4000", "-900.00"},
                              {"4900", "-46.00"},
                              {"5000", "600.00"}}));
  ASSERT_TRUE(Acquire("acq-eur", R"pb(
                holder_id: "P"
                held_id: "S"
                acquisition_date { year: 2024 month: 1 day: 1 }
                consideration { currency_code: "USD" units: 1100 }
                investment_account: "1500"
                nci_measurement: NCI_MEASUREMENT_PROPORTIONATE)pb")
                  .ok());
  Answer answer;
  const grpc::Status status = Run(Year2024(), &answer);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(answer.goodwill.size(), 1u);
  EXPECT_EQ(Amount(answer.goodwill[0].functional()), "120.00");
  EXPECT_EQ(answer.goodwill[0].functional().currency_code(), "EUR");
  EXPECT_EQ(Amount(answer.goodwill[0].at_acquisition()), "132.00");
  EXPECT_EQ(Amount(answer.goodwill[0].closing()), "138.00");
  ASSERT_EQ(answer.nci.size(), 1u);
  EXPECT_EQ(Amount(answer.nci[0].acquisition()), "-242.00");
  EXPECT_EQ(Amount(answer.nci[0].profit()), "-44.80");
  EXPECT_EQ(Amount(answer.nci[0].cta()), "-12.20");
  EXPECT_EQ(Amount(answer.nci[0].closing()), "-287.50");
  ASSERT_EQ(answer.cta.size(), 1u);
  EXPECT_EQ(Amount(answer.cta[0].closing()), "-67.00");
  EXPECT_EQ(Amount(answer.cta[0].owners()), "-54.80");
  EXPECT_EQ(Amount(answer.cta[0].nci()), "-12.20");
  EXPECT_EQ(answer.position["BS.EQUITY.CTA"], "-54.80");
  EXPECT_EQ(Amount(answer.profit.profit()), "-524.00");
  EXPECT_EQ(Amount(answer.profit.owners()), "-479.20");
  EXPECT_EQ(Amount(answer.profit.nci()), "-44.80");
  for (const auto& e : answer.eliminations) {
    if (e.type() == v1::ELIMINATION_TYPE_DIVIDENDS && e.entity_id() == "P") {
      EXPECT_EQ(Amount(e.amount()), "46.00");
    }
  }
  EXPECT_EQ(Amount(answer.proofs.trial_balance_sum()), "0.00");

  // Through the CLI: the NCI roll-forward and the CTA, as CSV.
  const ServerProcess::Output nci =
      Interco({"consolidate", "--parent", "P", "--period", "2024-12", "--currency", "USD",
               "--basis", "trial-balances", "--format", "csv", "--section", "nci"});
  EXPECT_EQ(nci.code, 0) << nci.stderr_text;
  EXPECT_TRUE(HasRow(nci.stdout_text, "S,0.2,0,-242,-44.8,11.5,-12.2,-287.5")) << nci.stdout_text;
  const ServerProcess::Output cta =
      Interco({"consolidate", "--parent", "P", "--period", "2024-12", "--currency", "USD",
               "--basis", "trial-balances", "--format", "csv", "--section", "cta"});
  EXPECT_TRUE(HasRow(cta.stdout_text, "S,0,-67,-67,-54.8,-12.2")) << cta.stdout_text;
  const ServerProcess::Output goodwill =
      Interco({"consolidate", "--parent", "P", "--period", "2024-12", "--currency", "USD",
               "--basis", "trial-balances", "--format", "csv", "--section", "goodwill"});
  EXPECT_TRUE(HasRow(goodwill.stdout_text, "P,S,120 EUR,132,138,no")) << goodwill.stdout_text;

  // And as a workbook, one sheet per section, as a spreadsheet program reads it.
  const std::string book = FreshTempDir("capital_workbook") + "/statements.xlsx";
  const ServerProcess::Output written =
      Interco({"consolidate", "--parent", "P", "--period", "2024-12", "--currency", "USD",
               "--basis", "trial-balances", "--format", "xlsx", "--out", book});
  ASSERT_EQ(written.code, 0) << written.stderr_text;
  const ServerProcess::Output dump =
      ServerProcess::RunProgram("/usr/bin/python3", {Runfile("tests/xlsx_dump.py"), book});
  EXPECT_EQ(dump.code, 0) << dump.stderr_text;
  for (const char* line :
       {"sheets\theader,financial-position,income-statement,goodwill,nci,cta,eliminations,"
        "balances,trial-balances,scope,proofs\n",
        "nci!H2\tn\t#,##0.00\t-287.5\n", "goodwill!E2\tn\t#,##0.00\t138\n"}) {
    EXPECT_NE(dump.stdout_text.find(line), std::string::npos) << line << dump.stdout_text;
  }
}

}  // namespace
}  // namespace interco::testing
