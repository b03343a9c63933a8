// The encodings of the group catalog's records and requests (our own, versioned): in the
// catalog's RocksDB (group_catalog_store.h) and, in replicated mode, in the catalog every
// pod shares in etcd (etcd/shared_catalog.h). Never wire bytes.
#ifndef INTERCO_STORAGE_GROUP_CATALOG_CODEC_H_
#define INTERCO_STORAGE_GROUP_CATALOG_CODEC_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/tenancy/group_catalog.h"

namespace interco::storage {

std::string EncodeGroupRecord(const tenancy::GroupRecord& record);
// DATA_LOSS naming the group when `bytes` do not decode; `id` is the key's.
absl::StatusOr<tenancy::GroupRecord> DecodeGroupRecord(absl::string_view id,
                                                       absl::string_view bytes);
std::string EncodeGroupRequest(const tenancy::GroupRequest& request);
// DATA_LOSS naming the request id when `bytes` do not decode.
absl::StatusOr<tenancy::GroupRequest> DecodeGroupRequest(absl::string_view request_id,
                                                         absl::string_view bytes);

}  // namespace interco::storage

#endif  // INTERCO_STORAGE_GROUP_CATALOG_CODEC_H_
