// Request ids derived from what a row says, not from where it sits in which file.
//
// The server keeps one posting per business key (a seller's transaction_id, a journal
// entry_id) whatever the request_id; the request_id only makes one call exactly once. So the
// CLI names each request by its business key and a digest of its content: the same invoice
// sent again, from a renamed, re-sorted or different file, gets the same request_id and the
// server repeats its first reply; a corrected invoice under an old transaction_id gets
// another request_id, and the server refuses it (ALREADY_EXISTS naming
// transaction.transaction_id) rather than a confusing "request_id reused".
#ifndef INTERCO_SERVICES_CLI_BUSINESS_KEY_H_
#define INTERCO_SERVICES_CLI_BUSINESS_KEY_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace interco::cli {

// A row's content as (column, value) pairs. Empty values are left out, so a file with an
// empty optional column names its rows as one without the column does.
using ContentFields = std::vector<std::pair<std::string, std::string>>;

// "<kind>:<id>:<24 hex digits of SHA-256 over the sorted, length-prefixed fields>", at most
// 3 + 64 + 1 + 24 bytes for a valid id (longer ids are the server's to refuse); characters
// outside [A-Za-z0-9._:-] become '_'. The same fields in any order give the same id.
std::string BusinessRequestId(absl::string_view kind, absl::string_view id, ContentFields fields);

}  // namespace interco::cli

#endif  // INTERCO_SERVICES_CLI_BUSINESS_KEY_H_
