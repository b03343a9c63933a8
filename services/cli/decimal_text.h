// Numbers as spreadsheets write them, made the plain decimals the wire takes ("1000.5").
//
// German and French Excel write a decimal comma ("1.000,50", "1 000,50"); English Excel a
// decimal point with comma thousands ("1,000.50"). Which mark is the decimal one is the
// caller's to say (`interco post --decimal-comma`); the other is then the thousands
// separator, accepted only where it cannot be the decimal mark of a file read the wrong way.
#ifndef INTERCO_SERVICES_CLI_DECIMAL_TEXT_H_
#define INTERCO_SERVICES_CLI_DECIMAL_TEXT_H_

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace interco::cli {

enum class DecimalMark {
  kPoint,  // "1,000.50"; the default.
  kComma,  // "1.000,50" or "1 000,50", as the user said (--decimal-comma).
};

// `text` with its thousands separators (the other mark, a space or a no-break space between
// groups of three digits) removed and its decimal mark a point; text that is not a grouped
// or comma-decimal number comes back unchanged, for the server to judge. INVALID_ARGUMENT
// naming the cause for a misplaced separator, two decimal marks, a decimal comma without
// --decimal-comma, and "1,000" with the point as the default mark: it is 1000 only if the
// file's decimals are points, and a file of decimal commas read without --decimal-comma
// would book a thousand times the amount.
absl::StatusOr<std::string> PlainDecimal(absl::string_view text, DecimalMark mark);

// The cells of `fields` (a CSV row whose header is `columns`, name -> index) in the columns
// `is_amount` names made PlainDecimal() in place, so that what is posted and its request id
// do not depend on how the file writes numbers. INVALID_ARGUMENT "COLUMN: why" for the first
// cell that cannot be.
absl::Status MakeAmountsPlain(const std::map<std::string, size_t>& columns,
                              bool (*is_amount)(absl::string_view column), DecimalMark mark,
                              std::vector<std::string>& fields);

}  // namespace interco::cli

#endif  // INTERCO_SERVICES_CLI_DECIMAL_TEXT_H_
