// Reading a file a command-line flag names, with errors that name the flag and the path:
// the server's --tls_cert_file and --access_policy_file, the command-line tool's --tls-ca.
#ifndef INTERCO_SERVICES_COMMON_FLAG_FILE_H_
#define INTERCO_SERVICES_COMMON_FLAG_FILE_H_

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace interco {

// The content of `path`, which `flag` ("--tls_cert_file") named. FAILED_PRECONDITION
// "<flag>: cannot read <path>" when it cannot be opened or read; INVALID_ARGUMENT
// "<flag>: <path> is too large" beyond `max_bytes` (a limit on what a flag may load).
absl::StatusOr<std::string> ReadFlagFile(absl::string_view flag, const std::string& path,
                                         size_t max_bytes);

}  // namespace interco

#endif  // INTERCO_SERVICES_COMMON_FLAG_FILE_H_
