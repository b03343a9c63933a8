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

TEST(CsvTest, ExcelsByteOrderMarkIsSkipped) {
  EXPECT_EQ(
      Fields("\xEF\xBB\xBFtransaction_id,date\r\nINV-1,2024-06-28\r\n"),
      (std::vector<std::vector<std::string>>{{"transaction_id", "date"}, {"INV-1", "2024-06-28"}}));
  EXPECT_TRUE(DetectCsvFormat("\xEF\xBB\xBF"
                              "a,b\n")
                  .byte_order_mark);
  EXPECT_FALSE(DetectCsvFormat("a,b\n").byte_order_mark);
}

TEST(CsvTest, TheHeaderLineSaysTheDelimiter) {
  // German and French Excel separate with semicolons, so that a decimal comma can stand
  // unquoted; "Text (Tab delimited)" with tabs.
  EXPECT_EQ(Fields("transaction_id;quantity;note\nINV-1;40,125;\"a;b\"\n"),
            (std::vector<std::vector<std::string>>{{"transaction_id", "quantity", "note"},
                                                   {"INV-1", "40,125", "a;b"}}));
  EXPECT_EQ(Fields("a\tb\n1,5\t2\n"),
            (std::vector<std::vector<std::string>>{{"a", "b"}, {"1,5", "2"}}));
  EXPECT_EQ(DetectCsvFormat("\"a;b\",c\n1;2;3;4\n").delimiter, ',')
      << "quoted and later lines do not count";
  EXPECT_EQ(DetectCsvFormat("single\n").delimiter, ',');
  EXPECT_EQ(ParseCsv("a;b\n\"x\";y\n").value()[1].fields, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(ParseCsv("a;b\n\"x\",y\n").status().message(), "line 2: text after a closing quote");
}

TEST(CsvTest, Utf16IsRefusedSayingHowToSaveTheFile) {
  EXPECT_EQ(ParseCsv("\xFF\xFEt\0x\0").status().message(),
            "line 1: the file is UTF-16 (Excel's \"Unicode Text\"); save it as \"CSV UTF-8\"");
}

TEST(CsvTest, AMissingColumnIsNamedWithWhatTheHeaderHasInstead) {
  EXPECT_TRUE(CheckHeader({"transaction_id", "date"}, {"date"}).ok());
  EXPECT_EQ(CheckHeader({"Transaction_ID", "date"}, {"transaction_id"}).message(),
            "the header has no \"transaction_id\" column: it has \"Transaction_ID\" (column "
            "names are lower case, without spaces)");
  EXPECT_EQ(CheckHeader({"transaction_id|date|seller"}, {"transaction_id"}).message(),
            "the header has no \"transaction_id\" column: its one column is "
            "\"transaction_id|date|seller\"; columns are separated by commas, semicolons or "
            "tabs");
  EXPECT_EQ(CheckHeader({"invoice", "date"}, {"transaction_id"}).message(),
            "the header has no \"transaction_id\" column; its columns are invoice, date");
}

TEST(CsvTest, ALineIsQuotedWhereItsDelimiterOrAQuoteAppears) {
  EXPECT_EQ(CsvLine({"a", "1,5", "say \"hi\"", ""}, ','), "a,\"1,5\",\"say \"\"hi\"\"\",\r\n");
  EXPECT_EQ(CsvLine({"a", "1,5", "x;y"}, ';'), "a;1,5;\"x;y\"\r\n");
  const std::vector<std::string> fields = {"two\nlines", "1,5", "\"q\""};
  EXPECT_EQ(ParseCsv(CsvLine({"h1", "h2", "h3"}, ';') + CsvLine(fields, ';')).value()[1].fields,
            fields)
      << "a written line reads back";
}

}  // namespace
}  // namespace interco::cli
