// Manual journal entries from a CSV file, for `interco journal`.
//
// One row per line. The header names the columns: entry_id, date (YYYY-MM-DD), entity,
// account, side (DEBIT or CREDIT), amount, currency, and optionally counterparty,
// functional_amount (in the entity's functional currency, whose code goes in
// functional_currency), fx_rate and memo. Rows with one entry_id form one entry, in the
// order of the file; its date and memo are those of its first row (another date on a later
// row is an error). Each entry's request_id comes from its entry_id and its lines
// (business_key.h), so the same entry posts once whatever file, name or order it comes in.
#ifndef INTERCO_SERVICES_CLI_JOURNAL_CSV_H_
#define INTERCO_SERVICES_CLI_JOURNAL_CSV_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "interco/v1/ledger.pb.h"
#include "services/cli/decimal_text.h"
#include "services/cli/transactions_csv.h"

namespace interco::cli {

struct CsvJournalEntry {
  std::vector<int> lines;  // The file line of each of request.lines(), in order.
  v1::PostJournalEntryRequest request;
};

struct JournalCsv {
  std::vector<CsvJournalEntry> entries;
  // Rows that could not be read. An entry with such a row is not sent at all: without the
  // row it would not balance, or would book less than the file says.
  std::vector<CsvRowError> errors;
};

// INVALID_ARGUMENT for a file that is not CSV or lacks a required column. Files as Excel
// saves them are read (csv.h); amount, functional_amount and fx_rate are read with `mark`
// as their decimal mark (decimal_text.h), and made plain before the request id is taken.
absl::StatusOr<JournalCsv> ReadJournalCsv(absl::string_view text, DecimalMark mark);

// The columns, for help texts.
inline constexpr char kJournalCsvColumns[] =
    "entry_id,date,entity,account,side,amount,currency [,counterparty]"
    "[,functional_amount,functional_currency][,fx_rate][,memo]";

// The file line a server error about `entry` is about: that of lines[i] when the error
// message starts with the field path "lines[i]", else the entry's first line.
int LineOfError(const CsvJournalEntry& entry, absl::string_view message);

}  // namespace interco::cli

#endif  // INTERCO_SERVICES_CLI_JOURNAL_CSV_H_
