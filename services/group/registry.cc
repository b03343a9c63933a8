#include "services/group/registry.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/field_error.h"
#include "services/common/status_macros.h"

namespace interco::group {

absl::StatusOr<std::unique_ptr<StructureRegistry>> StructureRegistry::Create(
    std::vector<StructureChange> history, StructureLog* log, OwnershipThresholds thresholds) {
  std::unique_ptr<StructureRegistry> registry(new StructureRegistry(log, thresholds));
  auto structure = std::make_shared<GroupStructure>(thresholds);
  absl::MutexLock lock(&registry->mu_);
  for (StructureChange& change : history) {
    absl::StatusOr<ChangeBody> record = structure->Apply(change.body);
    if (!record.ok()) {
      return absl::DataLossError(absl::StrCat("stored structure change ", structure->version() + 1,
                                              " no longer applies: ", record.status().message()));
    }
    registry->by_request_[change.request_id] = structure->version();
    registry->records_.push_back(*std::move(record));
    registry->history_.push_back(std::move(change));
  }
  registry->current_ = std::move(structure);
  return registry;
}

absl::StatusOr<StructureRegistry::Applied> StructureRegistry::Apply(const StructureChange& change) {
  absl::MutexLock write_lock(&write_mu_);
  std::shared_ptr<const GroupStructure> current;
  {
    absl::ReaderMutexLock lock(&mu_);
    const auto it = by_request_.find(change.request_id);
    if (it != by_request_.end()) {
      const uint64_t version = it->second;
      if (history_[version - 1] == change) return Applied{version, records_[version - 1]};
      return FieldError(absl::StatusCode::kAlreadyExists, "request_id", change.request_id,
                        "REQUEST_ID_REUSED",
                        absl::StrCat("was used for a different change (version ", version, ": ",
                                     Describe(history_[version - 1].body), ")"));
    }
    current = current_;
  }
  auto next = std::make_shared<GroupStructure>(*current);
  ASSIGN_OR_RETURN(ChangeBody record, next->Apply(change.body));
  RETURN_IF_ERROR(log_->Append(next->version(), change));
  absl::MutexLock lock(&mu_);
  const uint64_t version = next->version();
  by_request_[change.request_id] = version;
  history_.push_back(change);
  records_.push_back(record);
  current_ = std::move(next);
  return Applied{version, std::move(record)};
}

std::shared_ptr<const GroupStructure> StructureRegistry::Current() const {
  absl::ReaderMutexLock lock(&mu_);
  return current_;
}

absl::StatusOr<std::shared_ptr<const GroupStructure>> StructureRegistry::AtVersion(
    uint64_t version) const {
  absl::ReaderMutexLock lock(&mu_);
  if (version == 0 || version == current_->version()) return current_;
  if (version > current_->version()) {
    return FieldError(absl::StatusCode::kNotFound, "structure_version", absl::StrCat(version),
                      "UNKNOWN_VERSION",
                      absl::StrCat("the latest structure version is ", current_->version()));
  }
  // Replay in place: one structure, no copies.
  auto structure = std::make_shared<GroupStructure>(thresholds_);
  for (uint64_t v = 0; v < version; ++v) {
    absl::StatusOr<ChangeBody> applied = structure->Apply(history_[v].body);
    if (!applied.ok()) return absl::InternalError(applied.status().message());
  }
  return structure;
}

std::vector<VersionInfo> StructureRegistry::Versions(uint64_t after, size_t limit) const {
  absl::ReaderMutexLock lock(&mu_);
  std::vector<VersionInfo> versions;
  for (uint64_t v = after; v < history_.size() && versions.size() < limit; ++v) {
    versions.push_back({v + 1, history_[v].request_id, Describe(history_[v].body)});
  }
  return versions;
}

}  // namespace interco::group
