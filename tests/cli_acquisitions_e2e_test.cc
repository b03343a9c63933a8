// End to end: `interco acquisitions load|list` record the example group's acquisitions in
// the real server once however often they run, list them as of a structure version, and a
// bad file gets its errors by line (the adjustment's own line where one is at fault) with
// nothing of a refused acquisition written.
#include <fstream>

#include "gtest/gtest.h"
#include "tests/server_process.h"

namespace interco::testing {
namespace {

class CliAcquisitionsE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server =
        ServerProcess::Start({"--listen=127.0.0.1:0", "--data_dir=" + FreshTempDir("cli_acq")});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    ASSERT_EQ(Interco({"load", Runfile("examples/group.yaml")}).code, 0);
    ASSERT_EQ(Interco({"tb", "accounts", Runfile("examples/chart_accounts.csv")}).code, 0);
  }
  ServerProcess::Output Interco(std::vector<std::string> args) {
    args.insert(args.begin(), "--server=" + server_->address());
    return ServerProcess::RunProgram(Runfile("services/cli/interco"), args);
  }
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(CliAcquisitionsE2eTest, TheExampleAcquisitionsAreRecordedOnceAndListAsOfAVersion) {
  const std::string file = Runfile("examples/acquisitions.csv");
  ServerProcess::Output first = Interco({"acquisitions", "load", file});
  EXPECT_EQ(first.code, 0) << first.stderr_text;
  EXPECT_EQ(first.stdout_text, "4 acquisitions of " + file +
                                   " recorded: 4 new, 0 already there; 0 refused by the "
                                   "server, 0 unreadable rows\n");
  ServerProcess::Output again = Interco({"acquisitions", "load", file});
  EXPECT_EQ(again.code, 0) << again.stderr_text;
  EXPECT_NE(again.stdout_text.find("recorded: 0 new, 4 already there"), std::string::npos)
      << again.stdout_text;

  // examples/group.yaml is structure versions 1 to 12; the acquisitions 13 to 16. CSV lines
  // end in CRLF (RFC 4180).
  ServerProcess::Output listed = Interco({"acquisitions", "list", "--format", "csv"});
  EXPECT_EQ(listed.code, 0) << listed.stderr_text;
  EXPECT_EQ(
      listed.stdout_text,
      "holder,held,date,consideration,currency,investment,nci,nci fair value,adjustments,"
      "version\r\n"
      "B,C,2020-01-01,950000,USD,1500,fair value,85000000 JPY,1300=3500000 2000=-1200000,15\r\n"
      "P,A,2020-01-01,2500000,EUR,1500,proportionate,,,13\r\n"
      "P,B,2020-01-01,1800000,EUR,1500,proportionate,,1300=40000,14\r\n"
      "P,S,2022-07-01,700000,EUR,1500,proportionate,,,16\r\n");
  ServerProcess::Output before = Interco({"acquisitions", "list", "--structure-version", "13"});
  EXPECT_EQ(before.code, 0) << before.stderr_text;
  EXPECT_EQ(before.stdout_text.find("B "), std::string::npos) << before.stdout_text;
  EXPECT_NE(before.stdout_text.find("P       A"), std::string::npos) << before.stdout_text;
  ServerProcess::Output beyond = Interco({"acquisitions", "list", "--structure-version", "99"});
  EXPECT_EQ(beyond.code, 2);
  EXPECT_NE(beyond.stderr_text.find("--structure-version: the latest version is 16"),
            std::string::npos)
      << beyond.stderr_text;
}

TEST_F(CliAcquisitionsE2eTest, ABadFileGetsItsErrorsByLineAndWritesNothingOfThem) {
  const std::string bad = FreshTempDir("cli_acq_bad") + "/bad.csv";
  std::ofstream(bad)
      << "holder,held,acquisition_date,consideration,currency,investment_account,"
         "nci_measurement,nci_fair_value,held_currency,adjustment_account,adjustment_amount\n"
         "P,C,2020-01-01,100,EUR,1500,PROPORTIONATE,,,,\n"          // P holds C only through B.
         "P,A,2020-01-01,-100,EUR,1500,PROPORTIONATE,,,,\n"         // Negative.
         "P,B,2020-01-01,100,EUR,1500,PROPORTIONATE,,USD,1300,5\n"  // Fine so far...
         "P,B,2020-01-01,100,EUR,1500,PROPORTIONATE,,USD,1999,5\n"  // ...not in the chart.
         "B,C,2020-01-01,100,USD,1000,PROPORTIONATE,,,,\n"          // Not an investment.
         "B,C,2020-01-01,100,USD,1500,PROPORTIONATE,,,,\n";         // Differs from line 6.
  ServerProcess::Output refused = Interco({"acquisitions", "load", bad});
  EXPECT_EQ(refused.code, 1);
  for (const std::string& expected :
       {bad + ":2: P -> C: acquisition.held_id: P holds no stake in C on 2020-01-01",
        bad + ":3: P -> A: acquisition.consideration: must not be negative",
        bad + ":5: P -> B: acquisition.fair_value_adjustments[1].account: not an account",
        bad + ":7: investment_account: \"1500\" differs from the acquisition's first row"}) {
    EXPECT_NE(refused.stderr_text.find(expected), std::string::npos) << expected << "\n"
                                                                     << refused.stderr_text;
  }
  EXPECT_EQ(refused.stdout_text, "0 acquisitions of " + bad +
                                     " recorded: 0 new, 0 already there; 3 refused by the "
                                     "server, 1 unreadable rows\n");
  ServerProcess::Output listed = Interco({"acquisitions", "list", "--format", "csv"});
  EXPECT_EQ(listed.stdout_text,
            "holder,held,date,consideration,currency,investment,nci,nci fair value,adjustments,"
            "version\r\n");
}

}  // namespace
}  // namespace interco::testing
