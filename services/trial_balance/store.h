// TrialBalanceStore: where accepted trial balance versions live. An interface of the
// domain that storage/ implements (storage/trial_balance_store.h); memory_store.h has the
// one tests use.
#ifndef INTERCO_SERVICES_TRIAL_BALANCE_STORE_H_
#define INTERCO_SERVICES_TRIAL_BALANCE_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/ledger/period_type.h"
#include "services/trial_balance/trial_balance.h"

namespace interco::trial_balance {

// Which versions a read wants: a given one, or the latest imported at or before a
// sequence (0: the latest of all).
struct VersionSelector {
  uint64_t version = 0;
  uint64_t as_of_import_sequence = 0;
};

// The key of a version in list order: (entity, period, version).
struct VersionKey {
  std::string entity_id;
  ledger::Period period;
  uint64_t version = 0;
};

class TrialBalanceStore {
 public:
  virtual ~TrialBalanceStore() = default;

  // The version `request_id` created, with its lines; nullopt if none did.
  virtual absl::StatusOr<std::optional<TrialBalance>> FindByRequest(
      absl::string_view request_id) const = 0;

  // The header `selector` picks among the versions of (entity_id, period); nullopt if
  // there is none.
  virtual absl::StatusOr<std::optional<TrialBalanceHeader>> FindHeader(
      absl::string_view entity_id, ledger::Period period, VersionSelector selector) const = 0;

  // The lines of a version that exists (FindHeader found it), in the order imported.
  virtual absl::StatusOr<std::vector<TrialBalanceLine>> Lines(absl::string_view entity_id,
                                                              ledger::Period period,
                                                              uint64_t version) const = 0;

  // Up to `limit` headers in (entity, period, version) order after `after` (none: from the
  // first), of `entity_id` only when it is not empty, of `period` only when given.
  virtual absl::StatusOr<std::vector<TrialBalanceHeader>> List(
      absl::string_view entity_id, std::optional<ledger::Period> period,
      const std::optional<VersionKey>& after, size_t limit) const = 0;

  // The import sequence of the last accepted import; 0 before the first.
  virtual uint64_t last_import_sequence() const = 0;

  // Stores a new version with its request record, atomically, and returns once it is on
  // disk. The caller serializes appends and has checked CheckStoredInvariants; the store
  // checks again (INTERNAL, nothing written) and refuses a version or sequence that is not
  // the next one.
  virtual absl::Status Append(const TrialBalance& trial_balance) = 0;
};

}  // namespace interco::trial_balance

#endif  // INTERCO_SERVICES_TRIAL_BALANCE_STORE_H_
