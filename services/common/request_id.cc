#include "services/common/request_id.h"

#include "absl/strings/str_cat.h"
#include "services/common/field_error.h"

namespace interco {

absl::Status ValidateRequestId(absl::string_view request_id) {
  if (request_id.empty()) {
    return InvalidField("request_id", request_id, "MISSING_FIELD",
                        "is required on every mutation, so that retries are safe");
  }
  if (request_id.size() > kMaxRequestIdBytes) {
    return InvalidField("request_id", request_id, "TOO_LONG",
                        absl::StrCat("longer than ", kMaxRequestIdBytes, " bytes"));
  }
  for (unsigned char c : request_id) {
    if (c <= 0x20 || c >= 0x7f) {
      return InvalidField("request_id", request_id, "INVALID_REQUEST_ID",
                          "may contain only printable ASCII without spaces");
    }
  }
  return absl::OkStatus();
}

absl::Status RequestIdReused(absl::string_view request_id, absl::string_view used_for) {
  return FieldError(absl::StatusCode::kAlreadyExists, "request_id", request_id, "REQUEST_ID_REUSED",
                    absl::StrCat("was used for ", used_for));
}

}  // namespace interco
