// The ports the group use cases need from storage: the catalog of groups (which exist, what
// each one's creating and deleting requests were) and each group's files. Storage
// implements both (storage/group_catalog_store.h); tests use in-memory twins.
#ifndef INTERCO_SERVICES_TENANCY_GROUP_CATALOG_H_
#define INTERCO_SERVICES_TENANCY_GROUP_CATALOG_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace interco::tenancy {

struct GroupRecord {
  enum class State : uint8_t {
    kActive = 1,
    // DeleteGroup began: its files may be partly gone. Start-up finishes the deletion.
    kDeleting = 2,
  };
  std::string id;
  std::string display_name;
  absl::Time create_time = absl::UnixEpoch();
  std::string create_request_id;  // "" for the group "default".
  State state = State::kActive;
  // The ledger sequence the group's latest checkpoint holds; nullopt: none was taken.
  std::optional<uint64_t> checkpoint_sequence;
};

// What a CreateGroup or DeleteGroup request did, kept under its request_id so that a retry
// is answered with it (exactly once).
struct GroupRequest {
  enum class Kind : uint8_t { kCreate = 1, kDelete = 2 };
  Kind kind = Kind::kCreate;
  std::string group_id;
  // What else the request said: the display name of a create, "force" or "" of a delete.
  std::string content;
  // A delete: the ledger sequence of the group's last posting when it was deleted.
  uint64_t ledger_sequence = 0;
};

class GroupCatalog {
 public:
  virtual ~GroupCatalog() = default;
  // Every group record, in id order.
  virtual absl::StatusOr<std::vector<GroupRecord>> LoadAll() const = 0;
  // The request stored under `request_id`; nullopt if there is none.
  virtual absl::StatusOr<std::optional<GroupRequest>> FindRequest(
      const std::string& request_id) const = 0;
  // Writes `record` and, when `request_id` is not empty, `request` under it, atomically and
  // durably (synced before returning).
  virtual absl::Status Put(const GroupRecord& record, const std::string& request_id,
                           const GroupRequest& request) = 0;
  // Removes the record of group `id` and, when `request_id` is not empty, writes `request`
  // under it, atomically and durably.
  virtual absl::Status Remove(const std::string& id, const std::string& request_id,
                              const GroupRequest& request) = 0;
};

// Replicated mode: the catalog every pod of the deployment shares (etcd), so that a group
// created at any pod exists at every pod. The local GroupCatalog keeps each pod's copy.
class SharedCatalog {
 public:
  virtual ~SharedCatalog() = default;
  // Makes `record`, created by the request `request_id` (not empty), every pod's, unless its
  // group or its request id is there already. Then: the record stored when it is the same
  // request (a retry, at any pod: exactly once); ALREADY_EXISTS naming group_id (reason
  // GROUP_EXISTS) when the group exists, or naming request_id (REQUEST_ID_REUSED) when the
  // request id made another request. UNAVAILABLE when the shared catalog cannot be reached
  // (then the group may or may not have been made: the retry settles it).
  virtual absl::StatusOr<GroupRecord> Publish(const GroupRecord& record,
                                              const std::string& request_id) = 0;
  // Makes `record` (a group this pod holds from before, such as "default") every pod's
  // unless its group is there already; OK either way.
  virtual absl::Status PublishExisting(const GroupRecord& record) = 0;
  // Every group record of the shared catalog, in id order.
  virtual absl::StatusOr<std::vector<GroupRecord>> LoadAll() const = 0;
};

// Each group's files: a group's data lives apart from every other group's.
class GroupFiles {
 public:
  virtual ~GroupFiles() = default;
  // Creates the group's (empty) data, or finds it there; durable before returning.
  virtual absl::Status Create(const std::string& id) = 0;
  // Removes every file of the group; OK if there is none.
  virtual absl::Status Remove(const std::string& id) = 0;
  // The ids of groups whose data exists, in id order.
  virtual absl::StatusOr<std::vector<std::string>> List() const = 0;
};

}  // namespace interco::tenancy

#endif  // INTERCO_SERVICES_TENANCY_GROUP_CATALOG_H_
