#include "services/cli/journal_csv.h"

#include "gtest/gtest.h"

namespace interco::cli {
namespace {

TEST(JournalCsvTest, RowsOfOneEntryIdFormOneEntry) {
  const char* kCsv =
      "entry_id,date,entity,account,side,amount,currency,counterparty,functional_amount,"
      "functional_currency,fx_rate,memo\n"
      "OB-A,2024-06-01,A,1000 cash,DEBIT,1000,EUR,,,,,opening\n"
      "OB-B,2024-06-01,B,1000 cash,DEBIT,100,EUR,,110,USD,,\n"
      "OB-A,2024-06-01,A,3000 share capital,CREDIT,1000,EUR,,,,,\n"
      "OB-B,2024-06-01,B,3000 share capital,CREDIT,100,EUR,,,,1.1,\n";
  auto file = ReadJournalCsv(kCsv, DecimalMark::kPoint);
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_TRUE(file->errors.empty());
  ASSERT_EQ(file->entries.size(), 2u);
  const CsvJournalEntry& a = file->entries[0];
  EXPECT_EQ(a.request.request_id().rfind("je:OB-A:", 0), 0u) << a.request.request_id();
  EXPECT_EQ(a.request.entry_id(), "OB-A");
  EXPECT_EQ(a.request.memo(), "opening");
  EXPECT_EQ(a.request.date().day(), 1);
  ASSERT_EQ(a.request.lines_size(), 2);
  EXPECT_EQ(a.lines, (std::vector<int>{2, 4}));
  EXPECT_EQ(a.request.lines(1).side(), v1::SIDE_CREDIT);
  EXPECT_EQ(a.request.lines(1).amount().units(), 1000);
  const CsvJournalEntry& b = file->entries[1];
  EXPECT_EQ(b.request.lines(0).functional_amount().units(), 110);
  EXPECT_EQ(b.request.lines(0).functional_amount().currency_code(), "USD");
  EXPECT_EQ(b.request.lines(1).fx_rate().value(), "1.1");
}

TEST(JournalCsvTest, AnEntryWithAnUnreadableRowIsNotSent) {
  const char* kCsv =
      "entry_id,date,entity,account,side,amount,currency\n"
      "E1,2024-06-01,A,1000 cash,DEBIT,10,EUR\n"
      "E1,2024-06-01,A,3000 share capital,CREDIT,ten,EUR\n"
      "E2,2024-06-01,A,1000 cash,LEFT,10,EUR\n"
      "E3,2024-06-01,A,1000 cash,DEBIT,10,EUR\n"
      "E3,2024-06-02,A,3000 share capital,CREDIT,10,EUR\n";
  auto file = ReadJournalCsv(kCsv, DecimalMark::kPoint);
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_TRUE(file->entries.empty());
  ASSERT_EQ(file->errors.size(), 3u);
  EXPECT_EQ(file->errors[0].line, 3);
  EXPECT_EQ(file->errors[0].message, "\"ten\" is not an amount");
  EXPECT_EQ(file->errors[1].message, "\"LEFT\" is not DEBIT or CREDIT");
  EXPECT_EQ(file->errors[2].line, 6);
}

TEST(JournalCsvTest, ServerErrorsPointAtTheLineTheyName) {
  CsvJournalEntry entry;
  entry.lines = {7, 9, 12};
  EXPECT_EQ(LineOfError(entry, "lines[2].account: is neither in the default chart"), 12);
  EXPECT_EQ(LineOfError(entry, "lines: the lines of A in EUR do not balance"), 7);
  EXPECT_EQ(LineOfError(entry, "lines[9].account: out of range"), 7);
  EXPECT_EQ(LineOfError(entry, "entry_id: reused"), 7);
}

TEST(JournalCsvTest, AMissingColumnIsRefused) {
  EXPECT_EQ(ReadJournalCsv("entry_id,date,entity\n", DecimalMark::kPoint).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(JournalCsvTest, TheRequestIdComesFromTheEntryNotFromWhereItSits) {
  const char* kHeader = "entry_id,date,entity,account,side,amount,currency\n";
  const std::string a = "E1,2024-06-01,A,1000 cash,DEBIT,10,EUR\n";
  const std::string b = "E1,2024-06-01,A,3000 share capital,CREDIT,10,EUR\n";
  const std::string other = "E0,2024-06-01,A,1000 cash,DEBIT,1,EUR\n";
  auto id = [&](const std::string& rows, size_t entry) {
    auto file = ReadJournalCsv(kHeader + rows, DecimalMark::kPoint);
    EXPECT_TRUE(file.ok() && file->entries.size() > entry);
    return file.ok() && file->entries.size() > entry ? file->entries[entry].request.request_id()
                                                     : std::string();
  };
  EXPECT_EQ(id(a + b, 0), id(other + a + other + b, 1)) << "other entries around it";
  EXPECT_NE(id(a + b, 0), id(b + a, 0)) << "the lines in another order are another request";
}

TEST(JournalCsvTest, FrenchExcelsFileIsTheSameEntry) {
  const std::string plain =
      "entry_id,date,entity,account,side,amount,currency\n"
      "OB-A,2024-06-01,A,1000 cash,DEBIT,1200.5,EUR\n"
      "OB-A,2024-06-01,A,3000 share capital,CREDIT,1200.5,EUR\n";
  // Semicolons, decimal commas, and a no-break space between thousands.
  const std::string french =
      "entry_id;date;entity;account;side;amount;currency\r\n"
      "OB-A;2024-06-01;A;1000 cash;DEBIT;1\xC2\xA0"
      "200,5;EUR\r\n"
      "OB-A;2024-06-01;A;3000 share capital;CREDIT;1200,5;EUR\r\n";
  auto file = ReadJournalCsv(french, DecimalMark::kComma);
  ASSERT_TRUE(file.ok()) << file.status();
  ASSERT_EQ(file->entries.size(), 1u) << (file->errors.empty() ? "" : file->errors[0].message);
  EXPECT_EQ(file->entries[0].request.lines(0).amount().units(), 1200);
  EXPECT_EQ(file->entries[0].request.lines(0).amount().nanos(), 500000000);
  EXPECT_EQ(file->entries[0].request.request_id(),
            ReadJournalCsv(plain, DecimalMark::kPoint)->entries[0].request.request_id());
}

TEST(JournalCsvTest, AMissingColumnSaysWhatTheHeaderHas) {
  EXPECT_EQ(ReadJournalCsv("Entry_ID;date\n", DecimalMark::kPoint).status().message(),
            "the header has no \"entry_id\" column: it has \"Entry_ID\" (column names are "
            "lower case, without spaces)");
}

}  // namespace
}  // namespace interco::cli
