// End to end: the `interco` command-line tool on the example files against the real server.
#include <cstdlib>

#include "gtest/gtest.h"
#include "interco/v1/consolidation.grpc.pb.h"
#include "tests/server_process.h"

namespace interco::testing {
namespace {

std::string Runfile(const std::string& path) {
  return std::string(std::getenv("TEST_SRCDIR")) + "/interco/" + path;
}

class CliE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server =
        ServerProcess::Start({"--listen=127.0.0.1:0", "--data_dir=" + FreshTempDir("cli")});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
  }
  ServerProcess::Output Interco(std::vector<std::string> args) {
    args.insert(args.begin(), "--server=" + server_->address());
    return ServerProcess::RunProgram(Runfile("services/cli/interco"), args);
  }
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(CliE2eTest, LoadPostConsolidateVerifyOnTheExampleFiles) {
  ServerProcess::Output load = Interco({"load", Runfile("examples/group.yaml")});
  EXPECT_EQ(load.code, 0) << load.stderr_text;
  EXPECT_NE(load.stdout_text.find("loaded 26 of 26 items"), std::string::npos) << load.stdout_text;
  EXPECT_EQ(Interco({"load", Runfile("examples/group.yaml")}).code, 0) << "loading is idempotent";

  ServerProcess::Output post = Interco({"post", Runfile("examples/june.csv")});
  EXPECT_EQ(post.code, 1) << "one row of the example is deliberately bad";
  EXPECT_NE(post.stdout_text.find("7 transactions of"), std::string::npos) << post.stdout_text;
  EXPECT_NE(post.stderr_text.find("june.csv:9: \"2024-06-31\" is not a date"), std::string::npos)
      << post.stderr_text;
  EXPECT_EQ(Interco({"post", Runfile("examples/june.csv")}).code, 1);

  ServerProcess::Output verify = Interco({"verify"});
  EXPECT_EQ(verify.code, 0);
  EXPECT_NE(verify.stdout_text.find("ledger verified: 7 entries"), std::string::npos)
      << "re-posting the file posted nothing twice: " << verify.stdout_text;

  ServerProcess::Output table =
      Interco({"consolidate", "--parent", "P", "--period", "2024-06", "--currency", "EUR"});
  EXPECT_EQ(table.code, 0) << table.stderr_text;
  EXPECT_NE(table.stdout_text.find("as of ledger sequence 7"), std::string::npos);
  EXPECT_NE(table.stdout_text.find("Elimination journal"), std::string::npos);
  // The wire is debit positive throughout; the tool prints what the NCI own and the CTA
  // credit positive, as before (README's tour).
  for (const char* line :
       {"3900 cumulative translation adjustment   -172.29", "S       EQUITY  0.3",
        "B         0.2   1825.17     1835.39  10.23", "CTA (credit positive): 172.29 EUR"}) {
    EXPECT_NE(table.stdout_text.find(line), std::string::npos) << line << "\n" << table.stdout_text;
  }
  v1::RunConsolidationRequest request;
  request.set_parent_id("P");
  request.set_period("2024-06");
  request.set_presentation_currency("EUR");
  grpc::ClientContext context;
  auto reader =
      v1::ConsolidationService::NewStub(server_->Channel())->RunConsolidation(&context, request);
  v1::ConsolidationChunk chunk, last;
  google::type::Money tb_cta;
  while (reader->Read(&chunk)) {
    for (const auto& balance : chunk.balances()) {
      if (balance.account() == "3900 cumulative translation adjustment") tb_cta = balance.amount();
    }
    for (const auto& nci : chunk.nci()) {
      if (nci.entity_id() != "B") continue;
      EXPECT_EQ(nci.nci_share().value(), "0.2");
      EXPECT_EQ(nci.profit().units(), -1825);  // A profit owned by the NCI: a credit.
      EXPECT_EQ(nci.profit().nanos(), -170000000);
    }
    last = chunk;
  }
  ASSERT_TRUE(reader->Finish().ok());
  EXPECT_EQ(last.cta().units(), -172);  // Debit positive: the trial balance's CTA line.
  EXPECT_EQ(last.cta().nanos(), -290000000);
  EXPECT_EQ(last.cta().units(), tb_cta.units());
  EXPECT_EQ(last.cta().nanos(), tb_cta.nanos());
  ServerProcess::Output csv = Interco({"consolidate", "--parent", "P", "--period", "2024-06",
                                       "--format", "csv", "--section", "nci"});
  EXPECT_EQ(csv.code, 0);
  EXPECT_EQ(csv.stdout_text.rfind("entity,share,profit,net assets,cta\r\n", 0), 0u)
      << csv.stdout_text;
  ServerProcess::Output mismatches =
      Interco({"mismatches", "--parent", "P", "--period", "2024-06"});
  EXPECT_EQ(mismatches.code, 0);
  EXPECT_NE(mismatches.stdout_text.find("FX"), std::string::npos) << mismatches.stdout_text;
  EXPECT_TRUE(mismatches.stdout_text.find("income/expense") != std::string::npos ||
              mismatches.stdout_text.find("receivable/payable") != std::string::npos)
      << mismatches.stdout_text;

  ServerProcess::Output journal = Interco({"journal", Runfile("examples/opening.csv")});
  EXPECT_EQ(journal.code, 1) << "one entry of the example deliberately lacks its mirror";
  EXPECT_NE(journal.stdout_text.find("3 journal entries of"), std::string::npos)
      << journal.stdout_text;
  EXPECT_NE(journal.stderr_text.find(
                "opening.csv:10: entry LOAN-P-C: lines[0].counterparty_id: an intercompany line"),
            std::string::npos)
      << journal.stderr_text;
  EXPECT_EQ(Interco({"journal", Runfile("examples/opening.csv")}).code, 1);
  EXPECT_NE(Interco({"verify"}).stdout_text.find("ledger verified: 10 entries"), std::string::npos)
      << "re-sending the file posted nothing twice";
  ServerProcess::Output head = Interco({"head"});
  EXPECT_EQ(head.code, 0) << head.stderr_text;
  EXPECT_EQ(head.stdout_text.rfind("ledger head: sequence 10, hash ", 0), 0u) << head.stdout_text;
}

TEST_F(CliE2eTest, ExitCodesTellScriptsWhatHappened) {
  EXPECT_EQ(Interco({"load", "/no/such/file.yaml"}).code, 2);
  EXPECT_EQ(Interco({"consolidate", "--period", "2024-06"}).code, 2) << "--parent is required";
  EXPECT_EQ(Interco({"frobnicate"}).code, 2);
  EXPECT_EQ(Interco({"consolidate", "--parent", "NOPE", "--period", "2024-06"}).code, 1);
  const std::string unreachable = "--server=127.0.0.1:1";
  EXPECT_EQ(
      ServerProcess::RunProgram(Runfile("services/cli/interco"), {unreachable, "verify"}).code, 3);
}

}  // namespace
}  // namespace interco::testing
