#include "storage/etcd/shared_catalog.h"

#include <optional>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/field_error.h"
#include "services/common/request_id.h"
#include "services/common/status_macros.h"
#include "storage/group_catalog_codec.h"

namespace interco::storage {
namespace {

using tenancy::GroupRecord;
using tenancy::GroupRequest;

constexpr char kGroups[] = "/interco/catalog/groups/";
constexpr char kGroupsEnd[] = "/interco/catalog/groups0";  // '/' + 1.
constexpr char kRequests[] = "/interco/catalog/requests/";

std::string GroupKey(const std::string& id) { return absl::StrCat(kGroups, id); }
std::string RequestKey(const std::string& request_id) {
  return absl::StrCat(kRequests, request_id);
}

absl::Status GroupExists(const std::string& id) {
  return FieldError(absl::StatusCode::kAlreadyExists, "group_id", id, "GROUP_EXISTS",
                    absl::StrCat("group \"", id, "\" exists"));
}

}  // namespace

absl::StatusOr<GroupRecord> EtcdSharedCatalog::Publish(const GroupRecord& record,
                                                       const std::string& request_id) {
  const GroupRequest request{GroupRequest::Kind::kCreate, record.id, record.display_name, 0};
  absl::StatusOr<bool> created = etcd_->PutAllIfAbsent(
      {{GroupKey(record.id), EncodeGroupRecord(record)},
       {RequestKey(request_id), EncodeGroupRequest(request)}});
  if (created.ok() && *created) return record;
  // Not made now, or unknown: either way, what is there says what to answer.
  absl::StatusOr<GroupRecord> resolved = ResolvePublish(record, request_id);
  if (!created.ok() && !resolved.ok() &&
      resolved.status().code() != absl::StatusCode::kAlreadyExists) {
    return created.status();
  }
  return resolved;
}

absl::StatusOr<GroupRecord> EtcdSharedCatalog::ResolvePublish(const GroupRecord& record,
                                                              const std::string& request_id) const {
  ASSIGN_OR_RETURN(const std::optional<StoredValue> stored_request,
                   etcd_->Get(RequestKey(request_id)));
  if (stored_request.has_value()) {
    ASSIGN_OR_RETURN(const GroupRequest request,
                     DecodeGroupRequest(request_id, stored_request->value));
    if (request.kind != GroupRequest::Kind::kCreate || request.group_id != record.id ||
        request.content != record.display_name) {
      return RequestIdReused(request_id, "another group request");
    }
    // The same request, made earlier (here or at another pod): its record.
    ASSIGN_OR_RETURN(const std::optional<StoredValue> stored, etcd_->Get(GroupKey(record.id)));
    if (!stored.has_value()) {
      return absl::DataLossError(absl::StrCat("the shared catalog holds request \"", request_id,
                                              "\" of group \"", record.id,
                                              "\" but not the group's record"));
    }
    return DecodeGroupRecord(record.id, stored->value);
  }
  ASSIGN_OR_RETURN(const std::optional<StoredValue> stored, etcd_->Get(GroupKey(record.id)));
  if (stored.has_value()) return GroupExists(record.id);
  return absl::UnavailableError(absl::StrCat(
      "group \"", record.id, "\" was not made in the shared catalog and is not there; retry"));
}

absl::Status EtcdSharedCatalog::PublishExisting(const GroupRecord& record) {
  return etcd_->PutAllIfAbsent({{GroupKey(record.id), EncodeGroupRecord(record)}}).status();
}

absl::StatusOr<std::vector<GroupRecord>> EtcdSharedCatalog::LoadAll() const {
  ASSIGN_OR_RETURN(const auto stored, etcd_->Range(kGroups, kGroupsEnd, kMaxGroups));
  std::vector<GroupRecord> records;
  records.reserve(stored.size());
  for (const auto& [key, value] : stored) {
    ASSIGN_OR_RETURN(GroupRecord record,
                     DecodeGroupRecord(absl::string_view(key).substr(sizeof(kGroups) - 1), value));
    records.push_back(std::move(record));
  }
  return records;
}

}  // namespace interco::storage
