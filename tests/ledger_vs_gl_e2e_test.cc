// End to end, on the real server: GetMismatches compares each controlled entity's imported
// trial balance with the ledger on the intercompany-flagged accounts of the group chart
// (MISMATCH_TYPE_LEDGER_VS_GL), to the cent in the presentation currency, reproducibly as of
// an import sequence and a chart version; `interco mismatches` prints them.
//
// The trading group (P holds A, EUR, and B, USD; EUR/USD 1.1 for every rate) with one sale
// of A to B: 216 EUR on A's "1310 IC receivable" and "4010 IC revenue goods", 237.60 USD on
// B's "1400 inventory" and "2310 IC payable". Both map those names onto the group chart.
#include <memory>
#include <string>
#include <vector>

#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "interco/v1/consolidation.grpc.pb.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "interco/v1/trial_balance.grpc.pb.h"
#include "tests/grpc_errors.h"
#include "tests/requests.h"
#include "tests/server_process.h"
#include "tests/trading_group.h"
#include "tests/trial_balance_group.h"

namespace interco::testing {
namespace {

using TrialBalances = v1::TrialBalanceService::Stub;

template <typename Message>
Message Parsed(const std::string& text) {
  Message message;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &message)) << text;
  return message;
}

// Cash, IC receivables (flagged), inventory, IC payables (flagged), share capital, IC
// revenue (flagged), cost of sales: chart versions 1 to 7.
constexpr const char* kAccounts[] = {
    R"pb(account_id: "1000"
         name: "Cash"
         account_class: ACCOUNT_CLASS_ASSET
         statement_line: "BS.CASH"
         elimination_family: ELIMINATION_FAMILY_NONE)pb",
    R"pb(account_id: "1200"
         name: "IC receivables"
         account_class: ACCOUNT_CLASS_ASSET
         statement_line: "BS.IC"
         elimination_family: ELIMINATION_FAMILY_RECEIVABLE_PAYABLE
         intercompany_by_counterparty: true)pb",
    R"pb(account_id: "1300"
         name: "Inventory"
         account_class: ACCOUNT_CLASS_ASSET
         statement_line: "BS.INVENTORY"
         elimination_family: ELIMINATION_FAMILY_NONE)pb",
    R"pb(account_id: "2200"
         name: "IC payables"
         account_class: ACCOUNT_CLASS_LIABILITY
         statement_line: "BS.IC"
         elimination_family: ELIMINATION_FAMILY_RECEIVABLE_PAYABLE
         intercompany_by_counterparty: true)pb",
    R"pb(account_id: "3000"
         name: "Share capital"
         account_class: ACCOUNT_CLASS_EQUITY
         statement_line: "BS.EQUITY"
         elimination_family: ELIMINATION_FAMILY_NONE)pb",
    R"pb(account_id: "4100"
         name: "IC revenue"
         account_class: ACCOUNT_CLASS_INCOME
         statement_line: "IS.REVENUE"
         elimination_family: ELIMINATION_FAMILY_REVENUE_COST
         intercompany_by_counterparty: true)pb",
    R"pb(account_id: "5000"
         name: "Cost of sales"
         account_class: ACCOUNT_CLASS_EXPENSE
         statement_line: "IS.COST"
         elimination_family: ELIMINATION_FAMILY_NONE)pb",
};

// A's mapping (chart version 8): its general ledger's numbers are the group's, and its
// ledger's account names land on the flagged accounts. B's (version 9) likewise.
constexpr char kAlphaMapping[] = R"pb(
  request_id: "map-A"
  mapping {
    entity_id: "A"
    valid_from { year: 2024 month: 1 day: 1 }
    mappings { local_account: "1000" group_account: "1000" }
    mappings { local_account: "1200" group_account: "1200" }
    mappings { local_account: "3000" group_account: "3000" }
    mappings { local_account: "4100" group_account: "4100" }
    mappings { local_account: "5000" group_account: "5000" }
    mappings { local_account: "1310 IC receivable" group_account: "1200" }
    mappings { local_account: "4010 IC revenue goods" group_account: "4100" }
  })pb";
constexpr char kBetaMapping[] = R"pb(
  request_id: "map-B"
  mapping {
    entity_id: "B"
    valid_from { year: 2024 month: 1 day: 1 }
    mappings { local_account: "10100" group_account: "1000" }
    mappings { local_account: "13000" group_account: "1300" }
    mappings { local_account: "22000" group_account: "2200" }
    mappings { local_account: "31000" group_account: "3000" }
    mappings { local_account: "1400 inventory" group_account: "1300" }
    mappings { local_account: "2310 IC payable" group_account: "2200" }
  })pb";

// Import sequence 1: A's general ledger holds 250.00 EUR of IC receivables and revenue,
// 34.00 more than the ledger's 216. Sequence 2: B's holds 250.00 USD of IC payables, 12.40
// more than the ledger's 237.60.
v1::ImportTrialBalanceRequest AlphaDiffering() {
  return TrialBalanceRequest("tb-A-1", "A", "2024-06", "EUR",
                             {{"1000", "550.00"},
                              {"1200", "250.00"},
                              {"3000", "-800.00"},
                              {"4100", "-250.00"},
                              {"5000", "250.00"}});
}
v1::ImportTrialBalanceRequest BetaDiffering() {
  return TrialBalanceRequest(
      "tb-B-1", "B", "2024-06", "USD",
      {{"10100", "1000.00"}, {"13000", "250.00"}, {"22000", "-250.00"}, {"31000", "-1000.00"}});
}
// Sequences 3 and 4: corrected versions that agree with the ledger.
v1::ImportTrialBalanceRequest AlphaAgreeing() {
  return TrialBalanceRequest("tb-A-2", "A", "2024-06", "EUR",
                             {{"1000", "584.00"},
                              {"1200", "216.00"},
                              {"3000", "-800.00"},
                              {"4100", "-216.00"},
                              {"5000", "216.00"}});
}
v1::ImportTrialBalanceRequest BetaAgreeing() {
  return TrialBalanceRequest(
      "tb-B-2", "B", "2024-06", "USD",
      {{"10100", "1000.00"}, {"13000", "237.60"}, {"22000", "-237.60"}, {"31000", "-1000.00"}});
}

// "34.00 EUR" from a Money, failing on anything finer than a cent.
std::string Cents(const google::type::Money& money) {
  EXPECT_EQ(money.nanos() % 10000000, 0) << money.ShortDebugString();
  const int64_t cents = money.units() * 100 + money.nanos() / 10000000;
  const int64_t magnitude = cents < 0 ? -cents : cents;
  char text[64];
  std::snprintf(text, sizeof(text), "%s%lld.%02lld %s", cents < 0 ? "-" : "",
                static_cast<long long>(magnitude / 100), static_cast<long long>(magnitude % 100),
                money.currency_code().c_str());
  return text;
}

// One LEDGER_VS_GL mismatch as a line: entity, account, family, general ledger, ledger,
// difference.
std::string Describe(const v1::Mismatch& m) {
  EXPECT_EQ(m.type(), v1::MISMATCH_TYPE_LEDGER_VS_GL);
  EXPECT_EQ(m.counterparty_id(), "");
  EXPECT_FALSE(m.has_entity_amount());
  EXPECT_FALSE(m.has_counterparty_amount());
  return m.entity_id() + " " + m.group_account() + " " +
         v1::AccountFamily_Name(m.account_family()) + " gl " + Cents(m.general_ledger_amount()) +
         " ledger " + Cents(m.ledger_amount()) + " diff " + Cents(m.difference());
}

class LedgerVsGlE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server =
        ServerProcess::Start({"--listen=127.0.0.1:0", "--data_dir=" + FreshTempDir("lgl")});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    ASSERT_TRUE(SetUpTradingGroup(server_->Channel()).ok());
    ASSERT_TRUE(AddConsolidationRates(server_->Channel()).ok());
    trial_balances_ = v1::TrialBalanceService::NewStub(server_->Channel());
    consolidation_ = v1::ConsolidationService::NewStub(server_->Channel());
    int n = 0;
    for (const char* text : kAccounts) {
      v1::UpsertGroupAccountRequest request;
      request.set_request_id("account-" + std::to_string(++n));
      *request.mutable_account() = Parsed<v1::GroupAccount>(text);
      v1::UpsertGroupAccountResponse response;
      ASSERT_TRUE(
          Call(*trial_balances_, &TrialBalances::UpsertGroupAccount, request, &response).ok());
    }
    for (const char* text : {kAlphaMapping, kBetaMapping}) {
      v1::UpsertChartMappingResponse response;
      const grpc::Status status = Call(*trial_balances_, &TrialBalances::UpsertChartMapping,
                                       Parsed<v1::UpsertChartMappingRequest>(text), &response);
      ASSERT_TRUE(status.ok()) << status.error_message();
    }
    auto ledger = v1::LedgerService::NewStub(server_->Channel());
    v1::PostTransactionResponse posted;
    ASSERT_TRUE(
        Call(*ledger, &v1::LedgerService::Stub::PostTransaction, GoodsPosting("sale-1"), &posted)
            .ok());
  }

  void Import(const v1::ImportTrialBalanceRequest& request) {
    v1::ImportTrialBalanceResponse response;
    const grpc::Status status =
        Call(*trial_balances_, &TrialBalances::ImportTrialBalance, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  grpc::Status Mismatches(uint64_t as_of_import_sequence, uint64_t chart_version,
                          v1::GetMismatchesResponse* response) {
    v1::GetMismatchesRequest request;
    request.set_parent_id("P");
    request.set_period("2024-06");
    request.set_presentation_currency("EUR");
    request.set_as_of_import_sequence(as_of_import_sequence);
    request.set_chart_version(chart_version);
    return Call(*consolidation_, &v1::ConsolidationService::Stub::GetMismatches, request, response);
  }

  std::vector<std::string> LedgerVsGl(uint64_t as_of_import_sequence = 0,
                                      uint64_t chart_version = 0) {
    v1::GetMismatchesResponse response;
    const grpc::Status status = Mismatches(as_of_import_sequence, chart_version, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> lines;
    for (const v1::Mismatch& m : response.mismatches()) lines.push_back(Describe(m));
    return lines;
  }

  ServerProcess::Output Interco(std::vector<std::string> args) {
    args.insert(args.begin(), "--server=" + server_->address());
    return ServerProcess::RunProgram(Runfile("services/cli/interco"), args);
  }

  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<TrialBalances> trial_balances_;
  std::unique_ptr<v1::ConsolidationService::Stub> consolidation_;
};

TEST_F(LedgerVsGlE2eTest, DifferencesToTheCentAndAgreementWhenCorrected) {
  // Before any import there is nothing to compare, and the pairs agree at 1.1.
  v1::GetMismatchesResponse response;
  ASSERT_TRUE(Mismatches(0, 0, &response).ok());
  EXPECT_EQ(response.mismatches_size(), 0);
  EXPECT_EQ(response.import_sequence(), 0u);
  EXPECT_EQ(response.chart_version(), 9u);

  Import(AlphaDiffering());
  Import(BetaDiffering());
  // B's USD translate at 1/1.1: -250.00 USD is -227.27 EUR, -237.60 USD is -216.00 EUR.
  const std::vector<std::string> differing = {
      "A 1200 ACCOUNT_FAMILY_RECEIVABLE_PAYABLE gl 250.00 EUR ledger 216.00 EUR diff 34.00 EUR",
      "A 4100 ACCOUNT_FAMILY_INCOME_EXPENSE gl -250.00 EUR ledger -216.00 EUR diff -34.00 EUR",
      "B 2200 ACCOUNT_FAMILY_RECEIVABLE_PAYABLE gl -227.27 EUR ledger -216.00 EUR diff -11.27 EUR",
  };
  EXPECT_EQ(LedgerVsGl(), differing);
  ASSERT_TRUE(Mismatches(0, 0, &response).ok());
  EXPECT_EQ(response.import_sequence(), 2u);
  EXPECT_EQ(response.as_of_sequence(), 1u);

  Import(AlphaAgreeing());
  EXPECT_EQ(LedgerVsGl(), std::vector<std::string>{differing[2]});
  Import(BetaAgreeing());
  ASSERT_TRUE(Mismatches(0, 0, &response).ok());
  EXPECT_EQ(response.mismatches_size(), 0) << response.ShortDebugString();
  EXPECT_EQ(response.import_sequence(), 4u);

  // The import sequence an answer stated reproduces it.
  EXPECT_EQ(LedgerVsGl(2), differing);
  EXPECT_EQ(LedgerVsGl(3), std::vector<std::string>{differing[2]});
  EXPECT_TRUE(LedgerVsGl(1).size() == 2 && LedgerVsGl(1)[1] == differing[1]);
}

TEST_F(LedgerVsGlE2eTest, AnIntercompanyLedgerAccountTheChartCannotPlaceIsRefused) {
  Import(AlphaDiffering());
  // From June, A's mapping leaves out the ledger's revenue account (chart version 10).
  std::string text = kAlphaMapping;
  text.replace(text.find(R"("map-A")"), 7, R"("map-A-2")");
  text.replace(text.find("month: 1 day: 1"), 15, "month: 6 day: 1");
  text.erase(
      text.find(R"(mappings { local_account: "4010)"),
      std::string(R"(mappings { local_account: "4010 IC revenue goods" group_account: "4100" })")
          .size());
  v1::UpsertChartMappingResponse mapped;
  ASSERT_TRUE(Call(*trial_balances_, &TrialBalances::UpsertChartMapping,
                   Parsed<v1::UpsertChartMappingRequest>(text), &mapped)
                  .ok());
  v1::GetMismatchesResponse response;
  const grpc::Status refused = Mismatches(0, 0, &response);
  EXPECT_EQ(refused.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorReason(refused), "UNMAPPED_LEDGER_ACCOUNT");
  EXPECT_NE(refused.error_message().find(
                "A's ledger account \"4010 IC revenue goods\" (a balance with B)"),
            std::string::npos)
      << refused.error_message();
  // The chart version before that mapping still compares.
  EXPECT_EQ(LedgerVsGl(0, 9).size(), 2u);
}

TEST_F(LedgerVsGlE2eTest, TheCliPrintsTheTrialBalancesAgainstTheLedger) {
  Import(AlphaDiffering());
  ServerProcess::Output table = Interco({"mismatches", "--parent", "P", "--period", "2024-06"});
  ASSERT_EQ(table.code, 0) << table.stderr_text;
  EXPECT_NE(table.stdout_text.find("Trial balances against the ledger (intercompany accounts, "
                                   "trial balance import sequence 1, chart version 9)"),
            std::string::npos)
      << table.stdout_text;
  EXPECT_NE(table.stdout_text.find("LEDGER_VS_GL"), std::string::npos) << table.stdout_text;
  ServerProcess::Output csv = Interco(
      {"mismatches", "--parent", "P", "--period", "2024-06", "--format", "csv", "--with-header"});
  ASSERT_EQ(csv.code, 0) << csv.stderr_text;
  EXPECT_NE(csv.stdout_text.find("# import_sequence=1"), std::string::npos) << csv.stdout_text;
  EXPECT_NE(csv.stdout_text.find("entity,counterparty,family,entity side,counterparty side,"
                                 "difference,type,account,general ledger,ledger\r\n"),
            std::string::npos)
      << csv.stdout_text;
  EXPECT_NE(csv.stdout_text.find("A,,receivable/payable,,,34,LEDGER_VS_GL,1200,250,216\r\n"),
            std::string::npos)
      << csv.stdout_text;
  ServerProcess::Output before =
      Interco({"mismatches", "--parent", "P", "--period", "2024-06", "--as-of-import", "2"});
  EXPECT_EQ(before.code, 2) << "beyond the last import: " << before.stderr_text;
}

}  // namespace
}  // namespace interco::testing
