#include "services/api/paging.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/common/field_error.h"

namespace interco::api {

absl::StatusOr<int> PageSize(int32_t requested) {
  if (requested < 0) {
    return InvalidField("page_size", absl::StrCat(requested), "INVALID_PAGE_SIZE",
                        "must not be negative");
  }
  if (requested == 0) return kDefaultPageSize;
  return std::min(requested, kMaxPageSize);
}

}  // namespace interco::api
