// Validation of the caller-chosen request_id every mutation carries (AIP-155).
#ifndef INTERCO_SERVICES_COMMON_REQUEST_ID_H_
#define INTERCO_SERVICES_COMMON_REQUEST_ID_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace interco {

inline constexpr size_t kMaxRequestIdBytes = 128;

// 1 to 128 bytes of printable ASCII without spaces (UUIDs, ERP document keys, ...).
// INVALID_ARGUMENT naming the field "request_id" otherwise.
absl::Status ValidateRequestId(absl::string_view request_id);

// ALREADY_EXISTS naming "request_id": the id was used for other content, described by
// `used_for` ("a posting with different content").
absl::Status RequestIdReused(absl::string_view request_id, absl::string_view used_for);

}  // namespace interco

#endif  // INTERCO_SERVICES_COMMON_REQUEST_ID_H_
