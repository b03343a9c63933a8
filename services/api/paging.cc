#include "services/api/paging.h"

#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "services/common/field_error.h"

namespace interco::api {
namespace {

// Bumped if the token's layout changes, so old tokens are refused rather than misread.
constexpr char kTokenVersion[] = "p1";

absl::Status BadToken(absl::string_view token) {
  return InvalidField("page_token", token, "INVALID_PAGE_TOKEN",
                      "not a token from a previous response of this list");
}

}  // namespace

absl::StatusOr<int> PageSize(int32_t requested) {
  if (requested < 0) {
    return InvalidField("page_size", absl::StrCat(requested), "INVALID_PAGE_SIZE",
                        "must not be negative");
  }
  if (requested == 0) return kDefaultPageSize;
  return std::min(requested, kMaxPageSize);
}

std::string PageToken(absl::string_view list, const std::vector<std::string>& last_key) {
  return absl::WebSafeBase64Escape(
      absl::StrCat(kTokenVersion, "\n", list, "\n", absl::StrJoin(last_key, "\n")));
}

absl::StatusOr<PageRequest> ParsePageRequest(absl::string_view list, int32_t page_size,
                                             absl::string_view page_token, size_t key_parts) {
  PageRequest page;
  absl::StatusOr<int> size = PageSize(page_size);
  if (!size.ok()) return size.status();
  page.size = *size;
  if (page_token.empty()) return page;
  std::string text;
  if (page_token.size() > kMaxPageTokenBytes || !absl::WebSafeBase64Unescape(page_token, &text)) {
    return BadToken(page_token);
  }
  std::vector<std::string> parts = absl::StrSplit(text, '\n');
  if (parts.size() != key_parts + 2 || parts[0] != kTokenVersion || parts[1] != list) {
    return BadToken(page_token);
  }
  page.after.assign(parts.begin() + 2, parts.end());
  return page;
}

}  // namespace interco::api
