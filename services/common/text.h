// The one rule for the free text a request may carry (names, memos, account names): valid
// UTF-8 without control characters. Plain C++.
//
// "Control characters" are the C0 controls (below U+0020), DEL (U+007F) and the C1 controls
// (U+0080 to U+009F, such as U+0085 NEXT LINE), and the invisible characters that reorder or
// break text where it is shown (U+061C, U+200E, U+200F, U+2028, U+2029, U+202A to U+202E,
// U+2066 to U+2069): an account name with U+202E RIGHT-TO-LEFT OVERRIDE reads as another
// account in a report, and a U+0085 breaks a CSV line in some readers.
#ifndef INTERCO_SERVICES_COMMON_TEXT_H_
#define INTERCO_SERVICES_COMMON_TEXT_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace interco {

// True when `text` is valid UTF-8 without a control character (above).
bool IsPrintableText(absl::string_view text);

// OK for printable text; INVALID_ARGUMENT naming `field` with `reason` otherwise.
absl::Status CheckPrintableText(absl::string_view field, absl::string_view text,
                                absl::string_view reason);

}  // namespace interco

#endif  // INTERCO_SERVICES_COMMON_TEXT_H_
