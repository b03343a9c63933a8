// GroupStructure: the group's reference data at one structure version.
//
// Built by applying changes in order with Apply(), which validates each change against the
// state (unknown ids, overlapping edges, more than 100% held, ownership cycles, an
// acquisition of an entity not held) and leaves the structure unchanged when it fails.
//
// Acquisitions keep their meaning: every acquisition in a structure holds its rules in it
// (an edge from holder to held on its date; its amounts in the functional currencies in
// force on that date), because Apply also refuses an edge end or an entity upsert that
// would break them. Once published (held through a shared_ptr to
// const) a structure is immutable except for its internal cache of ownership analyses,
// which is thread-safe.
#ifndef INTERCO_SERVICES_GROUP_STRUCTURE_H_
#define INTERCO_SERVICES_GROUP_STRUCTURE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "services/group/model.h"
#include "services/group/ownership.h"

namespace interco::group {

class GroupStructure {
 public:
  explicit GroupStructure(OwnershipThresholds thresholds) : thresholds_(thresholds) {}

  // A copy for building the next version: same data, no cached analyses.
  GroupStructure(const GroupStructure& other);
  GroupStructure& operator=(const GroupStructure&) = delete;

  uint64_t version() const { return version_; }

  // Validates `change` against this structure and applies it, incrementing the version.
  // Returns the record as it now stands (for EndEdge, the ended edge). On error nothing
  // changes. Errors: INVALID_ARGUMENT (field formats; field paths relative to the
  // record), NOT_FOUND (unknown entity or edge), ALREADY_EXISTS (a new entity, department
  // or employee whose id another kind of party already uses: party ids are one namespace,
  // because policy patterns and counterparties name a party by its id alone),
  // FAILED_PRECONDITION (conflicts with the state: overlap, more than 100% held, cycle,
  // moving a department).
  //
  // An Acquisition replaces the one of its (holder, held) pair. Beyond ValidateAcquisition:
  // NOT_FOUND holder_id or held_id (UNKNOWN_ID); FAILED_PRECONDITION held_id (NOT_HELD)
  // without an edge holder -> held active on acquisition_date; INVALID_ARGUMENT
  // consideration_currency (NOT_FUNCTIONAL_CURRENCY) other than the holder's functional
  // currency in force on that date; INVALID_ARGUMENT nci_fair_value or
  // fair_value_adjustments[i].amount (TOO_MANY_PLACES) with more decimals than the held
  // entity's functional currency then has. An EndEdge leaving an acquisition's date
  // without an edge is FAILED_PRECONDITION valid_to (ENDS_BEFORE_ACQUISITION); an entity
  // upsert changing the currency in force on the date of an acquisition of or by it is
  // FAILED_PRECONDITION functional_currency (ENTITY_HAS_ACQUISITIONS) or, with an
  // effective period, functional_currency_effective_period (PERIOD_HAS_ACQUISITIONS).
  absl::StatusOr<ChangeBody> Apply(const ChangeBody& change);

  // As Apply, for a change from the stored history: ids shared across kinds, which
  // releases before the one namespace accepted, still replay (and such a party can still
  // be updated under its own kind), so an existing database keeps opening.
  absl::StatusOr<ChangeBody> ApplyStored(const ChangeBody& change);

  const LegalEntity* FindEntity(absl::string_view id) const;
  const Department* FindDepartment(absl::string_view id) const;
  const Employee* FindEmployee(absl::string_view id) const;

  // Unordered (hash maps keep Classify's lookups fast); sort by id for display.
  const absl::flat_hash_map<std::string, LegalEntity>& entities() const { return entities_; }
  const absl::flat_hash_map<std::string, Department>& departments() const { return departments_; }
  const absl::flat_hash_map<std::string, Employee>& employees() const { return employees_; }
  // All edges ever added, in the order added.
  const std::vector<OwnershipEdge>& edges() const { return edges_; }
  std::vector<const OwnershipEdge*> EdgesOn(absl::CivilDay day) const;

  // Acquisitions by (holder_id, held_id).
  using AcquisitionKey = std::pair<std::string, std::string>;
  // The acquisition of `held_id` by `holder_id`; null when none was recorded. Its nci_fair_value
  // and adjustments are in the held entity's functional currency on acquisition_date
  // (FindEntity(held_id)->FunctionalCurrencyIn(absl::CivilMonth(acquisition_date))).
  const Acquisition* FindAcquisition(absl::string_view holder_id, absl::string_view held_id) const;
  // Every acquisition, sorted by (holder_id, held_id).
  const std::map<AcquisitionKey, Acquisition>& acquisitions() const { return acquisitions_; }

  // The structure version that last wrote `record`: a party of its kind and id, the
  // edge (holder, held, valid_from), added or ended, or the acquisition (holder, held). 0 if this
  // structure has no such record. Reads answer with it, so a client sees which change produced what
  // it reads.
  uint64_t WrittenAt(const ChangeBody& record) const;

  // The ownership analysis of `day`, computed once per interval between edge boundary
  // dates and cached. Errors only if the stored edges diverge (guarded against by Apply).
  absl::StatusOr<std::shared_ptr<const OwnershipAnalysis>> AnalysisOn(absl::CivilDay day) const;

 private:
  // Whether a new party's id must be free across every kind of party (see Apply).
  enum class IdCheck { kOneNamespace, kStoredHistory };

  absl::StatusOr<ChangeBody> ApplyChange(const ChangeBody& change, IdCheck id_check);
  absl::StatusOr<ChangeBody> ApplyEntity(const LegalEntity& entity, IdCheck id_check);
  absl::StatusOr<ChangeBody> ApplyDepartment(const Department& department, IdCheck id_check);
  absl::StatusOr<ChangeBody> ApplyEmployee(const Employee& employee, IdCheck id_check);
  // ALREADY_EXISTS naming `field` if `id`, new to its own kind `kind`, is used by another.
  absl::Status CheckPartyIdFree(absl::string_view field, absl::string_view id,
                                absl::string_view kind, IdCheck id_check) const;
  absl::StatusOr<ChangeBody> ApplyEdge(const OwnershipEdge& edge);
  absl::StatusOr<ChangeBody> ApplyEndEdge(const EndEdge& end);
  absl::Status CheckHeldTotals(const OwnershipEdge& edge) const;
  absl::Status CheckNoCycle(const OwnershipEdge& edge) const;
  // In structure_acquisitions.cc.
  absl::StatusOr<ChangeBody> ApplyAcquisition(const Acquisition& acquisition);
  // FAILED_PRECONDITION naming valid_to if `ended`, the edge as an EndEdge would leave it,
  // leaves an acquisition of its pair without an edge on its date.
  absl::Status CheckAcquisitionsStillHeld(const OwnershipEdge& ended) const;
  // FAILED_PRECONDITION if `record`, the entity as `upsert` would leave it, has another
  // functional currency than `current` on the date of an acquisition of or by it.
  absl::Status CheckAcquisitionCurrencies(const LegalEntity* current, const LegalEntity& upsert,
                                          const LegalEntity& record) const;
  void Changed();

  OwnershipThresholds thresholds_;
  uint64_t version_ = 0;
  absl::flat_hash_map<std::string, LegalEntity> entities_;
  absl::flat_hash_map<std::string, Department> departments_;
  absl::flat_hash_map<std::string, Employee> employees_;
  std::vector<OwnershipEdge> edges_;
  std::map<AcquisitionKey, Acquisition> acquisitions_;
  // RecordKey(record) -> the version that last wrote it (see WrittenAt).
  absl::flat_hash_map<std::string, uint64_t> written_at_;

  // Derived, rebuilt lazily after a change.
  mutable absl::Mutex cache_mu_;
  mutable std::shared_ptr<const EntityIndex> index_ ABSL_GUARDED_BY(cache_mu_);
  mutable std::vector<absl::CivilDay> boundaries_ ABSL_GUARDED_BY(cache_mu_);
  mutable bool boundaries_valid_ ABSL_GUARDED_BY(cache_mu_) = false;
  mutable absl::flat_hash_map<size_t, std::shared_ptr<const OwnershipAnalysis>> analyses_
      ABSL_GUARDED_BY(cache_mu_);
};

// Replays stored changes with GroupStructure::ApplyStored (see versioned_registry.h).
inline absl::StatusOr<ChangeBody> ReapplyStored(GroupStructure& structure,
                                                const ChangeBody& change) {
  return structure.ApplyStored(change);
}

}  // namespace interco::group

#endif  // INTERCO_SERVICES_GROUP_STRUCTURE_H_
