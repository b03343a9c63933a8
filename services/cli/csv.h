// An RFC 4180 CSV reader: comma-separated fields, double-quoted fields with "" for a quote
// and embedded commas or line breaks, CRLF or LF line ends, an optional final line end.
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

// INVALID_ARGUMENT naming the line for an unterminated quote, a quote inside an unquoted
// field, text after a closing quote, or an oversized input or field.
absl::StatusOr<std::vector<CsvRecord>> ParseCsv(absl::string_view text);

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
