#include "services/tenancy/group_id.h"

#include "absl/strings/str_cat.h"
#include "services/common/field_error.h"

namespace interco::tenancy {

absl::Status ValidateGroupId(absl::string_view id, absl::string_view field) {
  const auto bad = [&](absl::string_view why) {
    return InvalidField(field, id, "INVALID_GROUP_ID",
                        absl::StrCat("a group id is a DNS label: 1 to 63 of a-z, 0-9 and '-', "
                                     "not starting or ending with '-'; ",
                                     why));
  };
  if (id.empty()) return bad("it is empty");
  if (id.size() > kGroupIdBytesMax) return bad(absl::StrCat("it has ", id.size(), " characters"));
  for (const char c : id) {
    const bool allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!allowed) return bad("it has a character outside a-z, 0-9 and '-'");
  }
  if (id.front() == '-' || id.back() == '-') return bad("it starts or ends with '-'");
  return absl::OkStatus();
}

absl::Status GroupNotFound(absl::string_view id, absl::string_view field) {
  return FieldError(absl::StatusCode::kNotFound, field, id, "GROUP_NOT_FOUND",
                    absl::StrCat("there is no group \"", id,
                                 "\" (AdminService.ListGroups lists them; CreateGroup makes one)"));
}

}  // namespace interco::tenancy
