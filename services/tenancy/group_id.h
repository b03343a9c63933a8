// The group (tenant) id: what every call names in its metadata and what names the group's
// directory, key prefixes and metric labels. Plain C++.
#ifndef INTERCO_SERVICES_TENANCY_GROUP_ID_H_
#define INTERCO_SERVICES_TENANCY_GROUP_ID_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace interco::tenancy {

// The group a call without the header goes to; it always exists and cannot be deleted, so
// every client written before groups works unchanged.
inline constexpr char kDefaultGroupId[] = "default";
// The request metadata key naming a call's group.
inline constexpr char kGroupHeader[] = "x-interco-group";
inline constexpr size_t kGroupIdBytesMax = 63;
inline constexpr size_t kDisplayNameBytesMax = 200;

// A DNS label (RFC 1123): 1 to 63 of [a-z0-9-], not starting or ending with '-', so that
// an id can name a Kubernetes object or an etcd key prefix as it is. INVALID_ARGUMENT
// naming `field` (reason INVALID_GROUP_ID) otherwise.
absl::Status ValidateGroupId(absl::string_view id, absl::string_view field);

// NOT_FOUND naming `field` with reason GROUP_NOT_FOUND.
absl::Status GroupNotFound(absl::string_view id, absl::string_view field);

}  // namespace interco::tenancy

#endif  // INTERCO_SERVICES_TENANCY_GROUP_ID_H_
