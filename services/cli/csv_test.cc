#include "services/cli/csv.h"

#include "gtest/gtest.h"

namespace interco::cli {
namespace {

std::vector<std::vector<std::string>> Fields(absl::string_view text) {
  auto records = ParseCsv(text);
  EXPECT_TRUE(records.ok()) << records.status();
  std::vector<std::vector<std::string>> out;
  for (const CsvRecord& r : records.value_or(std::vector<CsvRecord>{})) out.push_back(r.fields);
  return out;
}

TEST(CsvTest, PlainQuotedEscapedAndMultilineFields) {
  EXPECT_EQ(Fields("a,b,c\n1,2,3\n"),
            (std::vector<std::vector<std::string>>{{"a", "b", "c"}, {"1", "2", "3"}}));
  EXPECT_EQ(Fields("\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\nlast,,"),
            (std::vector<std::vector<std::string>>{{"x, y", "say \"hi\"", "two\nlines"},
                                                   {"last", "", ""}}));
  EXPECT_EQ(Fields("no final newline"),
            (std::vector<std::vector<std::string>>{{"no final newline"}}));
  EXPECT_TRUE(Fields("").empty());
}

TEST(CsvTest, RecordsKnowTheLineTheyStartOn) {
  auto records = ParseCsv("h\n\"a\nb\"\nc\n");
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 3u);
  EXPECT_EQ((*records)[1].line, 2);
  EXPECT_EQ((*records)[2].line, 4);
}

TEST(CsvTest, MalformedInputNamesTheLine) {
  EXPECT_EQ(ParseCsv("a\n\"open").status().message(), "line 2: a quoted field is not closed");
  EXPECT_EQ(ParseCsv("a\nb\"c").status().message(), "line 2: a quote inside an unquoted field");
  EXPECT_EQ(ParseCsv("\"a\"b").status().message(), "line 1: text after a closing quote");
}

}  // namespace
}  // namespace interco::cli
