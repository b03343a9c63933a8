// How README.md's tours are read: markers, commands, their output, and "..." gaps.
#include "tests/readme_tour.h"

#include "absl/status/status.h"
#include "gtest/gtest.h"

namespace interco::testing {
namespace {

TEST(ParseReadmeTourTest, MarkedBlocksBecomeSessionsInOrderOfFirstAppearance) {
  const char* markdown =
      "text\n"
      "<!-- readme-test: b -->\n"
      "```\n"
      "$ echo one \\\n"
      "    two\n"
      "one two\n"
      "$ true\n"
      "```\n"
      "<!-- readme-test: a -->\n"
      "\n"
      "```\n"
      "$ echo a\n"
      "a\n"
      "```\n"
      "<!-- readme-test: b -->\n"
      "```\n"
      "$ echo again\n"
      "```\n";
  absl::StatusOr<std::vector<TourSession>> sessions = ParseReadmeTour(markdown);
  ASSERT_TRUE(sessions.ok()) << sessions.status();
  ASSERT_EQ(sessions->size(), 2u);
  EXPECT_EQ((*sessions)[0].name, "b");
  ASSERT_EQ((*sessions)[0].commands.size(), 3u);
  EXPECT_EQ((*sessions)[0].commands[0].command, "echo one \\\n    two");
  EXPECT_EQ((*sessions)[0].commands[0].line, 4);
  EXPECT_EQ((*sessions)[0].commands[0].expected, std::vector<std::string>{"one two"});
  EXPECT_TRUE((*sessions)[0].commands[1].expected.empty());
  EXPECT_EQ((*sessions)[0].commands[2].command, "echo again");
  EXPECT_EQ((*sessions)[1].name, "a");
}

TEST(ParseReadmeTourTest, UntestedBlocksAndBlocksWithoutCommandsAreSkipped) {
  absl::StatusOr<std::vector<TourSession>> sessions = ParseReadmeTour(
      "<!-- readme-test: untested it starts the server -->\n```\n$ run\n```\n"
      "```json\n{}\n```\n");
  ASSERT_TRUE(sessions.ok()) << sessions.status();
  EXPECT_TRUE(sessions->empty());
}

TEST(ParseReadmeTourTest, ABlockWithCommandsAndNoMarkerIsRefusedNamingItsLine) {
  absl::StatusOr<std::vector<TourSession>> sessions =
      ParseReadmeTour("# title\n\n```\n$ interco verify\n```\n");
  EXPECT_EQ(sessions.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(sessions.status().message().find("README.md:3:"), std::string::npos)
      << sessions.status();
}

TEST(ParseReadmeTourTest, AMarkerWithoutABlockAndAnUnclosedBlockAreRefused) {
  EXPECT_EQ(ParseReadmeTour("<!-- readme-test: a -->\ntext\n").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseReadmeTour("```\n$ true\n").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(OutputMatchesTest, EveryLineMustMatchExactlyWithoutGaps) {
  EXPECT_TRUE(OutputMatches({"a", "b"}, "a\nb\n"));
  EXPECT_TRUE(OutputMatches({"a", "b"}, "a  \nb"));
  EXPECT_FALSE(OutputMatches({"a", "b"}, "a\nx\nb\n"));
  EXPECT_FALSE(OutputMatches({"a"}, "a\nb\n"));
  EXPECT_FALSE(OutputMatches({"a", "b"}, "a\n"));
}

TEST(OutputMatchesTest, AnEllipsisLineStandsForAnyRunOfLines) {
  EXPECT_TRUE(OutputMatches({"a", "...", "z"}, "a\nz\n"));
  EXPECT_TRUE(OutputMatches({"a", "  ...", "z"}, "a\nb\nc\nz\n"));
  EXPECT_TRUE(OutputMatches({"...", "c"}, "a\nb\nc\n"));
  EXPECT_TRUE(OutputMatches({"a", "..."}, "a\nb\n"));
  EXPECT_FALSE(OutputMatches({"a", "...", "z"}, "a\nb\n"));
  EXPECT_FALSE(OutputMatches({"a", "...", "y", "z"}, "a\nz\ny\n"));
}

}  // namespace
}  // namespace interco::testing
