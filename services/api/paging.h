// Page sizes of list RPCs (AIP-158): 0 means the default, larger than the maximum means the
// maximum, negative is INVALID_ARGUMENT naming "page_size".
#ifndef INTERCO_SERVICES_API_PAGING_H_
#define INTERCO_SERVICES_API_PAGING_H_

#include <cstdint>

#include "absl/status/statusor.h"

namespace interco::api {

inline constexpr int kDefaultPageSize = 100;
inline constexpr int kMaxPageSize = 1000;

absl::StatusOr<int> PageSize(int32_t requested);

}  // namespace interco::api

#endif  // INTERCO_SERVICES_API_PAGING_H_
