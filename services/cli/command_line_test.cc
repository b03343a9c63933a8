#include "services/cli/command_line.h"

#include <algorithm>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace interco::cli {
namespace {

// One parse of `line` (the words after "interco") with interco's definitions.
class CommandLineTest : public ::testing::Test {
 protected:
  void SetUp() override { DefineCommandLine(app_, args_, commands_); }
  void Parse(const std::string& line) { app_.parse(line, /*program_name_included=*/false); }

  CLI::App app_{"interco"};
  Args args_;
  Commands commands_{};
};

// Every command below `app` with the words that name it ("tb import").
void AddCommands(const CLI::App& app, const std::string& path,
                 std::vector<std::pair<std::string, const CLI::App*>>* commands) {
  for (const CLI::App* command : app.get_subcommands({})) {
    const std::string name = path.empty() ? command->get_name() : path + " " + command->get_name();
    commands->emplace_back(name, command);
    AddCommands(*command, name, commands);
  }
}

TEST_F(CommandLineTest, EveryCommandsHelpShowsItsOwnExamplesAndEndsWithTheExitCodes) {
  std::vector<std::pair<std::string, const CLI::App*>> commands;
  AddCommands(app_, "", &commands);
  ASSERT_GE(commands.size(), 25u);
  for (const auto& [path, command] : commands) {
    const std::string footer = command->get_footer();
    EXPECT_NE(footer.find("Examples:\n  interco " + path), std::string::npos)
        << path << "'s own examples:\n"
        << footer;
    EXPECT_EQ(footer.find("interco --group acme load"), std::string::npos)
        << path << " shows the tour's examples:\n"
        << footer;
    EXPECT_NE(footer.find("Exit codes: 0 done;"), std::string::npos) << path << ":\n" << footer;
    const std::string end = "neither: the group \"default\").";
    EXPECT_EQ(footer.substr(footer.size() - std::min(footer.size(), end.size())), end) << path;
  }
  for (const char* path : {"post", "journal", "tb import"}) {
    const auto it = std::find_if(commands.begin(), commands.end(),
                                 [&](const auto& command) { return command.first == path; });
    ASSERT_NE(it, commands.end()) << path;
    EXPECT_NE(it->second->get_footer().find("CSV columns: "), std::string::npos) << path;
  }
  EXPECT_NE(app_.get_footer().find("interco --group acme load examples/group.yaml"),
            std::string::npos)
      << "the top-level help keeps the tour";
}

TEST_F(CommandLineTest, GroupFlagBeforeAnyCommandNamesTheGroup) {
  Parse("--group acme head");
  EXPECT_TRUE(*commands_.head);
  EXPECT_EQ(GroupOf(args_, commands_, nullptr).value(), "acme");
}

TEST_F(CommandLineTest, WithoutTheFlagInterco_GroupNamesTheGroup) {
  Parse("head");
  EXPECT_EQ(GroupOf(args_, commands_, "acme").value(), "acme");
}

TEST_F(CommandLineTest, TheFlagWinsOverInterco_Group) {
  Parse("--group globex verify");
  EXPECT_EQ(GroupOf(args_, commands_, "acme").value(), "globex");
}

TEST_F(CommandLineTest, WithNeitherNoGroupIsNamed) {
  Parse("post june.csv");
  EXPECT_EQ(GroupOf(args_, commands_, nullptr).value(), "");
}

TEST_F(CommandLineTest, AMalformedGroupIsRefusedNamingWhereItCameFrom) {
  Parse("--group Acme head");
  const absl::StatusOr<std::string> flag = GroupOf(args_, commands_, "acme");
  EXPECT_EQ(flag.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(flag.status().message().rfind("--group: ", 0), 0u) << flag.status();
  EXPECT_NE(flag.status().message().find("\"Acme\""), absl::string_view::npos);

  const absl::StatusOr<std::string> both = GroupOf(args_, commands_, "-acme");
  EXPECT_EQ(both.status().message().rfind("--group: ", 0), 0u)
      << "the flag was given, so the environment is not read: " << both.status();
}

TEST_F(CommandLineTest, AMalformedInterco_GroupNamesTheVariable) {
  Parse("head");
  const absl::StatusOr<std::string> group = GroupOf(args_, commands_, "acme_corp");
  EXPECT_EQ(group.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(group.status().message().rfind("INTERCO_GROUP: ", 0), 0u) << group.status();
}

TEST_F(CommandLineTest, GroupsCreateTakesAnIdADisplayNameAndARequestId) {
  Parse("--group acme groups create globex --display-name \"Globex Corp\" --request-id r-1");
  EXPECT_TRUE(*commands_.groups_create);
  EXPECT_EQ(args_.group_create.group_id, "globex");
  EXPECT_EQ(args_.group_create.display_name, "Globex Corp");
  EXPECT_EQ(args_.group_create.request_id, "r-1");
  EXPECT_EQ(GroupOf(args_, commands_, nullptr).value(), "acme");
}

TEST_F(CommandLineTest, GroupsDeleteRefusesANonEmptyGroupUnlessForced) {
  Parse("groups delete globex");
  EXPECT_TRUE(*commands_.groups_delete);
  EXPECT_EQ(args_.group_delete.group_id, "globex");
  EXPECT_FALSE(args_.group_delete.force);
  EXPECT_EQ(args_.group_delete.request_id, "") << "a fresh one per run";
}

TEST_F(CommandLineTest, GroupsDeleteForce) {
  Parse("groups delete globex --force");
  EXPECT_TRUE(args_.group_delete.force);
}

TEST_F(CommandLineTest, GroupsListPrintsATableOrCsv) {
  Parse("groups list --format csv");
  EXPECT_TRUE(*commands_.groups_list);
  EXPECT_EQ(args_.format, "csv");
}

TEST(CommandLineErrorsTest, BadGroupsCommandLinesAreParseErrors) {
  const auto parse = [](const std::string& line) {
    CLI::App app{"interco"};
    Args args;
    Commands commands{};
    DefineCommandLine(app, args, commands);
    app.parse(line, /*program_name_included=*/false);
  };
  EXPECT_THROW(parse("groups"), CLI::ParseError) << "a subcommand is required";
  EXPECT_THROW(parse("groups create"), CLI::ParseError) << "the id is required";
  EXPECT_THROW(parse("groups list --format json"), CLI::ParseError);
  EXPECT_THROW(parse("head --group"), CLI::ParseError) << "--group needs a value";
  EXPECT_NO_THROW(parse("groups list --format table"));
}

// What interco prints for `line`, which must be refused.
std::string Refusal(const std::string& line) {
  CLI::App app{"interco"};
  Args args;
  Commands commands{};
  DefineCommandLine(app, args, commands);
  try {
    app.parse(line, /*program_name_included=*/false);
  } catch (const CLI::ParseError& error) {
    std::ostringstream out, err;
    EXPECT_NE(app.exit(error, out, err), 0) << line;
    return err.str();
  }
  ADD_FAILURE() << "not refused: " << line;
  return "";
}

TEST(CommandLineErrorsTest, AMistypedCommandIsNamedWithTheNearestOne) {
  EXPECT_EQ(Refusal("consolidat --parent P --period 2024-06"),
            "interco: unknown command \"consolidat\"; did you mean \"consolidate\"?; run "
            "\"interco --help\" for more\n");
  EXPECT_EQ(Refusal("tb improt x.csv"),
            "interco: unknown command \"improt\" of \"interco tb\"; did you mean \"tb import\"?; "
            "run \"interco tb --help\" for more\n");
  EXPECT_EQ(Refusal("--server localhost:1 revrese --sequence 1")
                .rfind("interco: unknown command \"revrese\"; did you mean \"reverse\"?", 0),
            0u);
  const std::string far = Refusal("frobnicate");
  EXPECT_EQ(far.rfind("interco: unknown command \"frobnicate\"; the commands are load, post,", 0),
            0u)
      << far;
}

TEST(CommandLineErrorsTest, AMistypedFlagIsNamedWithTheNearestOne) {
  EXPECT_EQ(Refusal("consolidate --parnet P --period 2024-06"),
            "interco: consolidate: unknown flag \"--parnet\"; did you mean \"--parent\"?; run "
            "\"interco consolidate --help\" for more\n");
  EXPECT_EQ(Refusal("post june.csv --reject=r.csv")
                .rfind("interco: post: unknown flag \"--reject\"; did you mean \"--rejects\"?", 0),
            0u);
  EXPECT_EQ(Refusal("head --server localhost:1"),
            "interco: --server goes before the command: interco --server ... head ...; run "
            "\"interco head --help\" for more\n");
}

TEST(CommandLineErrorsTest, EveryRefusalStartsWithInterco) {
  for (const char* line :
       {"", "consolidate --period 2024-06", "post", "groups", "rates --format xml",
        "reverse --sequence x --date 2024-06-30", "--server", "head extra"}) {
    const std::string said = Refusal(line);
    EXPECT_EQ(said.rfind("interco: ", 0), 0u) << line << ": " << said;
    EXPECT_EQ(std::count(said.begin(), said.end(), '\n'), 1) << line << ": " << said;
  }
  EXPECT_EQ(Refusal("consolidate --period 2024-06"),
            "interco: consolidate: --parent is required; run \"interco consolidate --help\" for "
            "more\n");
}

TEST(CommandLineErrorsTest, ANegativeSequenceOrVersionIsRefusedNotWrappedAround) {
  for (const char* line :
       {"consolidate --parent P --period 2024-06 --as-of -1",
        "report --parent P --period 2024-06 --out r.html --as-of -1",
        "structure --structure-version -2", "acquisitions list --structure-version -1",
        "mismatches --parent P --period 2024-06 --chart-version -1"}) {
    const std::string said = Refusal(line);
    EXPECT_EQ(said.rfind("interco: ", 0), 0u) << said;
    EXPECT_EQ(said.find("18446744073709551615"), std::string::npos) << said;
    EXPECT_NE(said.find(": must not be negative (got -"), std::string::npos) << said;
  }
}

TEST_F(CommandLineTest, EveryHelpPageEndsWithTheExitCodes) {
  for (const CLI::App* command :
       {&app_, commands_.post, commands_.journal, commands_.tb_import, commands_.tb_accounts,
        commands_.tb_mappings, commands_.acquisitions_load, commands_.report, commands_.close}) {
    const std::string help = command->help();
    EXPECT_NE(help.find("Exit codes: 0 done; 1 "), std::string::npos)
        << command->get_name() << ":\n"
        << help;
  }
  EXPECT_NE(commands_.post->help().find("CSV columns: transaction_id,"), std::string::npos);
}

TEST(CommandLineErrorsTest, ACommandWithoutItsSubcommandListsThem) {
  EXPECT_EQ(Refusal("groups"),
            "interco: groups: a command is needed: list, create, delete; run \"interco groups "
            "--help\" for more\n");
  EXPECT_EQ(Refusal("").rfind("interco: a command is needed: load, post, journal,", 0), 0u);
}

TEST(NearestNameTest, OnlyANearNameIsSuggested) {
  const std::vector<std::string> names = {"close", "consolidate", "reopen", "rates"};
  EXPECT_EQ(NearestName("consolidat", names), "consolidate");
  EXPECT_EQ(NearestName("clsoe", names), "close");
  EXPECT_EQ(NearestName("rate", names), "rates");
  EXPECT_EQ(NearestName("frobnicate", names), "");
}

}  // namespace
}  // namespace interco::cli
