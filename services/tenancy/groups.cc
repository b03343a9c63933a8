#include "services/tenancy/groups.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/field_error.h"
#include "services/common/request_id.h"
#include "services/common/status_macros.h"
#include "services/common/text.h"
#include "services/tenancy/group_id.h"

namespace interco::tenancy {
namespace {

absl::Status ValidateDisplayName(const std::string& name) {
  if (name.size() > kDisplayNameBytesMax) {
    return InvalidField("display_name", name, "TOO_LONG",
                        absl::StrCat("at most ", kDisplayNameBytesMax, " bytes"));
  }
  return CheckPrintableText("display_name", name, "CONTROL_CHARACTER");
}

absl::Status DefaultGroupKept() {
  return FieldError(absl::StatusCode::kFailedPrecondition, "group_id", kDefaultGroupId,
                    "DEFAULT_GROUP",
                    "the group \"default\" serves every call that names no group; it cannot "
                    "be deleted");
}

}  // namespace

absl::StatusOr<std::unique_ptr<Groups>> Groups::Open(GroupCatalog* catalog, GroupFiles* files,
                                                     OpenGroups* pool, GroupsOptions options) {
  std::unique_ptr<Groups> groups(new Groups(catalog, files, pool, std::move(options)));
  RETURN_IF_ERROR(groups->Load());
  return groups;
}

absl::Status Groups::Load() {
  absl::MutexLock admin(&admin_mu_);
  ASSIGN_OR_RETURN(std::vector<GroupRecord> records, catalog_->LoadAll());
  for (GroupRecord& record : records) {
    if (record.state == GroupRecord::State::kDeleting) {
      // The deleting request's answer was never sent: a retry finds the group gone.
      RETURN_IF_ERROR(FinishDeletion(record, "", GroupRequest{}));
      continue;
    }
    absl::MutexLock lock(&mu_);
    records_.emplace(record.id, std::move(record));
  }
  // Data no record names: a CreateGroup that crashed before its record was written (never
  // acknowledged; a retry adopts it). Kept, and reported.
  ASSIGN_OR_RETURN(std::vector<std::string> with_files, files_->List());
  for (const std::string& id : with_files) {
    absl::MutexLock lock(&mu_);
    if (!records_.contains(id) && id != kDefaultGroupId) unlisted_.push_back(id);
  }
  bool has_default;
  {
    absl::MutexLock lock(&mu_);
    has_default = records_.contains(kDefaultGroupId);
  }
  if (!has_default) {
    RETURN_IF_ERROR(files_->Create(kDefaultGroupId));
    GroupRecord record;
    record.id = kDefaultGroupId;
    record.create_time = options_.now();
    RETURN_IF_ERROR(catalog_->Put(record, "", GroupRequest{}));
    absl::MutexLock lock(&mu_);
    records_.emplace(record.id, std::move(record));
  }
  return absl::OkStatus();
}

absl::StatusOr<GroupRecord> Groups::AnswerCreateRetry(const GroupRequest& request,
                                                      const std::string& request_id,
                                                      const std::string& id,
                                                      const std::string& display_name) const {
  if (request.kind != GroupRequest::Kind::kCreate || request.group_id != id ||
      request.content != display_name) {
    return RequestIdReused(request_id, "another group request");
  }
  absl::MutexLock lock(&mu_);
  const auto found = records_.find(id);
  if (found == records_.end()) return GroupNotFound(id, "group_id");  // Deleted since.
  return found->second;
}

absl::StatusOr<GroupRecord> Groups::Create(const std::string& request_id, const std::string& id,
                                           const std::string& display_name) {
  RETURN_IF_ERROR(ValidateRequestId(request_id));
  RETURN_IF_ERROR(ValidateGroupId(id, "group_id"));
  RETURN_IF_ERROR(ValidateDisplayName(display_name));
  absl::MutexLock admin(&admin_mu_);
  ASSIGN_OR_RETURN(std::optional<GroupRequest> earlier, catalog_->FindRequest(request_id));
  if (earlier.has_value()) return AnswerCreateRetry(*earlier, request_id, id, display_name);
  {
    absl::MutexLock lock(&mu_);
    // In replicated mode a group adopted here may be a retry's, asked first at another pod:
    // the shared catalog answers that.
    if (records_.contains(id) && options_.shared == nullptr) {
      return FieldError(absl::StatusCode::kAlreadyExists, "group_id", id, "GROUP_EXISTS",
                        absl::StrCat("group \"", id, "\" exists"));
    }
    if (!records_.contains(id) && records_.size() >= options_.groups_max) {
      return FieldError(absl::StatusCode::kResourceExhausted, "group_id", id, "GROUPS_MAX",
                        absl::StrCat("the deployment holds ", records_.size(),
                                     " groups, its limit (--groups_max)"));
    }
  }
  GroupRecord record;
  record.id = id;
  record.display_name = display_name;
  record.create_time = absl::FromUnixSeconds(absl::ToUnixSeconds(options_.now()));
  record.create_request_id = request_id;
  if (options_.shared != nullptr) {
    ASSIGN_OR_RETURN(record, options_.shared->Publish(record, request_id));
  }
  RETURN_IF_ERROR(AddLocked(record, request_id));
  return record;
}

absl::Status Groups::Adopt(const GroupRecord& record) {
  absl::MutexLock admin(&admin_mu_);
  return AddLocked(record, "");
}

absl::Status Groups::AddLocked(const GroupRecord& record, const std::string& request_id) {
  bool known = false;
  {
    absl::MutexLock lock(&mu_);
    known = records_.contains(record.id);
  }
  // Adopted already (the shared catalog's record is the same at every pod, and its files
  // are in use): only a retry's request id is recorded, for the next retry here.
  if (known && request_id.empty()) return absl::OkStatus();
  // The files first: a crash before the record leaves an unacknowledged empty directory,
  // which the retry adopts.
  if (!known) RETURN_IF_ERROR(files_->Create(record.id));
  RETURN_IF_ERROR(catalog_->Put(
      record, request_id,
      GroupRequest{GroupRequest::Kind::kCreate, record.id, record.display_name, 0}));
  absl::MutexLock lock(&mu_);
  records_.insert_or_assign(record.id, record);
  return absl::OkStatus();
}

absl::StatusOr<GroupRecord> Groups::Get(const std::string& id) const {
  absl::MutexLock lock(&mu_);
  const auto found = records_.find(id);
  if (found == records_.end()) return GroupNotFound(id, "group_id");
  return found->second;
}

std::vector<GroupRecord> Groups::List(const std::string& after_id, size_t limit) const {
  std::vector<GroupRecord> page;
  absl::MutexLock lock(&mu_);
  for (auto it = records_.upper_bound(after_id); it != records_.end() && page.size() < limit;
       ++it) {
    page.push_back(it->second);
  }
  return page;
}

absl::Status Groups::CheckDeletable(const GroupRecord& record, uint64_t sequence,
                                    bool force) const {
  if (sequence == 0) return absl::OkStatus();
  if (!force) {
    return FieldError(absl::StatusCode::kFailedPrecondition, "force", "false", "GROUP_NOT_EMPTY",
                      absl::StrCat("group \"", record.id, "\" has ", sequence,
                                   " ledger entries; take a checkpoint, then delete with force"));
  }
  if (!record.checkpoint_sequence.has_value() || *record.checkpoint_sequence < sequence) {
    return FieldError(
        absl::StatusCode::kFailedPrecondition, "force", "true", "CHECKPOINT_REQUIRED",
        absl::StrCat("group \"", record.id, "\" has entries up to sequence ", sequence,
                     " and no checkpoint holds them (AdminService.CreateCheckpoint with the "
                     "group's header first; docs/OPERATIONS.md \"Deleting a group\")"));
  }
  return absl::OkStatus();
}

absl::StatusOr<DeletedGroup> Groups::Delete(const std::string& request_id, const std::string& id,
                                            bool force) {
  RETURN_IF_ERROR(ValidateRequestId(request_id));
  RETURN_IF_ERROR(ValidateGroupId(id, "group_id"));
  RETURN_IF_ERROR(options_.deletes_refused);
  absl::MutexLock admin(&admin_mu_);
  ASSIGN_OR_RETURN(std::optional<GroupRequest> earlier, catalog_->FindRequest(request_id));
  const std::string content = force ? "force" : "";
  if (earlier.has_value()) {
    if (earlier->kind != GroupRequest::Kind::kDelete || earlier->group_id != id ||
        earlier->content != content) {
      return RequestIdReused(request_id, "another group request");
    }
    return DeletedGroup{id, earlier->ledger_sequence};
  }
  if (id == kDefaultGroupId) return DefaultGroupKept();
  ASSIGN_OR_RETURN(const GroupRecord existing, Get(id));
  if (existing.state == GroupRecord::State::kDeleting) {
    // An earlier deletion stopped half-way (its files could not all be removed): finish it.
    RETURN_IF_ERROR(pool_->Drop(id));
    RETURN_IF_ERROR(FinishDeletion(existing, request_id,
                                   GroupRequest{GroupRequest::Kind::kDelete, id, content, 0}));
    return DeletedGroup{id, 0};
  }
  // No call may use the group from here: what is checked is what is deleted. Read the
  // record after the calls ended, since a checkpoint among them may have updated it.
  ASSIGN_OR_RETURN(Tenant * tenant, pool_->Bar(id, options_.delete_wait_max));
  const uint64_t sequence = tenant->ledger_sequence();
  absl::StatusOr<GroupRecord> found = Get(id);
  absl::Status deletable = found.ok() ? CheckDeletable(*found, sequence, force) : found.status();
  if (!deletable.ok()) {
    pool_->Unbar(id);
    return deletable;
  }
  GroupRecord record = *std::move(found);
  record.state = GroupRecord::State::kDeleting;
  if (absl::Status marked = catalog_->Put(record, "", GroupRequest{}); !marked.ok()) {
    pool_->Unbar(id);
    return marked;
  }
  {
    absl::MutexLock lock(&mu_);
    records_[id].state = GroupRecord::State::kDeleting;
  }
  RETURN_IF_ERROR(pool_->Drop(id));
  RETURN_IF_ERROR(FinishDeletion(record, request_id,
                                 GroupRequest{GroupRequest::Kind::kDelete, id, content, sequence}));
  return DeletedGroup{id, sequence};
}

absl::Status Groups::FinishDeletion(const GroupRecord& record, const std::string& request_id,
                                    const GroupRequest& request) {
  RETURN_IF_ERROR(files_->Remove(record.id));
  RETURN_IF_ERROR(catalog_->Remove(record.id, request_id, request));
  absl::MutexLock lock(&mu_);
  records_.erase(record.id);
  return absl::OkStatus();
}

absl::Status Groups::CheckCallable(const std::string& id, const std::string& field) const {
  absl::MutexLock lock(&mu_);
  const auto found = records_.find(id);
  if (found == records_.end()) return GroupNotFound(id, field);
  if (found->second.state == GroupRecord::State::kDeleting) {
    return FieldError(absl::StatusCode::kFailedPrecondition, field, id, "GROUP_BEING_DELETED",
                      absl::StrCat("group \"", id, "\" is being deleted"));
  }
  return absl::OkStatus();
}

absl::Status Groups::RecordCheckpoint(const std::string& id, uint64_t sequence) {
  // Not under admin_mu_: a deletion holds it while it waits for the group's calls to end,
  // a checkpoint among them. Under mu_, so that no other update of the record interleaves.
  absl::MutexLock lock(&mu_);
  const auto found = records_.find(id);
  if (found == records_.end()) return GroupNotFound(id, "group_id");
  if (found->second.checkpoint_sequence.has_value() &&
      *found->second.checkpoint_sequence >= sequence) {
    return absl::OkStatus();
  }
  GroupRecord record = found->second;
  record.checkpoint_sequence = sequence;
  RETURN_IF_ERROR(catalog_->Put(record, "", GroupRequest{}));
  found->second = std::move(record);
  return absl::OkStatus();
}

size_t Groups::size() const {
  absl::MutexLock lock(&mu_);
  return records_.size();
}

}  // namespace interco::tenancy
