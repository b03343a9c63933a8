// Groups: the use cases of the group catalog (create, read, list, delete) and the check
// every call makes before it touches a group. Plain C++ over the ports of
// group_catalog.h and the pool of open groups.
//
// Create and delete are exactly once by request_id, durable before they answer, and
// serialized (they are rare). In replicated mode a group is created in the catalog every
// pod shares first, and each pod adopts the groups it finds there. A deletion is recorded first (kDeleting), so a crash in the
// middle is finished at the next start-up instead of leaving half a group. Thread-safe.
#ifndef INTERCO_SERVICES_TENANCY_GROUPS_H_
#define INTERCO_SERVICES_TENANCY_GROUPS_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/btree_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/tenancy/group_catalog.h"
#include "services/tenancy/open_groups.h"

namespace interco::tenancy {

struct GroupsOptions {
  // Groups the deployment may hold, "default" included (--groups_max).
  size_t groups_max = 1000;
  // How long a deletion waits for the group's calls in flight to end.
  absl::Duration delete_wait_max = absl::Seconds(30);
  std::function<absl::Time()> now = [] { return absl::Now(); };
  // Replicated mode: the catalog every pod shares (null: embedded mode). A group is created
  // there first (exactly once, whichever pod is asked), then here.
  SharedCatalog* shared = nullptr;
  // Not OK: groups cannot be deleted (replicated mode, where a deletion is not replicated
  // yet); Delete answers this after checking its arguments.
  absl::Status deletes_refused;
};

struct DeletedGroup {
  std::string id;
  uint64_t ledger_sequence = 0;
};

class Groups {
 public:
  // Loads the catalog, finishes deletions a crash interrupted and creates "default" when the
  // catalog lacks it (a new data directory, or one of the release before groups). Every
  // pointer must outlive the Groups.
  static absl::StatusOr<std::unique_ptr<Groups>> Open(GroupCatalog* catalog, GroupFiles* files,
                                                      OpenGroups* pool, GroupsOptions options);

  // Errors: INVALID_ARGUMENT (request_id, group_id, display_name); ALREADY_EXISTS when the
  // group exists (reason GROUP_EXISTS) or the request_id made another group;
  // RESOURCE_EXHAUSTED (reason GROUPS_MAX) at groups_max.
  absl::StatusOr<GroupRecord> Create(const std::string& request_id, const std::string& id,
                                     const std::string& display_name);
  // Replicated mode: makes a group another pod created (a record of the shared catalog)
  // this pod's too, with its files; OK when it is here already.
  absl::Status Adopt(const GroupRecord& record);
  // NOT_FOUND (GROUP_NOT_FOUND) for an unknown or malformed id.
  absl::StatusOr<GroupRecord> Get(const std::string& id) const;
  // Up to `limit` groups with ids after `after_id`, in id order.
  std::vector<GroupRecord> List(const std::string& after_id, size_t limit) const;
  // Errors: INVALID_ARGUMENT; NOT_FOUND; FAILED_PRECONDITION with reason DEFAULT_GROUP,
  // GROUP_NOT_EMPTY (entries, no force), CHECKPOINT_REQUIRED (force, but no checkpoint
  // taken after the last posting) or GROUP_BEING_DELETED; ALREADY_EXISTS when the
  // request_id was used for another request; UNAVAILABLE when its calls do not end.
  absl::StatusOr<DeletedGroup> Delete(const std::string& request_id, const std::string& id,
                                      bool force);

  // OK when calls may use group `id` (it exists and is not being deleted); NOT_FOUND
  // (GROUP_NOT_FOUND) naming `field` otherwise. Cheap: called on every call.
  absl::Status CheckCallable(const std::string& id, const std::string& field) const;
  // Remembers that a checkpoint of `id` holds its ledger up to `sequence`, which a forced
  // deletion requires.
  absl::Status RecordCheckpoint(const std::string& id, uint64_t sequence);

  size_t size() const;
  // Groups whose data exists but which the catalog does not list (found by Open).
  const std::vector<std::string>& unlisted() const { return unlisted_; }

 private:
  Groups(GroupCatalog* catalog, GroupFiles* files, OpenGroups* pool, GroupsOptions options)
      : catalog_(catalog), files_(files), pool_(pool), options_(std::move(options)) {}
  absl::Status Load();
  absl::Status FinishDeletion(const GroupRecord& record, const std::string& request_id,
                              const GroupRequest& request) ABSL_EXCLUSIVE_LOCKS_REQUIRED(admin_mu_);
  absl::StatusOr<GroupRecord> AnswerCreateRetry(const GroupRequest& request,
                                                const std::string& request_id,
                                                const std::string& id,
                                                const std::string& display_name) const;
  // Writes `record` (made by `request_id`, maybe "") here: files, catalog, memory.
  absl::Status AddLocked(const GroupRecord& record, const std::string& request_id)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(admin_mu_);
  absl::Status CheckDeletable(const GroupRecord& record, uint64_t sequence, bool force) const;

  GroupCatalog* const catalog_;
  GroupFiles* const files_;
  OpenGroups* const pool_;
  const GroupsOptions options_;
  // Serializes create and delete, which also touch files and the pool.
  absl::Mutex admin_mu_ ABSL_ACQUIRED_BEFORE(mu_);
  mutable absl::Mutex mu_;
  absl::btree_map<std::string, GroupRecord> records_ ABSL_GUARDED_BY(mu_);
  std::vector<std::string> unlisted_;  // Set by Load, then constant.
};

}  // namespace interco::tenancy

#endif  // INTERCO_SERVICES_TENANCY_GROUPS_H_
