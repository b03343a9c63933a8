// End to end: the `interco` tool's month-end commands (entries, reverse, close, reopen,
// consolidate with versions and inventory) against the real server, with every error path's
// exit code.
#include <cstdlib>
#include <fstream>

#include "gtest/gtest.h"
#include "tests/server_process.h"

namespace interco::testing {
namespace {

bool Has(const ServerProcess::Output& output, const std::string& text) {
  return output.stdout_text.find(text) != std::string::npos ||
         output.stderr_text.find(text) != std::string::npos;
}

class CliMonthEndE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server =
        ServerProcess::Start({"--listen=127.0.0.1:0", "--data_dir=" + FreshTempDir("cli_month")});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    ASSERT_EQ(Interco({"load", Runfile("examples/group.yaml")}).code, 0);
    ASSERT_EQ(Interco({"post", Runfile("examples/june.csv")}).code, 1);  // Row 9 is bad.
  }
  ServerProcess::Output Interco(std::vector<std::string> args) {
    args.insert(args.begin(), "--server=" + server_->address());
    return ServerProcess::RunProgram(Runfile("services/cli/interco"), args);
  }
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(CliMonthEndE2eTest, EntriesListWithFiltersAcrossPages) {
  ServerProcess::Output all = Interco({"entries", "--entity", "A", "--period", "2024-06"});
  EXPECT_EQ(all.code, 0) << all.stderr_text;
  EXPECT_TRUE(Has(all, "INV-2024-0101") && Has(all, "INV-2024-0104")) << all.stdout_text;
  EXPECT_TRUE(Has(all, "\n4 entries\n")) << all.stdout_text;
  ServerProcess::Output with_c =
      Interco({"entries", "--entity", "A", "--counterparty", "C", "--format", "csv"});
  EXPECT_EQ(with_c.code, 0);
  EXPECT_EQ(with_c.stdout_text.rfind("sequence,date,period,transaction,entity,", 0), 0u);
  EXPECT_TRUE(Has(with_c, "2,2024-06-20,2024-06,INV-2024-0102,A,C,1310 IC receivable,debit"))
      << with_c.stdout_text;
  EXPECT_FALSE(Has(with_c, "INV-2024-0101"));
  ServerProcess::Output one = Interco({"entries", "--entity", "B", "--transaction", "INV-2024-0107",
                                       "--account", "1400 inventory"});
  EXPECT_EQ(one.code, 0);
  EXPECT_TRUE(Has(one, "\n1 entry\n") && Has(one, "458.47 USD")) << one.stdout_text;

  ServerProcess::Output bad = Interco({"entries", "--entity", "A", "--period", "2024-13"});
  EXPECT_EQ(bad.code, 2) << "INVALID_ARGUMENT from the server is an argument error";
  EXPECT_TRUE(Has(bad, "interco: --period: must be YYYY-MM")) << bad.stderr_text;
  EXPECT_EQ(Interco({"entries", "--period", "2024-06"}).code, 2) << "--entity is required";
}

TEST_F(CliMonthEndE2eTest, AnEntryIsReversedOnceAndARerunAnswersTheSame) {
  ServerProcess::Output reversed = Interco({"reverse", "--sequence", "7", "--date", "2024-06-30"});
  EXPECT_EQ(reversed.code, 0) << reversed.stderr_text;
  EXPECT_TRUE(Has(reversed, "reversed entry 7 on 2024-06-30 as entry 8 (4 lines)"))
      << reversed.stdout_text;
  EXPECT_EQ(Interco({"reverse", "--sequence", "7", "--date", "2024-06-30"}).stdout_text,
            reversed.stdout_text);
  ServerProcess::Output twice = Interco({"reverse", "--sequence", "7", "--date", "2024-07-01"});
  EXPECT_EQ(twice.code, 2);
  EXPECT_TRUE(Has(twice, "--sequence: was reversed by entry 8")) << twice.stderr_text;
  EXPECT_EQ(Interco({"reverse", "--sequence", "99", "--date", "2024-06-30"}).code, 2);
  EXPECT_EQ(Interco({"reverse", "--sequence", "1", "--date", "2024-06-31"}).code, 2);
  ServerProcess::Output early = Interco({"reverse", "--sequence", "1", "--date", "2024-06-01"});
  EXPECT_EQ(early.code, 2);
  EXPECT_TRUE(Has(early, "--date: must not be before the original's date")) << early.stderr_text;
  EXPECT_EQ(Interco({"reverse", "--sequence", "0", "--date", "2024-06-30"}).code, 2);
  EXPECT_TRUE(Has(Interco({"verify"}), "ledger verified: 8 entries"));
}

TEST_F(CliMonthEndE2eTest, ClosingReopeningAndClosingAgainEachTakeEffect) {
  const std::string dir = FreshTempDir("cli_month_files");
  const std::string late = dir + "/late.csv";
  std::ofstream(late) << "transaction_id,date,seller,buyer,type,quantity,currency,input:cost\n"
                         "INV-LATE,2024-06-29,A,B,GOODS,1,EUR,40\n";
  ServerProcess::Output closed = Interco({"close", "--entity", "A", "--period", "2024-06"});
  EXPECT_EQ(closed.code, 0) << closed.stderr_text;
  EXPECT_TRUE(Has(closed, "closed 2024-06 of A (later postings dated in it are refused)"));
  EXPECT_EQ(Interco({"post", late}).code, 1) << "A's June is closed";
  EXPECT_EQ(Interco({"close", "--entity", "A", "--period", "2024-06"}).code, 2);
  EXPECT_EQ(Interco({"reopen", "--entity", "A", "--period", "2024-06"}).code, 0);
  // Each run is a request of its own: this close is not answered by the first one.
  ServerProcess::Output rolled =
      Interco({"close", "--entity", "A", "--period", "2024-06", "--roll-forward"});
  EXPECT_EQ(rolled.code, 0) << rolled.stderr_text;
  EXPECT_TRUE(Has(rolled, "roll forward"));
  EXPECT_EQ(Interco({"post", late}).code, 0) << "booked in July instead";
  EXPECT_TRUE(Has(Interco({"entries", "--entity", "A", "--transaction", "INV-LATE"}), "2024-07"));

  EXPECT_EQ(Interco({"reopen", "--entity", "B", "--period", "2024-06"}).code, 2);
  ServerProcess::Output unknown = Interco({"close", "--entity", "NOPE", "--period", "2024-06"});
  EXPECT_EQ(unknown.code, 2);
  EXPECT_TRUE(Has(unknown, "interco: --entity: no legal entity")) << unknown.stderr_text;
  EXPECT_EQ(Interco({"close", "--entity", "A", "--period", "2024-6"}).code, 2);
  EXPECT_EQ(Interco({"close", "--period", "2024-06"}).code, 2);
}

TEST_F(CliMonthEndE2eTest, ConsolidationReproducesVersionsAndTakesInventory) {
  ServerProcess::Output earlier =
      Interco({"consolidate", "--parent", "P", "--period", "2024-06", "--as-of", "3",
               "--structure-version", "5", "--pricing-version", "7"});
  EXPECT_EQ(earlier.code, 0) << earlier.stderr_text;
  EXPECT_TRUE(Has(earlier, "as of ledger sequence 3 (hash")) << earlier.stdout_text;
  EXPECT_TRUE(Has(earlier, "structure version 5, pricing version 7"));

  const std::vector<std::string> eliminations = {"consolidate", "--parent",  "P",
                                                 "--period",    "2024-06",   "--format",
                                                 "csv",         "--section", "eliminations"};
  std::vector<std::string> with_inventory = eliminations;
  with_inventory.insert(with_inventory.end(), {"--inventory", "A:B:100:USD"});
  ServerProcess::Output plain = Interco(eliminations);
  ServerProcess::Output counted = Interco(with_inventory);
  EXPECT_EQ(counted.code, 0) << counted.stderr_text;
  EXPECT_NE(plain.stdout_text, counted.stdout_text) << "unrealised profit is eliminated";

  std::vector<std::string> malformed = eliminations;
  malformed.insert(malformed.end(), {"--inventory", "A:B:100"});
  ServerProcess::Output bad = Interco(malformed);
  EXPECT_EQ(bad.code, 2);
  EXPECT_TRUE(Has(bad, "--inventory: \"A:B:100\" is not SELLER:BUYER:AMOUNT:CURRENCY"));
  std::vector<std::string> unknown = eliminations;
  unknown.insert(unknown.end(), {"--inventory", "A:B:1:USD", "--inventory", "A:NOPE:1:EUR"});
  EXPECT_TRUE(Has(Interco(unknown), "interco: --inventory #2: names an unknown entity"));
  ServerProcess::Output future =
      Interco({"consolidate", "--parent", "P", "--period", "2024-06", "--as-of", "999"});
  EXPECT_EQ(future.code, 2);
  EXPECT_TRUE(Has(future, "interco: --as-of: the ledger head is 7")) << future.stderr_text;
  EXPECT_EQ(
      Interco({"consolidate", "--parent", "P", "--period", "2024-06", "--currency", "EURO"}).code,
      2);
}

}  // namespace
}  // namespace interco::testing
