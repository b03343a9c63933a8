#include "services/cli/transactions_csv.h"

#include "gtest/gtest.h"

namespace interco::cli {
namespace {

TEST(TransactionsCsvTest, RowsBecomeRequests) {
  const char* kCsv =
      "transaction_id,date,seller,buyer,type,category,quantity,currency,unit_price,input:cost\n"
      "INV-1,2024-06-28,A,B,GOODS,,250,EUR,,40.125\n"
      "INV-2,2024-06-28,dept:A-IT,dept:A-SALES,COST_ALLOCATION,,10,EUR,,\n"
      "INV-3,2024-06-31,A,B,GOODS,,1,EUR,,1\n"
      "INV-4,2024-06-28,B,ext:customer-9,GOODS,,2,USD,19.99,\n";
  auto file = ReadTransactionsCsv(kCsv, DecimalMark::kPoint);
  ASSERT_TRUE(file.ok()) << file.status();
  ASSERT_EQ(file->transactions.size(), 3u);
  const v1::PostTransactionRequest& first = file->transactions[0].request;
  EXPECT_EQ(first.request_id().rfind("tx:INV-1:", 0), 0u) << first.request_id();
  EXPECT_EQ(first.request_id().size(), 9u + 24u);
  EXPECT_EQ(first.transaction().inputs().at("cost").units(), 40);
  EXPECT_EQ(first.transaction().inputs().at("cost").nanos(), 125000000);
  EXPECT_EQ(file->transactions[1].request.transaction().seller().department_id(), "A-IT");
  EXPECT_EQ(file->transactions[2].line, 5);
  EXPECT_EQ(file->transactions[2].request.transaction().buyer().external_id(), "customer-9");
  EXPECT_EQ(file->transactions[2].request.transaction().unit_price().nanos(), 990000000);
  ASSERT_EQ(file->errors.size(), 1u);
  EXPECT_EQ(file->errors[0].line, 4);
  EXPECT_EQ(file->errors[0].message, "\"2024-06-31\" is not a date (YYYY-MM-DD)");
}

TEST(TransactionsCsvTest, AMissingColumnIsRefused) {
  EXPECT_EQ(ReadTransactionsCsv("transaction_id,date\n", DecimalMark::kPoint).status().code(),
            absl::StatusCode::kInvalidArgument);
}

std::string IdOfOnlyRow(const std::string& csv) {
  auto file = ReadTransactionsCsv(csv, DecimalMark::kPoint);
  EXPECT_TRUE(file.ok()) << file.status();
  EXPECT_EQ(file->transactions.size(), 1u) << csv;
  return file->transactions.empty() ? "" : file->transactions[0].request.request_id();
}

TEST(TransactionsCsvTest, TheRequestIdComesFromTheInvoiceNotFromWhereItSits) {
  const std::string id = IdOfOnlyRow(
      "transaction_id,date,seller,buyer,type,quantity,currency\n"
      "INV-1,2024-06-28,A,B,GOODS,250,EUR\n");
  // Another line, other column order, an empty optional column, a column the server never
  // sees: the same invoice, the same request.
  EXPECT_EQ(IdOfOnlyRow("currency,quantity,type,buyer,seller,date,transaction_id,category,note\n"
                        "\n\nEUR,250,GOODS,B,A,2024-06-28,INV-1,,re-sorted\n"),
            id);
  // Other content under the same transaction_id is another request; the server refuses it
  // by the business key.
  EXPECT_NE(IdOfOnlyRow("transaction_id,date,seller,buyer,type,quantity,currency\n"
                        "INV-1,2024-06-28,A,B,GOODS,251,EUR\n"),
            id);
  EXPECT_NE(IdOfOnlyRow("transaction_id,date,seller,buyer,type,quantity,currency\n"
                        "INV-1,2024-06-28,C,B,GOODS,250,EUR\n"),
            id)
      << "another seller's INV-1 is another invoice";
}

constexpr char kPlainCsv[] =
    "transaction_id,date,seller,buyer,type,quantity,currency,unit_price,input:cost\n"
    "INV-1,2024-06-28,A,B,GOODS,1000.5,EUR,1200,40.125\n";

TEST(TransactionsCsvTest, ExcelsGermanCsvIsTheSameInvoice) {
  // CSV UTF-8 from German Excel: a byte order mark, semicolons, decimal commas, and
  // thousands points where the cell was formatted so.
  const std::string german =
      "\xEF\xBB\xBFtransaction_id;date;seller;buyer;type;quantity;currency;unit_price;"
      "input:cost\r\nINV-1;2024-06-28;A;B;GOODS;1.000,5;EUR;1.200;40,125\r\n";
  auto file = ReadTransactionsCsv(german, DecimalMark::kComma);
  ASSERT_TRUE(file.ok()) << file.status();
  ASSERT_EQ(file->transactions.size(), 1u) << (file->errors.empty() ? "" : file->errors[0].message);
  const v1::Transaction& t = file->transactions[0].request.transaction();
  EXPECT_EQ(t.quantity().value(), "1000.5");
  EXPECT_EQ(t.unit_price().units(), 1200);
  EXPECT_EQ(t.inputs().at("cost").nanos(), 125000000);
  EXPECT_EQ(file->transactions[0].fields[5], "1.000,5") << "kept as written, for a rejects file";
  EXPECT_EQ(file->format.delimiter, ';');
  EXPECT_TRUE(file->format.byte_order_mark);
  EXPECT_EQ(file->transactions[0].request.request_id(), IdOfOnlyRow(kPlainCsv))
      << "the same invoice, whichever Excel wrote it";
}

TEST(TransactionsCsvTest, EnglishExcelsQuotedThousandsAndTabs) {
  auto quoted = ReadTransactionsCsv(
      "transaction_id,date,seller,buyer,type,quantity,currency,unit_price,input:cost\n"
      "INV-1,2024-06-28,A,B,GOODS,\"1,000.5\",EUR,\"1,200\",40.125\n",
      DecimalMark::kPoint);
  ASSERT_TRUE(quoted.ok()) << quoted.status();
  ASSERT_EQ(quoted->errors.size(), 1u) << "a lone thousands comma is ambiguous";
  EXPECT_EQ(quoted->errors[0].message.rfind("unit_price: \"1,200\" is ambiguous: ", 0), 0u)
      << quoted->errors[0].message;
  EXPECT_EQ(quoted->errors[0].fields[7], "1,200");
  auto tabs = ReadTransactionsCsv(
      "transaction_id\tdate\tseller\tbuyer\ttype\tquantity\tcurrency\tunit_price\tinput:cost\n"
      "INV-1\t2024-06-28\tA\tB\tGOODS\t1,000.5\tEUR\t1,200.00\t40.125\n",
      DecimalMark::kPoint);
  ASSERT_TRUE(tabs.ok()) << tabs.status();
  ASSERT_EQ(tabs->transactions.size(), 1u);
  EXPECT_EQ(tabs->transactions[0].request.transaction().quantity().value(), "1000.5");
}

TEST(TransactionsCsvTest, ADecimalCommaWithoutTheFlagNamesTheFlag) {
  auto file = ReadTransactionsCsv(
      "transaction_id;date;seller;buyer;type;quantity;currency\n"
      "INV-1;2024-06-28;A;B;GOODS;2,5;EUR\n",
      DecimalMark::kPoint);
  ASSERT_TRUE(file.ok()) << file.status();
  ASSERT_EQ(file->errors.size(), 1u);
  EXPECT_NE(file->errors[0].message.find("quantity: \"2,5\" is not an amount"), std::string::npos);
  EXPECT_NE(file->errors[0].message.find("--decimal-comma"), std::string::npos);
}

TEST(TransactionsCsvTest, ARefusedHeaderSaysWhatItHas) {
  EXPECT_EQ(ReadTransactionsCsv("Transaction_ID;date\n", DecimalMark::kPoint).status().message(),
            "the header has no \"transaction_id\" column: it has \"Transaction_ID\" (column names "
            "are lower case, without spaces)");
  EXPECT_EQ(ReadTransactionsCsv("\xEF\xBB\xBFtransaction_id;date\n", DecimalMark::kPoint)
                .status()
                .message(),
            "the header has no \"seller\" column; its columns are transaction_id, date")
      << "the byte order mark and the semicolons are not what is wrong";
}

}  // namespace
}  // namespace interco::cli
