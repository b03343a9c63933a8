#include "services/group/structure.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "services/common/field_error.h"
#include "services/common/status_macros.h"
#include "services/group/currency_history.h"
#include "services/group/validation.h"

namespace interco::group {
namespace {

absl::Status NotFound(absl::string_view field, absl::string_view id, absl::string_view what) {
  return FieldError(absl::StatusCode::kNotFound, field, id, "UNKNOWN_ID",
                    absl::StrCat("no ", what, " with this id"));
}

absl::Status Conflict(absl::string_view field, absl::string_view value, absl::string_view reason,
                      absl::string_view message) {
  return FieldError(absl::StatusCode::kFailedPrecondition, field, value, reason, message);
}

std::string Day(absl::CivilDay day) { return DayText(day); }

// The kinds of party, as error messages name them.
constexpr char kEntityKind[] = "legal entity";
constexpr char kDepartmentKind[] = "department";
constexpr char kEmployeeKind[] = "employee";

// One key per record: parties by kind and id (ids of a stored history may repeat across
// kinds), edges by holder, held and valid_from, acquisitions by holder and held. Ids hold
// no '/' (see validation.h).
std::string RecordKey(const ChangeBody& record) {
  return std::visit(
      [](const auto& body) -> std::string {
        using T = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<T, LegalEntity>) return absl::StrCat("entity/", body.id);
        if constexpr (std::is_same_v<T, Department>) return absl::StrCat("department/", body.id);
        if constexpr (std::is_same_v<T, Employee>) return absl::StrCat("employee/", body.id);
        if constexpr (std::is_same_v<T, OwnershipEdge> || std::is_same_v<T, EndEdge>) {
          return absl::StrCat("edge/", body.holder_id, "/", body.held_id, "/",
                              DayText(body.valid_from));
        }
        if constexpr (std::is_same_v<T, Acquisition>) {
          return absl::StrCat("acquisition/", body.holder_id, "/", body.held_id);
        }
      },
      record);
}

}  // namespace

GroupStructure::GroupStructure(const GroupStructure& other)
    : thresholds_(other.thresholds_),
      version_(other.version_),
      entities_(other.entities_),
      departments_(other.departments_),
      employees_(other.employees_),
      edges_(other.edges_),
      acquisitions_(other.acquisitions_),
      written_at_(other.written_at_) {}

absl::StatusOr<ChangeBody> GroupStructure::Apply(const ChangeBody& change) {
  return ApplyChange(change, IdCheck::kOneNamespace);
}

absl::StatusOr<ChangeBody> GroupStructure::ApplyStored(const ChangeBody& change) {
  return ApplyChange(change, IdCheck::kStoredHistory);
}

absl::StatusOr<ChangeBody> GroupStructure::ApplyChange(const ChangeBody& change, IdCheck id_check) {
  absl::StatusOr<ChangeBody> applied = std::visit(
      [this, id_check](const auto& body) -> absl::StatusOr<ChangeBody> {
        using T = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<T, LegalEntity>) return ApplyEntity(body, id_check);
        if constexpr (std::is_same_v<T, Department>) return ApplyDepartment(body, id_check);
        if constexpr (std::is_same_v<T, Employee>) return ApplyEmployee(body, id_check);
        if constexpr (std::is_same_v<T, OwnershipEdge>) return ApplyEdge(body);
        if constexpr (std::is_same_v<T, EndEdge>) return ApplyEndEdge(body);
        if constexpr (std::is_same_v<T, Acquisition>) return ApplyAcquisition(body);
      },
      change);
  if (applied.ok()) {
    Changed();
    written_at_[RecordKey(*applied)] = version_;
  }
  return applied;
}

uint64_t GroupStructure::WrittenAt(const ChangeBody& record) const {
  const auto it = written_at_.find(RecordKey(record));
  return it == written_at_.end() ? 0 : it->second;
}

void GroupStructure::Changed() {
  ++version_;
  absl::MutexLock lock(&cache_mu_);
  index_.reset();
  boundaries_valid_ = false;
  analyses_.clear();
}

absl::Status GroupStructure::CheckPartyIdFree(absl::string_view field, absl::string_view id,
                                              absl::string_view kind, IdCheck id_check) const {
  if (id_check == IdCheck::kStoredHistory) return absl::OkStatus();
  const bool in_entities = FindEntity(id) != nullptr;
  const bool in_departments = FindDepartment(id) != nullptr;
  const bool in_employees = FindEmployee(id) != nullptr;
  const struct {
    absl::string_view kind;
    bool used;
  } kKinds[] = {
      {kEntityKind, in_entities}, {kDepartmentKind, in_departments}, {kEmployeeKind, in_employees}};
  // An update of an existing party is not a new id, even where an earlier release let
  // another kind share it.
  for (const auto& k : kKinds) {
    if (k.kind == kind && k.used) return absl::OkStatus();
  }
  for (const auto& k : kKinds) {
    if (k.kind == kind || !k.used) continue;
    return FieldError(absl::StatusCode::kAlreadyExists, field, id, "PARTY_ID_IN_USE",
                      absl::StrCat("a ", k.kind, " already has this id; entities, departments ",
                                   "and employees share one namespace of party ids"));
  }
  return absl::OkStatus();
}

absl::StatusOr<ChangeBody> GroupStructure::ApplyEntity(const LegalEntity& entity,
                                                       IdCheck id_check) {
  RETURN_IF_ERROR(ValidateEntity(entity));
  RETURN_IF_ERROR(CheckPartyIdFree("entity_id", entity.id, kEntityKind, id_check));
  if (!entity.parent_of_record_id.empty() && FindEntity(entity.parent_of_record_id) == nullptr) {
    return NotFound("parent_of_record_id", entity.parent_of_record_id, "legal entity");
  }
  ASSIGN_OR_RETURN(LegalEntity record, WithCurrencyChange(FindEntity(entity.id), entity));
  RETURN_IF_ERROR(CheckAcquisitionCurrencies(FindEntity(entity.id), entity, record));
  entities_[entity.id] = record;
  return record;
}

absl::StatusOr<ChangeBody> GroupStructure::ApplyDepartment(const Department& department,
                                                           IdCheck id_check) {
  RETURN_IF_ERROR(ValidateDepartment(department));
  RETURN_IF_ERROR(CheckPartyIdFree("department_id", department.id, kDepartmentKind, id_check));
  if (FindEntity(department.entity_id) == nullptr) {
    return NotFound("entity_id", department.entity_id, "legal entity");
  }
  const Department* existing = FindDepartment(department.id);
  if (existing != nullptr && existing->entity_id != department.entity_id) {
    return Conflict("entity_id", department.entity_id, "OWNER_CHANGE",
                    absl::StrCat("department ", department.id, " belongs to ", existing->entity_id,
                                 "; create a new department instead"));
  }
  departments_[department.id] = department;
  return department;
}

absl::StatusOr<ChangeBody> GroupStructure::ApplyEmployee(const Employee& employee,
                                                         IdCheck id_check) {
  RETURN_IF_ERROR(ValidateEmployee(employee));
  RETURN_IF_ERROR(CheckPartyIdFree("employee_id", employee.id, kEmployeeKind, id_check));
  if (FindEntity(employee.entity_id) == nullptr) {
    return NotFound("entity_id", employee.entity_id, "legal entity");
  }
  const Employee* existing = FindEmployee(employee.id);
  if (existing != nullptr && existing->entity_id != employee.entity_id) {
    return Conflict("entity_id", employee.entity_id, "OWNER_CHANGE",
                    absl::StrCat("employee ", employee.id, " belongs to ", existing->entity_id,
                                 "; record the new employment under a new id"));
  }
  employees_[employee.id] = employee;
  return employee;
}

absl::StatusOr<ChangeBody> GroupStructure::ApplyEdge(const OwnershipEdge& edge) {
  RETURN_IF_ERROR(ValidateEdge(edge));
  if (FindEntity(edge.holder_id) == nullptr) {
    return NotFound("holder_id", edge.holder_id, "legal entity");
  }
  if (FindEntity(edge.held_id) == nullptr) return NotFound("held_id", edge.held_id, "legal entity");
  for (const OwnershipEdge& other : edges_) {
    if (other.holder_id == edge.holder_id && other.held_id == edge.held_id &&
        other.Overlaps(edge)) {
      return Conflict("validity.valid_from", Day(edge.valid_from), "OVERLAPPING_EDGE",
                      absl::StrCat("overlaps the edge ", edge.holder_id, " -> ", edge.held_id,
                                   " valid from ", Day(other.valid_from), "; end that edge first"));
    }
  }
  RETURN_IF_ERROR(CheckHeldTotals(edge));
  if (!edge.cross_holding) RETURN_IF_ERROR(CheckNoCycle(edge));
  edges_.push_back(edge);
  if (edge.cross_holding) {
    // A cycle of holdings can make effective ownership infinite; try every interval the
    // new edge touches before accepting it.
    std::set<absl::CivilDay> days = {edge.valid_from};
    for (const OwnershipEdge& other : edges_) {
      for (absl::CivilDay day : {other.valid_from, other.valid_to.value_or(edge.valid_from)}) {
        if (edge.ActiveOn(day)) days.insert(day);
      }
    }
    auto index = EntityIndex::Build([this] {
      std::vector<std::string> ids;
      for (const auto& [id, entity] : entities_) ids.push_back(id);
      return ids;
    }());
    for (absl::CivilDay day : days) {
      const auto analysis = OwnershipAnalysis::Compute(index, EdgesOn(day), thresholds_);
      if (!analysis.ok()) {
        edges_.pop_back();
        return Conflict("cross_holding", "true", "DIVERGENT_CROSS_HOLDING",
                        absl::StrCat("on ", Day(day), ": ", analysis.status().message()));
      }
    }
  }
  return edge;
}

absl::Status GroupStructure::CheckHeldTotals(const OwnershipEdge& edge) const {
  // Totals only change where some edge of the held entity starts; check each such day in
  // the new edge's validity.
  std::set<absl::CivilDay> days = {edge.valid_from};
  for (const OwnershipEdge& other : edges_) {
    if (other.held_id == edge.held_id && edge.ActiveOn(other.valid_from)) {
      days.insert(other.valid_from);
    }
  }
  for (absl::CivilDay day : days) {
    Decimal equity = edge.equity_share;
    Decimal voting = edge.voting_share;
    for (const OwnershipEdge& other : edges_) {
      if (other.held_id != edge.held_id || !other.ActiveOn(day)) continue;
      // Stored shares are validated into [0, 1], so these sums stay below the number of
      // edges, far inside Decimal's range; an overflow would be our bug, hence INTERNAL.
      const std::optional<Decimal> equity_sum = Decimal::Add(equity, other.equity_share);
      const std::optional<Decimal> voting_sum = Decimal::Add(voting, other.voting_share);
      if (!equity_sum.has_value() || !voting_sum.has_value()) {
        return absl::InternalError(absl::StrCat("the shares held in ", edge.held_id, " on ",
                                                Day(day), " overflow; shares are in [0, 1]"));
      }
      equity = *equity_sum;
      voting = *voting_sum;
    }
    const struct {
      const char* field;
      const char* what;
      Decimal total;
      Decimal share;
    } kTotals[] = {{"equity_share", "equity", equity, edge.equity_share},
                   {"voting_share", "votes", voting, edge.voting_share}};
    for (const auto& t : kTotals) {
      if (t.total > Decimal::FromUnits(1)) {
        return Conflict(t.field, t.share.ToString(), "OVER_100_PERCENT",
                        absl::StrCat("the ", t.what, " held in ", edge.held_id, " would total ",
                                     PercentText(t.total), " on ", Day(day)));
      }
    }
  }
  return absl::OkStatus();
}

absl::Status GroupStructure::CheckNoCycle(const OwnershipEdge& edge) const {
  // Is the holder reachable from the held entity through edges that overlap in time?
  std::vector<std::string> stack = {edge.held_id};
  std::set<std::string> seen = {edge.held_id};
  while (!stack.empty()) {
    const std::string at = stack.back();
    stack.pop_back();
    if (at == edge.holder_id) {
      return Conflict("held_id", edge.held_id, "OWNERSHIP_CYCLE",
                      absl::StrCat(edge.held_id, " already holds ", edge.holder_id,
                                   " directly or indirectly; mark the edge cross_holding if "
                                   "the reciprocal holding is real"));
    }
    for (const OwnershipEdge& other : edges_) {
      if (other.holder_id == at && other.Overlaps(edge) && seen.insert(other.held_id).second) {
        stack.push_back(other.held_id);
      }
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<ChangeBody> GroupStructure::ApplyEndEdge(const EndEdge& end) {
  RETURN_IF_ERROR(ValidateEndEdge(end));
  for (OwnershipEdge& edge : edges_) {
    if (edge.holder_id != end.holder_id || edge.held_id != end.held_id ||
        edge.valid_from != end.valid_from) {
      continue;
    }
    if (edge.valid_to.has_value()) {
      return Conflict("valid_to", Day(end.valid_to), "EDGE_ALREADY_ENDED",
                      absl::StrCat("the edge already ended on ", Day(*edge.valid_to)));
    }
    OwnershipEdge ended = edge;
    ended.valid_to = end.valid_to;
    RETURN_IF_ERROR(CheckAcquisitionsStillHeld(ended));
    edge = ended;
    return edge;
  }
  return FieldError(absl::StatusCode::kNotFound, "valid_from", Day(end.valid_from), "UNKNOWN_EDGE",
                    absl::StrCat("no ownership edge ", end.holder_id, " -> ", end.held_id,
                                 " starts on this date"));
}

const LegalEntity* GroupStructure::FindEntity(absl::string_view id) const {
  const auto it = entities_.find(id);
  return it == entities_.end() ? nullptr : &it->second;
}

const Department* GroupStructure::FindDepartment(absl::string_view id) const {
  const auto it = departments_.find(id);
  return it == departments_.end() ? nullptr : &it->second;
}

const Employee* GroupStructure::FindEmployee(absl::string_view id) const {
  const auto it = employees_.find(id);
  return it == employees_.end() ? nullptr : &it->second;
}

std::vector<const OwnershipEdge*> GroupStructure::EdgesOn(absl::CivilDay day) const {
  std::vector<const OwnershipEdge*> active;
  for (const OwnershipEdge& edge : edges_) {
    if (edge.ActiveOn(day)) active.push_back(&edge);
  }
  return active;
}

absl::StatusOr<std::shared_ptr<const OwnershipAnalysis>> GroupStructure::AnalysisOn(
    absl::CivilDay day) const {
  {
    absl::ReaderMutexLock lock(&cache_mu_);
    if (boundaries_valid_) {
      const size_t interval =
          std::upper_bound(boundaries_.begin(), boundaries_.end(), day) - boundaries_.begin();
      const auto it = analyses_.find(interval);
      if (it != analyses_.end()) return it->second;
    }
  }
  absl::MutexLock lock(&cache_mu_);
  if (!boundaries_valid_) {
    std::set<absl::CivilDay> days;
    for (const OwnershipEdge& edge : edges_) {
      days.insert(edge.valid_from);
      if (edge.valid_to.has_value()) days.insert(*edge.valid_to);
    }
    boundaries_.assign(days.begin(), days.end());
    boundaries_valid_ = true;
  }
  if (index_ == nullptr) {
    std::vector<std::string> ids;
    ids.reserve(entities_.size());
    for (const auto& [id, entity] : entities_) ids.push_back(id);
    index_ = EntityIndex::Build(std::move(ids));
  }
  const size_t interval =
      std::upper_bound(boundaries_.begin(), boundaries_.end(), day) - boundaries_.begin();
  const auto it = analyses_.find(interval);
  if (it != analyses_.end()) return it->second;
  ASSIGN_OR_RETURN(std::shared_ptr<const OwnershipAnalysis> analysis,
                   OwnershipAnalysis::Compute(index_, EdgesOn(day), thresholds_));
  analyses_.emplace(interval, analysis);
  return analysis;
}

}  // namespace interco::group
