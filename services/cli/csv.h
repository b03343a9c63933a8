// An RFC 4180 CSV reader: delimited fields, double-quoted fields with "" for a quote and
// embedded delimiters or line breaks, CRLF or LF line ends, an optional final line end.
// Files as spreadsheets save them are read too: a UTF-8 byte order mark is skipped, and the
// delimiter is the comma, semicolon (German and French Excel) or tab the header line uses.
#ifndef INTERCO_SERVICES_CLI_CSV_H_
#define INTERCO_SERVICES_CLI_CSV_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace interco::cli {

struct CsvRecord {
  int line = 0;  // The 1-based line the record starts on.
  std::vector<std::string> fields;
};

inline constexpr size_t kMaxCsvBytes = 256 << 20;
inline constexpr size_t kMaxCsvFieldBytes = 64 << 10;

// How a file writes its CSV, as DetectCsvFormat() finds it.
struct CsvFormat {
  bool byte_order_mark = false;  // The text starts with UTF-8's EF BB BF.
  char delimiter = ',';          // ',', ';' or '\t'.
};

// The format of `text`: its byte order mark, and of comma, semicolon and tab the one its
// first line holds most of outside quotes (the comma when it holds none).
CsvFormat DetectCsvFormat(absl::string_view text);

// `fields` as one line of CSV with `delimiter`, quoted where needed, ending in CRLF.
std::string CsvLine(const std::vector<std::string>& fields, char delimiter);

// The records of `text` in the format DetectCsvFormat() finds. INVALID_ARGUMENT naming the
// line for an unterminated quote, a quote inside an unquoted field, text after a closing
// quote, or an oversized input or field; and for UTF-16 text (Excel's "Unicode Text"),
// saying to save it as CSV UTF-8.
absl::StatusOr<std::vector<CsvRecord>> ParseCsv(absl::string_view text);

// INVALID_ARGUMENT naming the first of `required` that `header` (a file's first record)
// lacks, and what the header has instead: its columns, or that it is one column holding
// another separator. OK when it has them all.
absl::Status CheckHeader(const std::vector<std::string>& header,
                         const std::vector<const char*>& required);

// A CSV file with a header row: the rows after it, blank lines left out, read by column name.
struct CsvTable {
  std::map<std::string, size_t> columns;  // Header name -> its index.
  std::vector<CsvRecord> rows;
  // The field of `row` in column `name`; "" when the header has no such column or the row
  // is shorter.
  std::string Get(const CsvRecord& row, const std::string& name) const;
  // INVALID_ARGUMENT unless `row` has as many fields as the header.
  absl::Status CheckWidth(const CsvRecord& row) const;
};

// INVALID_ARGUMENT for a file that is not CSV, has no header row, or whose header lacks one
// of the `required` columns.
absl::StatusOr<CsvTable> ReadCsvTable(absl::string_view text,
                                      const std::vector<const char*>& required);

}  // namespace interco::cli

#endif  // INTERCO_SERVICES_CLI_CSV_H_
