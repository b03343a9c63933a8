// End to end: the `interco` command-line tool on the example files against the real server.
#include <cstdlib>
#include <fstream>

#include "gtest/gtest.h"
#include "interco/v1/consolidation.grpc.pb.h"
#include "tests/server_process.h"

namespace interco::testing {
namespace {

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
  // Under another name the same group is the same requests: no new versions, no edge
  // refused as overlapping itself.
  const std::string copy = FreshTempDir("cli_group") + "/group-copy.yaml";
  ASSERT_EQ(0, system(("cp " + Runfile("examples/group.yaml") + " " + copy).c_str()));
  const std::string head_before = Interco({"head"}).stdout_text;
  ServerProcess::Output reload = Interco({"load", copy});
  EXPECT_EQ(reload.code, 0) << reload.stderr_text;
  EXPECT_EQ(Interco({"head"}).stdout_text, head_before);

  ServerProcess::Output post = Interco({"post", Runfile("examples/june.csv")});
  EXPECT_EQ(post.code, 1) << "one row of the example is deliberately bad";
  EXPECT_NE(post.stdout_text.find("7 transactions of"), std::string::npos) << post.stdout_text;
  EXPECT_NE(post.stdout_text.find("on the ledger: 7 new, 0 already there"), std::string::npos)
      << post.stdout_text;
  EXPECT_NE(post.stderr_text.find("june.csv:9: \"2024-06-31\" is not a date"), std::string::npos)
      << post.stderr_text;
  ServerProcess::Output again = Interco({"post", Runfile("examples/june.csv")});
  EXPECT_EQ(again.code, 1);
  EXPECT_NE(again.stdout_text.find("on the ledger: 0 new, 7 already there"), std::string::npos)
      << again.stdout_text;

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
  ServerProcess::Output journal_again = Interco({"journal", Runfile("examples/opening.csv")});
  EXPECT_EQ(journal_again.code, 1);
  EXPECT_NE(journal_again.stdout_text.find("on the ledger: 0 new, 3 already there"),
            std::string::npos)
      << journal_again.stdout_text;
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
  EXPECT_EQ(Interco({"consolidate", "--parent", "NOPE", "--period", "2024-06"}).code, 2)
      << "an unknown parent is a bad argument (NOT_FOUND)";
  ServerProcess::Output unreachable = ServerProcess::RunProgram(Runfile("services/cli/interco"),
                                                                {"--server=127.0.0.1:1", "verify"});
  EXPECT_EQ(unreachable.code, 3);
  EXPECT_NE(unreachable.stderr_text.find("cannot reach the server at 127.0.0.1:1"),
            std::string::npos)
      << unreachable.stderr_text;
}

std::string WriteTemp(const std::string& dir, const std::string& name, const std::string& text) {
  const std::string path = dir + "/" + name;
  std::ofstream(path) << text;
  return path;
}

constexpr char kInvoiceHeader[] =
    "transaction_id,date,seller,buyer,type,quantity,currency,input:cost\n";
constexpr char kInvoice1[] = "INV-1,2024-06-10,A,B,GOODS,10,EUR,40\n";
constexpr char kInvoice2[] = "INV-2,2024-06-11,A,B,GOODS,20,EUR,12.5\n";

TEST_F(CliE2eTest, AnInvoicePostsOnceWhateverFileItComesIn) {
  ASSERT_EQ(Interco({"load", Runfile("examples/group.yaml")}).code, 0);
  const std::string dir = FreshTempDir("cli_files");
  ASSERT_EQ(0, system(("mkdir -p " + dir + "/other").c_str()));
  ServerProcess::Output first =
      Interco({"post", WriteTemp(dir, "june.csv",
                                 std::string(kInvoiceHeader) + kInvoice1 + kInvoice2 + kInvoice1)});
  EXPECT_EQ(first.code, 0) << first.stderr_text;
  EXPECT_NE(first.stdout_text.find("2 new, 1 already there"), std::string::npos)
      << first.stdout_text;
  // The same name in another folder, re-sorted, with one invoice more.
  ServerProcess::Output resorted = Interco(
      {"post", WriteTemp(dir + "/other", "june.csv",
                         std::string(kInvoiceHeader) + "INV-3,2024-06-12,A,B,GOODS,1,EUR,40\n" +
                             kInvoice2 + kInvoice1)});
  EXPECT_EQ(resorted.code, 0) << resorted.stderr_text;
  EXPECT_NE(resorted.stdout_text.find("3 transactions of"), std::string::npos);
  EXPECT_NE(resorted.stdout_text.find("1 new, 2 already there"), std::string::npos)
      << resorted.stdout_text;
  // Another file, other columns: INV-1 again is found by its business key.
  ServerProcess::Output renamed = Interco(
      {"post", WriteTemp(dir, "erp-export.csv",
                         "currency,quantity,type,buyer,seller,date,transaction_id,input:cost,"
                         "note\nEUR,10,GOODS,B,A,2024-06-10,INV-1,40.0,resent\n")});
  EXPECT_EQ(renamed.code, 0) << renamed.stderr_text;
  EXPECT_NE(renamed.stdout_text.find("0 new, 1 already there"), std::string::npos)
      << renamed.stdout_text;
  // A changed invoice under an old number is refused, not booked twice.
  ServerProcess::Output changed = Interco(
      {"post", WriteTemp(dir, "fix.csv",
                         std::string(kInvoiceHeader) + "INV-1,2024-06-10,A,B,GOODS,11,EUR,40\n")});
  EXPECT_EQ(changed.code, 1);
  EXPECT_NE(changed.stderr_text.find(
                "fix.csv:2: transaction_id: is on the ledger with different content"),
            std::string::npos)
      << changed.stderr_text;
  EXPECT_NE(Interco({"verify"}).stdout_text.find("ledger verified: 3 entries"), std::string::npos);

  const std::string entry =
      "entry_id,date,entity,account,side,amount,currency\n"
      "OB-A,2024-06-01,A,1000 cash,DEBIT,50,EUR\n"
      "OB-A,2024-06-01,A,3000 share capital,CREDIT,50,EUR\n";
  EXPECT_EQ(Interco({"journal", WriteTemp(dir, "a.csv", entry)}).code, 0);
  ServerProcess::Output journal = Interco({"journal", WriteTemp(dir, "b.csv", entry)});
  EXPECT_EQ(journal.code, 0) << journal.stderr_text;
  EXPECT_NE(journal.stdout_text.find("0 new, 1 already there"), std::string::npos)
      << journal.stdout_text;
}

}  // namespace
}  // namespace interco::testing
