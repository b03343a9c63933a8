// End to end: `interco tb accounts|mappings|import` load the example group's chart,
// mappings and June trial balances into the real server, once however often they run, and
// a bad file gets its errors by line with nothing of the bad trial balance written.
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/server_process.h"

namespace interco::testing {
namespace {

class CliTrialBalanceE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server =
        ServerProcess::Start({"--listen=127.0.0.1:0", "--data_dir=" + FreshTempDir("cli_tb")});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    ASSERT_EQ(Interco({"load", Runfile("examples/group.yaml")}).code, 0);
  }
  ServerProcess::Output Interco(std::vector<std::string> args) {
    args.insert(args.begin(), "--server=" + server_->address());
    return ServerProcess::RunProgram(Runfile("services/cli/interco"), args);
  }
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(CliTrialBalanceE2eTest, ExampleTrialBalancesImportOnceAndBadLinesAreNamed) {
  ServerProcess::Output accounts =
      Interco({"tb", "accounts", Runfile("examples/chart_accounts.csv")});
  EXPECT_EQ(accounts.code, 0) << accounts.stderr_text;
  EXPECT_NE(accounts.stdout_text.find("loaded 15 of 15 group accounts"), std::string::npos)
      << accounts.stdout_text;
  ServerProcess::Output mappings =
      Interco({"tb", "mappings", Runfile("examples/chart_mappings.csv")});
  EXPECT_EQ(mappings.code, 0) << mappings.stderr_text;

  const std::string file = Runfile("examples/trial_balances.csv");
  ServerProcess::Output first = Interco({"tb", "import", file});
  EXPECT_EQ(first.code, 0) << first.stderr_text;
  EXPECT_NE(first.stdout_text.find("5 trial balances of " + file +
                                   " imported: 5 new, 0 already there (49 lines)"),
            std::string::npos)
      << first.stdout_text;
  ServerProcess::Output again = Interco({"tb", "import", file});
  EXPECT_EQ(again.code, 0) << again.stderr_text;
  EXPECT_NE(again.stdout_text.find("imported: 0 new, 5 already there"), std::string::npos)
      << again.stdout_text;
  // Loading the chart again changes nothing either.
  EXPECT_EQ(Interco({"tb", "accounts", Runfile("examples/chart_accounts.csv")}).code, 0);

  const std::string bad = FreshTempDir("cli_tb_bad") + "/bad.csv";
  std::ofstream(bad) << "entity,period,currency,source_system,account,balance\n"
                        "A,2024-07,EUR,SAP-P01,1000,100.00\n"
                        "A,2024-07,EUR,SAP-P01,1999,-100.00\n"
                        "B,2024-07,USD,NETSUITE-US,10100,100.00\n"
                        "B,2024-07,USD,NETSUITE-US,21000,-90.00\n"
                        "C,2024-07,JPY,ODOO-JP,1110,abc\n";
  ServerProcess::Output refused = Interco({"tb", "import", bad});
  EXPECT_EQ(refused.code, 1);
  EXPECT_NE(refused.stderr_text.find(bad + ":3: A 2024-07: lines[1].account"), std::string::npos)
      << refused.stderr_text;
  EXPECT_NE(refused.stderr_text.find("differ by 10.00"), std::string::npos) << refused.stderr_text;
  EXPECT_NE(refused.stderr_text.find(bad + ":6: C 2024-07: lines[0].balance"), std::string::npos)
      << refused.stderr_text;
  EXPECT_NE(refused.stdout_text.find("0 new, 0 already there (0 lines); 3 refused by the server"),
            std::string::npos)
      << refused.stdout_text;
}

TEST_F(CliTrialBalanceE2eTest, ReportOnTheTrialBalanceBasisShowsTheCapitalConsolidation) {
  // README's tour of the trial-balance basis, without the postings.
  for (const std::vector<std::string>& step : std::vector<std::vector<std::string>>{
           {"tb", "accounts", Runfile("examples/chart_accounts.csv")},
           {"tb", "mappings", Runfile("examples/chart_mappings.csv")},
           {"tb", "import", Runfile("examples/trial_balances.csv")},
           {"acquisitions", "load", Runfile("examples/acquisitions.csv")},
           {"tb", "import", Runfile("examples/trial_balances_history.csv")},
           {"load", Runfile("examples/rates_history.yaml")}}) {
    ServerProcess::Output done = Interco(step);
    ASSERT_EQ(done.code, 0) << step[0] << " " << step[1] << ": " << done.stderr_text;
  }
  const std::string html = FreshTempDir("cli_tb_report") + "/report.html";
  ServerProcess::Output wrote = Interco({"report", "--parent", "P", "--period", "2024-06",
                                         "--basis", "trial-balances", "--out", html});
  ASSERT_EQ(wrote.code, 0) << wrote.stderr_text;
  const std::string page = ReadText(html);
  for (const char* section : {"financial-position", "income-statement", "goodwill", "nci", "cta",
                              "proofs", "elimination_matrix", "mismatch_heat_map"}) {
    EXPECT_NE(page.find(absl::StrCat("<section id=\"", section, "\">")), std::string::npos)
        << section;
  }
  // The elimination matrix by the chart's families: the capital consolidation's investment
  // (1500) and equity (3000, 3100) are one family, not "receivable/payable" and "equity"
  // as their first digits would have it.
  const size_t matrix = page.find("<section id=\"elimination_matrix\">");
  ASSERT_NE(matrix, std::string::npos);
  const std::string matrix_head = page.substr(matrix, page.find("</thead>", matrix) - matrix);
  EXPECT_NE(matrix_head.find("<th>investment/equity</th>"), std::string::npos) << matrix_head;
  EXPECT_EQ(matrix_head.find("<th>equity</th>"), std::string::npos) << matrix_head;
  // Group accounts with the chart's names, in the trial balance and the elimination journal.
  const size_t balances = page.find("<section id=\"balances\">");
  ASSERT_NE(balances, std::string::npos);
  EXPECT_NE(page.find("<td>1200 Intercompany receivables</td>", balances), std::string::npos);
  EXPECT_EQ(page.find("<td>1200</td>"), std::string::npos) << "a bare account number";
  EXPECT_NE(page.find("<td>1500 Investments in group entities</td>",
                      page.find("<section id=\"eliminations\">")),
            std::string::npos);
  // The basis in the header, and goodwill as `consolidate --basis trial-balances` shows it.
  for (const char* text : {"<dt>basis</dt><dd>trial balances</dd>", "<td>BS.ASSETS.GOODWILL</td>",
                           ">806,393.19</td>"}) {
    EXPECT_NE(page.find(text), std::string::npos) << text;
  }
}

}  // namespace
}  // namespace interco::testing
