// StructureRegistry: the versioned group structure, served from memory.
//
// Holds the current GroupStructure (rebuilt per version, never re-read from disk per call)
// and the change history. Apply() is exactly-once per request_id: a retry with the same
// content returns the original result; other content under the same id is ALREADY_EXISTS.
// A change is visible only after the StructureLog has made it durable.
// Thread-safe: readers never wait for a writer's disk sync.
#ifndef INTERCO_SERVICES_GROUP_REGISTRY_H_
#define INTERCO_SERVICES_GROUP_REGISTRY_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "services/group/model.h"
#include "services/group/structure.h"

namespace interco::group {

// Durable storage of accepted changes; implemented by storage/.
class StructureLog {
 public:
  virtual ~StructureLog() = default;
  // Appends change number `version` (1, 2, 3, ...). Returns only once it is on disk.
  virtual absl::Status Append(uint64_t version, const StructureChange& change) = 0;
};

struct VersionInfo {
  uint64_t version = 0;
  std::string request_id;
  std::string description;
};

class StructureRegistry {
 public:
  // Rebuilds the structure from `history` (changes 1..n in order). `log` must outlive the
  // registry. DATA_LOSS if the history does not replay (a corrupt or foreign database).
  static absl::StatusOr<std::unique_ptr<StructureRegistry>> Create(
      std::vector<StructureChange> history, StructureLog* log, OwnershipThresholds thresholds);

  struct Applied {
    uint64_t version = 0;
    ChangeBody record;  // The record as it stands after the change.
  };

  // Validates, persists and publishes `change`. Errors: those of GroupStructure::Apply,
  // ALREADY_EXISTS for a reused request_id with other content, and the log's errors (the
  // change is then not applied).
  absl::StatusOr<Applied> Apply(const StructureChange& change);

  std::shared_ptr<const GroupStructure> Current() const;
  // The structure at `version`; 0 means the current one. NOT_FOUND beyond the current.
  absl::StatusOr<std::shared_ptr<const GroupStructure>> AtVersion(uint64_t version) const;
  // Up to `limit` versions after `after`, oldest first.
  std::vector<VersionInfo> Versions(uint64_t after, size_t limit) const;

 private:
  StructureRegistry(StructureLog* log, OwnershipThresholds thresholds)
      : log_(log), thresholds_(thresholds) {}

  StructureLog* const log_;
  const OwnershipThresholds thresholds_;

  // Serializes writers for the whole validate-persist-publish sequence.
  absl::Mutex write_mu_ ABSL_ACQUIRED_BEFORE(mu_);
  mutable absl::Mutex mu_;
  std::shared_ptr<const GroupStructure> current_ ABSL_GUARDED_BY(mu_);
  std::vector<StructureChange> history_ ABSL_GUARDED_BY(mu_);
  std::vector<ChangeBody> records_ ABSL_GUARDED_BY(mu_);  // records_[v - 1] for version v.
  absl::flat_hash_map<std::string, uint64_t> by_request_ ABSL_GUARDED_BY(mu_);
};

}  // namespace interco::group

#endif  // INTERCO_SERVICES_GROUP_REGISTRY_H_
