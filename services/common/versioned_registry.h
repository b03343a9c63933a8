// VersionedRegistry: reference data served from memory, one version per accepted change,
// exactly once per request_id, durable before it is visible.
//
// State must be copyable and provide
//   uint64_t version() const;
//   absl::StatusOr<Body> Apply(const Body& body);  // Validates; on error changes nothing.
// Change must have `std::string request_id`, `Body body` and operator==, and
// `std::string Describe(const Body&)` must be findable by argument-dependent lookup.
//
// A retry with the same request_id and content returns the original result; other content
// under the same id is ALREADY_EXISTS (naming "request_id"). Readers never wait for a
// writer's disk sync. Thread-safe.
#ifndef INTERCO_SERVICES_COMMON_VERSIONED_REGISTRY_H_
#define INTERCO_SERVICES_COMMON_VERSIONED_REGISTRY_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "services/common/field_error.h"
#include "services/common/request_id.h"
#include "services/common/status_macros.h"

namespace interco {

// Durable storage of accepted changes; implemented in storage/.
template <typename Change>
class ChangeLog {
 public:
  virtual ~ChangeLog() = default;
  // Appends change number `version` (1, 2, 3, ...). Returns only once it is on disk.
  virtual absl::Status Append(uint64_t version, const Change& change) = 0;
};

struct VersionInfo {
  uint64_t version = 0;
  std::string request_id;
  std::string description;
};

// Applies a change that was accepted before, while replaying the stored history. A State
// whose rules have tightened since may overload this for its own types (found by
// argument-dependent lookup) so that a database written by an earlier release still opens;
// by default it is State::Apply.
template <typename State, typename Body>
absl::StatusOr<Body> ReapplyStored(State& state, const Body& body) {
  return state.Apply(body);
}

template <typename State, typename Change>
class VersionedRegistry {
 public:
  using Body = decltype(Change::body);

  struct Applied {
    uint64_t version = 0;
    Body record;  // The record as it stands after the change.
  };

  // Rebuilds the state by applying `history` (changes 1..n) to `empty`. `log` must outlive
  // the registry. DATA_LOSS if the history does not replay (a corrupt or foreign database).
  static absl::StatusOr<std::unique_ptr<VersionedRegistry>> Create(std::vector<Change> history,
                                                                   ChangeLog<Change>* log,
                                                                   const State& empty) {
    std::unique_ptr<VersionedRegistry> registry(new VersionedRegistry(log, empty));
    auto state = std::make_shared<State>(empty);
    absl::MutexLock lock(&registry->mu_);
    for (Change& change : history) {
      absl::StatusOr<Body> record = ReapplyStored(*state, change.body);
      if (!record.ok()) {
        return absl::DataLossError(absl::StrCat("stored change ", state->version() + 1,
                                                " no longer applies: ", record.status().message()));
      }
      registry->by_request_[change.request_id] = state->version();
      registry->records_.push_back(*std::move(record));
      registry->history_.push_back(std::move(change));
    }
    registry->current_ = std::move(state);
    return registry;
  }

  // Validates, persists and publishes `change`. Errors: those of State::Apply,
  // ALREADY_EXISTS for a reused request_id with other content, and the log's errors (the
  // change is then not applied).
  absl::StatusOr<Applied> Apply(const Change& change) {
    absl::MutexLock write_lock(&write_mu_);
    std::shared_ptr<const State> current;
    {
      absl::ReaderMutexLock lock(&mu_);
      const auto it = by_request_.find(change.request_id);
      if (it != by_request_.end()) {
        const uint64_t version = it->second;
        if (history_[version - 1] == change) return Applied{version, records_[version - 1]};
        return RequestIdReused(change.request_id,
                               absl::StrCat("a different change (version ", version, ": ",
                                            Describe(history_[version - 1].body), ")"));
      }
      current = current_;
    }
    auto next = std::make_shared<State>(*current);
    ASSIGN_OR_RETURN(Body record, next->Apply(change.body));
    RETURN_IF_ERROR(log_->Append(next->version(), change));
    absl::MutexLock lock(&mu_);
    const uint64_t version = next->version();
    by_request_[change.request_id] = version;
    history_.push_back(change);
    records_.push_back(record);
    current_ = std::move(next);
    return Applied{version, std::move(record)};
  }

  // Whether a change with `request_id` was accepted: Apply answers it as a retry (the
  // original result, or ALREADY_EXISTS for other content), whatever the state is now.
  bool HasRequest(absl::string_view request_id) const {
    absl::ReaderMutexLock lock(&mu_);
    return by_request_.contains(request_id);
  }

  std::shared_ptr<const State> Current() const {
    absl::ReaderMutexLock lock(&mu_);
    return current_;
  }

  // The state at `version`; 0 means the current one. NOT_FOUND (naming `field`) beyond it.
  absl::StatusOr<std::shared_ptr<const State>> AtVersion(uint64_t version,
                                                         absl::string_view field) const {
    absl::ReaderMutexLock lock(&mu_);
    if (version == 0 || version == current_->version()) return current_;
    if (version > current_->version()) {
      return FieldError(absl::StatusCode::kNotFound, field, absl::StrCat(version),
                        "UNKNOWN_VERSION",
                        absl::StrCat("the latest version is ", current_->version()));
    }
    // Replay in place: one state, no copies.
    auto state = std::make_shared<State>(empty_);
    for (uint64_t v = 0; v < version; ++v) {
      absl::StatusOr<Body> applied = ReapplyStored(*state, history_[v].body);
      if (!applied.ok()) return absl::InternalError(applied.status().message());
    }
    return std::shared_ptr<const State>(std::move(state));
  }

  // Up to `limit` versions after `after`, oldest first.
  std::vector<VersionInfo> Versions(uint64_t after, size_t limit) const {
    absl::ReaderMutexLock lock(&mu_);
    std::vector<VersionInfo> versions;
    for (uint64_t v = after; v < history_.size() && versions.size() < limit; ++v) {
      versions.push_back({v + 1, history_[v].request_id, Describe(history_[v].body)});
    }
    return versions;
  }

 private:
  VersionedRegistry(ChangeLog<Change>* log, const State& empty) : log_(log), empty_(empty) {}

  ChangeLog<Change>* const log_;
  const State empty_;

  // Serializes writers for the whole validate-persist-publish sequence.
  absl::Mutex write_mu_ ABSL_ACQUIRED_BEFORE(mu_);
  mutable absl::Mutex mu_;
  std::shared_ptr<const State> current_ ABSL_GUARDED_BY(mu_);
  std::vector<Change> history_ ABSL_GUARDED_BY(mu_);
  std::vector<Body> records_ ABSL_GUARDED_BY(mu_);  // records_[v - 1] for version v.
  absl::flat_hash_map<std::string, uint64_t> by_request_ ABSL_GUARDED_BY(mu_);
};

}  // namespace interco

#endif  // INTERCO_SERVICES_COMMON_VERSIONED_REGISTRY_H_
