// An RFC 4180 CSV reader: comma-separated fields, double-quoted fields with "" for a quote
// and embedded commas or line breaks, CRLF or LF line ends, an optional final line end.
#ifndef INTERCO_SERVICES_CLI_CSV_H_
#define INTERCO_SERVICES_CLI_CSV_H_

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

}  // namespace interco::cli

#endif  // INTERCO_SERVICES_CLI_CSV_H_
