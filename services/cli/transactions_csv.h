// Transactions from a CSV file, for `interco post`.
//
// The header row names the columns: transaction_id, date (YYYY-MM-DD), seller, buyer
// (entity ids, or dept:/emp:/ext: prefixed ids), type (GOODS, SERVICES, ...), quantity,
// currency, and optionally category, unit_price, and any number of input:NAME columns
// (input:cost, input:resale_price, ...); other columns are ignored. Each row becomes one
// PostTransactionRequest whose request_id comes from its transaction_id and content
// (business_key.h), so the same invoice posts once whatever file, name or order it comes in.
// Files as Excel saves them are read (csv.h: a byte order mark, semicolons or tabs); amounts
// (quantity, unit_price, input:NAME) may carry thousands separators and, with
// DecimalMark::kComma, decimal commas (decimal_text.h). They are made plain decimals before
// the request id is taken, so "1.000,50" and "1000.50" are the same invoice.
#ifndef INTERCO_SERVICES_CLI_TRANSACTIONS_CSV_H_
#define INTERCO_SERVICES_CLI_TRANSACTIONS_CSV_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "interco/v1/ledger.pb.h"
#include "services/cli/csv.h"
#include "services/cli/decimal_text.h"

namespace interco::cli {

struct CsvTransaction {
  int line = 0;
  v1::PostTransactionRequest request;
  std::vector<std::string> fields;  // The row as the file has it, for a rejects file.
};

struct CsvRowError {
  int line = 0;
  std::string message;
  std::vector<std::string> fields;  // The row as the file has it, where the reader keeps it.
};

struct TransactionsCsv {
  CsvFormat format;                 // How the file was written; a rejects file repeats it.
  std::vector<std::string> header;  // Its columns, in its order.
  std::vector<CsvTransaction> transactions;
  std::vector<CsvRowError> errors;  // Rows that could not be read; the others still post.
};

// INVALID_ARGUMENT for a file that is not CSV or lacks a required column (csv.h's
// CheckHeader() says what the header has instead). `mark` is the decimal mark of amounts.
absl::StatusOr<TransactionsCsv> ReadTransactionsCsv(absl::string_view text, DecimalMark mark);

// The columns, for help texts.
inline constexpr char kTransactionsCsvColumns[] =
    "transaction_id,date,seller,buyer,type,quantity,currency "
    "[,category][,unit_price][,input:NAME...]";

}  // namespace interco::cli

#endif  // INTERCO_SERVICES_CLI_TRANSACTIONS_CSV_H_
