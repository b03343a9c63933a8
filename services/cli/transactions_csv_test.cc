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
  auto file = ReadTransactionsCsv(kCsv);
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
  EXPECT_EQ(ReadTransactionsCsv("transaction_id,date\n").status().code(),
            absl::StatusCode::kInvalidArgument);
}

std::string IdOfOnlyRow(const std::string& csv) {
  auto file = ReadTransactionsCsv(csv);
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

}  // namespace
}  // namespace interco::cli
