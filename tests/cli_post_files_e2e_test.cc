// End to end: `interco post` with files as controllers have them, against the real server:
// CSV as German Excel saves it, and a large file with thousands of refused rows, whose
// rejects file is fixed and posted again.
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gtest/gtest.h"
#include "tests/server_process.h"

namespace interco::testing {
namespace {

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string FileText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

size_t Lines(const std::string& text) {
  size_t lines = 0;
  for (const char c : text) lines += c == '\n';
  return lines;
}

class CliPostFilesE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = ServerProcess::Start(
        {"--listen=127.0.0.1:0", "--data_dir=" + FreshTempDir("cli_post_files")});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    dir_ = FreshTempDir("cli_post_files_in");
    ASSERT_EQ(Interco({"load", Runfile("examples/group.yaml")}).code, 0);
  }
  ServerProcess::Output Interco(std::vector<std::string> args) {
    args.insert(args.begin(), "--server=" + server_->address());
    return ServerProcess::RunProgram(Runfile("services/cli/interco"), args, absl::Seconds(300));
  }
  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  std::unique_ptr<ServerProcess> server_;
  std::string dir_;
  int kept_ = 0;
};

TEST_F(CliPostFilesE2eTest, GermanExcelsCsvPostsTheSameInvoicesAsPlainCsv) {
  const std::string german =
      Write("juni.csv",
            "\xEF\xBB\xBFtransaction_id;date;seller;buyer;type;quantity;currency;input:cost\r\n"
            "INV-1;2024-06-10;A;B;GOODS;1.000;EUR;40,125\r\n"
            "INV-2;2024-06-11;A;B;GOODS;2,5;EUR;1.200,50\r\n");
  ServerProcess::Output without_flag = Interco({"post", german});
  EXPECT_EQ(without_flag.code, 1);
  EXPECT_TRUE(Has(without_flag.stderr_text,
                  "juni.csv:2: input:cost: \"40,125\" is ambiguous: 40125 with a thousands "
                  "comma, or 40.125 with a decimal comma; give --decimal-comma"))
      << without_flag.stderr_text;
  EXPECT_TRUE(Has(without_flag.stderr_text,
                  "juni.csv:3: input:cost: \"1.200,50\" is not an amount: its decimals are "
                  "after a comma: give --decimal-comma"))
      << without_flag.stderr_text;
  EXPECT_FALSE(Has(without_flag.stderr_text, "has no \"transaction_id\" column"));
  ServerProcess::Output posted = Interco({"post", "--decimal-comma", german});
  EXPECT_EQ(posted.code, 0) << posted.stderr_text;
  EXPECT_TRUE(Has(posted.stdout_text, "on the ledger: 2 new, 0 already there"))
      << posted.stdout_text;
  const std::string plain =
      Write("june.csv",
            "transaction_id,date,seller,buyer,type,quantity,currency,input:cost\n"
            "INV-1,2024-06-10,A,B,GOODS,1000,EUR,40.125\n"
            "INV-2,2024-06-11,A,B,GOODS,2.5,EUR,1200.50\n");
  ServerProcess::Output same = Interco({"post", plain});
  EXPECT_EQ(same.code, 0) << same.stderr_text;
  EXPECT_TRUE(Has(same.stdout_text, "0 new, 2 already there")) << same.stdout_text;

  const std::string journal = Write("eroeffnung.csv",
                                    "\xEF\xBB\xBF"
                                    "entry_id;date;entity;account;side;amount;currency\r\n"
                                    "OB-A;2024-06-01;A;1000 cash;DEBIT;1.200,50;EUR\r\n"
                                    "OB-A;2024-06-01;A;3000 share capital;CREDIT;1.200,50;EUR\r\n");
  ServerProcess::Output opened = Interco({"journal", journal, "--decimal-comma"});
  EXPECT_EQ(opened.code, 0) << opened.stderr_text;
  EXPECT_TRUE(Has(opened.stdout_text, "1 new, 0 already there")) << opened.stdout_text;
}

TEST_F(CliPostFilesE2eTest, ThousandsOfRefusalsGoToARejectsFileThatPostsOnceFixed) {
  constexpr int kRows = 3000;
  std::string text = "transaction_id,date,seller,buyer,type,quantity,currency,input:cost\n";
  int unreadable = 0, refused = 0;
  for (int row = 0; row < kRows; ++row) {
    // Every third row names a buyer the group lacks (the server refuses it); every 100th
    // has a date that does not exist (unreadable).
    const std::string date = row % 100 == 1 ? "2024-06-31" : "2024-06-10";
    const std::string buyer = row % 3 == 0 ? "BX" : "B";
    ++(row % 100 == 1 ? unreadable : row % 3 == 0 ? refused : kept_);
    absl::StrAppend(&text, "BIG-", row, ",", date, ",A,", buyer, ",GOODS,1,EUR,40\n");
  }
  const std::string big = Write("big.csv", text);
  const std::string rejects = dir_ + "/rejects.csv";
  ServerProcess::Output posted = Interco({"post", big, "--rejects", rejects});
  EXPECT_EQ(posted.code, 1);
  ASSERT_GT(refused, 900);
  EXPECT_EQ(Lines(posted.stderr_text), 20u + 1 + 4)
      << "20 refusals, a line saying how many more, a count of each of 2 reasons, where they are";
  EXPECT_TRUE(Has(posted.stderr_text,
                  absl::StrCat("interco: ", big, ": ", unreadable + refused - 20,
                               " more refused rows not shown; every one is in ", rejects)))
      << posted.stderr_text;
  EXPECT_TRUE(
      Has(posted.stderr_text,
          absl::StrCat("interco: ", big, ": ", unreadable + refused, " refused, by reason:\n",
                       "interco:     ", refused,
                       "  buyer.entity_id: no legal entity with this id (got \"...\")\n",
                       "interco:      ", unreadable, "  \"...\" is not a date (YYYY-MM-DD)\n")))
      << posted.stderr_text;
  EXPECT_TRUE(Has(posted.stdout_text, absl::StrCat("on the ledger: ", kRows - unreadable - refused,
                                                   " new, 0 already there")))
      << posted.stdout_text;

  const std::string rejected = FileText(rejects);
  EXPECT_EQ(rejected.rfind(
                "transaction_id,date,seller,buyer,type,quantity,currency,input:cost,"
                "reason\r\nBIG-0,2024-06-10,A,BX,GOODS,1,EUR,40,\"buyer.entity_id: no legal entity "
                "with this id (got \"\"BX\"\")\"\r\n",
                0),
            0u)
      << rejected.substr(0, 300);
  EXPECT_EQ(Lines(rejected), static_cast<size_t>(1 + unreadable + refused));

  // Fixed (the buyer and the date corrected), the rejects file posts as it is.
  const std::string fixed = Write(
      "fixed.csv", absl::StrReplaceAll(rejected, {{",BX,", ",B,"}, {"2024-06-31", "2024-06-30"}}));
  ServerProcess::Output again = Interco({"post", fixed, "--rejects", rejects});
  EXPECT_EQ(again.code, 0) << again.stderr_text.substr(0, 2000);
  EXPECT_TRUE(Has(again.stdout_text, absl::StrCat(unreadable + refused, " new, 0 already there")))
      << again.stdout_text;
  EXPECT_EQ(FileText(rejects),
            "transaction_id,date,seller,buyer,type,quantity,currency,"
            "input:cost,reason\r\n")
      << "nothing refused this time";
  ServerProcess::Output verify = Interco({"verify"});
  EXPECT_TRUE(Has(verify.stdout_text, absl::StrCat("ledger verified: ", kRows, " entries")))
      << verify.stdout_text;
}

TEST_F(CliPostFilesE2eTest, JournalsTrialBalancesAndAcquisitionsShowTwentyRefusalsToo) {
  std::string journal = "entry_id,date,entity,account,side,amount,currency\n";
  std::string balances = "entity,period,currency,source_system,account,balance\n";
  for (int row = 0; row < 25; ++row) {
    absl::StrAppend(&journal, "OB-", row, ",2024-02-30,A,1000 cash,DEBIT,50,EUR\n");
    absl::StrAppend(&balances, "A,", 2030 + row, "-13,EUR,SAP,1000,1\n");
  }
  for (const auto& [command, file] :
       {std::pair<std::vector<std::string>, std::string>{{"journal"}, Write("j.csv", journal)},
        {{"tb", "import"}, Write("tb.csv", balances)}}) {
    std::vector<std::string> args = command;
    args.push_back(file);
    ServerProcess::Output output = Interco(args);
    EXPECT_EQ(output.code, 1) << output.stderr_text;
    EXPECT_TRUE(
        Has(output.stderr_text, absl::StrCat("interco: ", file, ": 5 more refused rows not shown")))
        << output.stderr_text;
    EXPECT_TRUE(
        Has(output.stderr_text,
            absl::StrCat("interco: ", file, ": 25 refused, by reason:\n", "interco:      25  ")))
        << output.stderr_text;
    EXPECT_LE(Lines(output.stderr_text), 20u + 1 + 3) << output.stderr_text;
  }
}

}  // namespace
}  // namespace interco::testing
