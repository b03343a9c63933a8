#include "services/cli/command_line.h"

#include <string>

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

}  // namespace
}  // namespace interco::cli
