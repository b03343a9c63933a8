// End to end: every `interco` command given bad arguments, against the real server. README
// promises exit code 2 for bad arguments "whether the tool or the server finds it", and every
// message starts with "interco: "; one table holds a case of each command.
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/server_process.h"

namespace interco::testing {
namespace {

struct BadLine {
  std::vector<std::string> args;
  int code;
  std::string message_start;  // The first line of stderr starts with it.
};

// Each command with bad arguments; `dir` holds the test's files.
std::vector<BadLine> BadLines(const std::string& dir) {
  return {
      // Found by interco.
      {{"consolidat", "--parent", "P"},
       2,
       "interco: unknown command \"consolidat\"; did you mean \"consolidate\"?"},
      {{"tb", "improt", "x.csv"},
       2,
       "interco: unknown command \"improt\" of \"interco tb\"; did you mean \"tb import\"?"},
      {{"load", dir + "/missing.yaml"}, 2, "interco: cannot read " + dir + "/missing.yaml"},
      {{"post", dir + "/missing.csv"}, 2, "interco: cannot read"},
      {{"post", dir + "/transactions.csv", "--batch", "0"}, 2, "interco: post: --batch"},
      {{"journal", dir + "/missing.csv"}, 2, "interco: cannot read"},
      {{"head", "extra"}, 2, "interco: head: "},
      {{"verify", "--deep"}, 2, "interco: verify: "},
      {{"consolidate", "--period", "2024-06"}, 2, "interco: consolidate: --parent is required"},
      {{"consolidate", "--parent", "P", "--period", "2024-06", "--as-of", "-1"},
       2,
       "interco: consolidate: --as-of"},
      // A table shows every section: one asked for is refused, not quietly ignored.
      {{"consolidate", "--parent", "P", "--period", "2024-06", "--section", "nci"},
       2,
       "interco: --section: only with --format csv (--format table shows every section)"},
      {{"report", "--parent", "P", "--period", "2024-06"}, 2, "interco: report: --out"},
      // A report's file name says its format; one it cannot write, or one --format
      // contradicts, is refused before the server is asked.
      {{"report", "--parent", "P", "--period", "2024-06", "--out", dir + "/r.csv"},
       2,
       "interco: --out: a report is written as .html or .xlsx, not .csv"},
      {{"report", "--parent", "P", "--period", "2024-06", "--format", "html", "--out",
        dir + "/r.xlsx"},
       2,
       "interco: --format: html contradicts --out " + dir + "/r.xlsx"},
      {{"report", "--parent", "P", "--period", "2024-06", "--basis", "gl", "--out",
        dir + "/r.html"},
       2,
       "interco: report: --basis"},
      {{"drill", "--parent", "P", "--period", "2024-06"}, 2, "interco: drill: --account"},
      {{"reverse", "--sequence", "0", "--date", "2024-06-30"}, 2, "interco: reverse: --sequence"},
      {{"reverse", "--sequence", "-1", "--date", "2024-06-30"}, 2, "interco: reverse: --sequence"},
      {{"policies", "--format", "xml"}, 2, "interco: policies: --format"},
      {{"rates", "--format", "xml"}, 2, "interco: rates: --format"},
      {{"account-maps", "--format", "xml"}, 2, "interco: account-maps: --format"},
      {{"closed-periods", "--format", "xml"}, 2, "interco: closed-periods: --format"},
      {{"structure", "--date", "2024-02-31"}, 2, "interco: --date"},
      {{"tb", "import", dir + "/missing.csv"}, 2, "interco: cannot read"},
      {{"tb", "accounts", dir + "/missing.csv"}, 2, "interco: cannot read"},
      {{"tb", "mappings", dir + "/missing.csv"}, 2, "interco: cannot read"},
      {{"acquisitions", "load", dir + "/missing.csv"}, 2, "interco: cannot read"},
      {{"groups", "list", "--format", "json"}, 2, "interco: groups list: --format"},
      {{"groups", "create", "Not_A_Label"}, 2, "interco: group id: "},
      {{"checkpoint"}, 2, "interco: checkpoint: name is required"},
      // Found by the server: what the user typed names nothing there, or asks the impossible.
      {{"consolidate", "--parent", "X", "--period", "2024-06"}, 2, "interco: --parent: "},
      {{"mismatches", "--parent", "X", "--period", "2024-06"}, 2, "interco: --parent: "},
      {{"report", "--parent", "X", "--period", "2024-06", "--out", dir + "/r.html"},
       2,
       "interco: --parent: "},
      {{"drill", "--parent", "X", "--period", "2024-06", "--account", "1200"},
       2,
       "interco: --parent: "},
      {{"close", "--entity", "Z", "--period", "2024-06"}, 2, "interco: --entity: "},
      {{"reopen", "--entity", "A", "--period", "2024-06"}, 2, "interco: "},
      {{"reverse", "--sequence", "999", "--date", "2024-06-30"}, 2, "interco: --sequence: "},
      {{"entries", "--entity", "Z"}, 2, "interco: --entity: "},
      {{"entries", "--entity", "A", "--format", "xlsx"},
       2,
       "interco: entries: --format: xlsx not in {table,csv}"},
      {{"entries", "--entity", "Z", "--format", "csv", "--with-header"}, 2, "interco: --entity: "},
      {{"structure", "--structure-version", "999"}, 2, "interco: --structure-version: "},
      {{"acquisitions", "list", "--structure-version", "999"}, 2, "interco: --structure-version: "},
      {{"groups", "delete", "nosuch"}, 2, "interco: "},
      {{"groups", "create", "default"}, 2, "interco: "},
      {{"--group", "nosuch", "head"}, 2, "interco: --group: there is no group \"nosuch\""},
      // A file the server refuses rows of is not a bad argument: the other rows posted.
      {{"post", dir + "/transactions.csv"}, 1, "interco: " + dir + "/transactions.csv:3: "},
  };
}

class CliExitCodesE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = ServerProcess::Start(
        {"--listen=127.0.0.1:0", "--data_dir=" + FreshTempDir("cli_exit_codes")});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    dir_ = FreshTempDir("cli_exit_codes_files");
    std::ofstream(dir_ + "/transactions.csv")
        << "transaction_id,date,seller,buyer,type,quantity,currency,input:cost\n"
           "INV-1,2024-06-10,A,B,GOODS,10,EUR,40\n"
           "INV-2,2024-06-10,A,NOPE,GOODS,10,EUR,40\n";
    ASSERT_EQ(Interco({"load", Runfile("examples/group.yaml")}).code, 0);
  }
  ServerProcess::Output Interco(std::vector<std::string> args) {
    args.insert(args.begin(), "--server=" + server_->address());
    return ServerProcess::RunProgram(Runfile("services/cli/interco"), args);
  }
  std::unique_ptr<ServerProcess> server_;
  std::string dir_;
};

std::string Line(const std::vector<std::string>& args) {
  std::string line = "interco";
  for (const std::string& arg : args) line += " " + arg;
  return line;
}

TEST_F(CliExitCodesE2eTest, EveryCommandWithBadArgumentsExitsAsReadmeSays) {
  for (const BadLine& bad : BadLines(dir_)) {
    const ServerProcess::Output output = Interco(bad.args);
    EXPECT_EQ(output.code, bad.code) << Line(bad.args) << "\n" << output.stderr_text;
    EXPECT_EQ(output.stderr_text.rfind(bad.message_start, 0), 0u)
        << Line(bad.args) << "\nexpected to start with: " << bad.message_start
        << "\nsaid: " << output.stderr_text;
    if (bad.code == 2) {
      EXPECT_EQ(output.stdout_text, "") << Line(bad.args) << ": nothing printed as a result";
    }
    std::istringstream lines(output.stderr_text);
    for (std::string line; std::getline(lines, line);) {
      EXPECT_EQ(line.rfind("interco: ", 0), 0u) << Line(bad.args) << "\n" << line;
    }
  }
}

TEST_F(CliExitCodesE2eTest, TheTableHasACaseForEveryCommand) {
  const ServerProcess::Output help = Interco({"--help"});
  ASSERT_EQ(help.code, 0);
  std::set<std::string> tried;
  for (const BadLine& bad : BadLines(dir_)) {
    const size_t first = bad.args[0] == "--group" ? 2 : 0;
    tried.insert(bad.args[first]);
  }
  const size_t start = help.stdout_text.find("Subcommands:\n");
  ASSERT_NE(start, std::string::npos) << help.stdout_text;
  std::istringstream lines(help.stdout_text.substr(start + 13));
  int commands = 0;
  for (std::string line; std::getline(lines, line) && line.rfind("  ", 0) == 0;) {
    const std::string command = line.substr(2, line.find(' ', 2) - 2);
    EXPECT_TRUE(tried.count(command)) << "no bad-argument case for " << command;
    ++commands;
  }
  EXPECT_GE(commands, 20);
}

}  // namespace
}  // namespace interco::testing
