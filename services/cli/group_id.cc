#include "services/cli/group_id.h"

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace interco::cli {
namespace {

bool IsLabelCharacter(char c) {
  return absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '-';
}

absl::Status Prefixed(absl::string_view where, const absl::Status& status) {
  return absl::InvalidArgumentError(absl::StrCat(where, ": ", status.message()));
}

}  // namespace

absl::Status CheckGroupId(absl::string_view id) {
  bool valid =
      !id.empty() && id.size() <= kGroupIdLengthMax && id.front() != '-' && id.back() != '-';
  for (const char c : id) valid = valid && IsLabelCharacter(c);
  if (valid) return absl::OkStatus();
  // %s of a quoted, escaped id: a stray control character is shown, not obeyed.
  return absl::InvalidArgumentError(absl::StrFormat(
      "must be a DNS label: 1-%d of a-z, 0-9 and '-', not starting or ending with '-' "
      "(got \"%s\")",
      kGroupIdLengthMax, absl::CHexEscape(id)));
}

absl::StatusOr<std::string> ChooseGroup(const std::optional<std::string>& flag,
                                        const char* environment) {
  if (flag.has_value()) {
    if (absl::Status valid = CheckGroupId(*flag); !valid.ok()) return Prefixed("--group", valid);
    return *flag;
  }
  if (environment == nullptr || *environment == '\0') return std::string();
  if (absl::Status valid = CheckGroupId(environment); !valid.ok()) {
    return Prefixed(kGroupEnvironmentVariable, valid);
  }
  return std::string(environment);
}

}  // namespace interco::cli
