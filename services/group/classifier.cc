#include "services/group/classifier.h"

#include "absl/strings/str_cat.h"
#include "services/common/field_error.h"
#include "services/common/status_macros.h"
#include "services/group/validation.h"

namespace interco::group {
namespace {

const char* KindField(PartyKind kind) {
  switch (kind) {
    case PartyKind::kEntity:
      return "entity_id";
    case PartyKind::kDepartment:
      return "department_id";
    case PartyKind::kEmployee:
      return "employee_id";
    case PartyKind::kExternal:
      return "external_id";
  }
  return "party";
}

// The legal entity a party belongs to; empty for an external party.
absl::StatusOr<std::string> ResolveEntity(const GroupStructure& structure, const Party& party,
                                          absl::string_view side) {
  const std::string field = absl::StrCat(side, ".", KindField(party.kind));
  RETURN_IF_ERROR(PrefixField(side, ValidateId(KindField(party.kind), party.id)));
  auto not_found = [&](absl::string_view what) {
    return FieldError(absl::StatusCode::kNotFound, field, party.id, "UNKNOWN_ID",
                      absl::StrCat("no ", what, " with this id"));
  };
  switch (party.kind) {
    case PartyKind::kEntity:
      if (structure.FindEntity(party.id) == nullptr) return not_found("legal entity");
      return party.id;
    case PartyKind::kDepartment: {
      const Department* department = structure.FindDepartment(party.id);
      if (department == nullptr) return not_found("department");
      return department->entity_id;
    }
    case PartyKind::kEmployee: {
      const Employee* employee = structure.FindEmployee(party.id);
      if (employee == nullptr) return not_found("employee");
      return employee->entity_id;
    }
    case PartyKind::kExternal:
      return std::string();
  }
  return absl::InternalError("unknown party kind");
}

ClassifiedSide Side(const OwnershipAnalysis& analysis, int reference, int entity) {
  const auto& ids = analysis.entities().ids;
  return {ids[entity], ids[analysis.UltimateParent(entity)],
          analysis.EffectiveShare(reference, entity), analysis.Method(reference, entity)};
}

std::string Id(const OwnershipAnalysis& analysis, int entity) {
  return analysis.entities().ids[entity];
}

// Fills relation, sides and reason for two group entities that are not one entity and
// have no common parent: an associate of either side's group, or common ownership.
void ClassifyUnrelatedGroups(const OwnershipAnalysis& analysis, int s, int b,
                             const std::string& day, Classification& out) {
  for (const auto& [parent, associate] :
       {std::pair{analysis.UltimateParent(s), b}, std::pair{analysis.UltimateParent(b), s}}) {
    if (analysis.Method(parent, associate) == ConsolidationMethod::kEquity) {
      out.relation = Relation::kAffiliate;
      out.seller = Side(analysis, parent, s);
      out.buyer = Side(analysis, parent, b);
      out.reason = absl::StrCat("affiliate: ", Id(analysis, associate), " is an associate of ",
                                Id(analysis, parent), "'s group on ", day, " (group votes ",
                                PercentText(analysis.GroupVotes(parent, associate)),
                                "); transfer pricing applies, no full elimination");
      return;
    }
  }
  const Decimal threshold = analysis.thresholds().common_ownership;
  for (const auto& [owner, share_of_seller] : analysis.EffectiveHolders(s)) {
    const Decimal share_of_buyer = analysis.EffectiveShare(owner, b);
    if (share_of_seller >= threshold && share_of_buyer >= threshold) {
      out.relation = Relation::kAffiliate;
      out.seller = Side(analysis, owner, s);
      out.buyer = Side(analysis, owner, b);
      out.reason = absl::StrCat("affiliate: ", Id(analysis, owner), " holds ",
                                PercentText(share_of_seller), " of ", Id(analysis, s), " and ",
                                PercentText(share_of_buyer), " of ", Id(analysis, b), " on ", day,
                                " (common ownership of at least ", PercentText(threshold), ")");
      return;
    }
  }
  out.relation = Relation::kExternal;
  out.seller = Side(analysis, analysis.UltimateParent(s), s);
  out.buyer = Side(analysis, analysis.UltimateParent(b), b);
  out.reason = absl::StrCat("external: ", Id(analysis, s), " and ", Id(analysis, b),
                            " are not related through ownership on ", day);
}

}  // namespace

absl::StatusOr<Classification> Classify(const GroupStructure& structure, const Party& seller,
                                        const Party& buyer, absl::CivilDay date) {
  RETURN_IF_ERROR(ValidateDay("date", date));
  ASSIGN_OR_RETURN(const std::string seller_entity, ResolveEntity(structure, seller, "seller"));
  ASSIGN_OR_RETURN(const std::string buyer_entity, ResolveEntity(structure, buyer, "buyer"));
  if (seller.kind == buyer.kind && seller.id == buyer.id) {
    return InvalidField(absl::StrCat("buyer.", KindField(buyer.kind)), buyer.id, "SAME_PARTY",
                        "the seller and the buyer are the same party");
  }
  ASSIGN_OR_RETURN(const std::shared_ptr<const OwnershipAnalysis> analysis,
                   structure.AnalysisOn(date));
  const std::string day = DayText(date);
  Classification out;
  out.structure_version = structure.version();

  if (seller_entity.empty() || buyer_entity.empty()) {
    const bool seller_outside = seller_entity.empty();
    const std::string& inside = seller_outside ? buyer_entity : seller_entity;
    if (!inside.empty()) {
      const int i = *analysis->entities().Find(inside);
      (seller_outside ? out.buyer : out.seller) = Side(*analysis, analysis->UltimateParent(i), i);
    }
    out.relation = Relation::kExternal;
    out.reason = absl::StrCat("external: ", seller_outside ? "seller " : "buyer ",
                              seller_outside ? seller.id : buyer.id, " is outside the group");
    return out;
  }
  const int s = *analysis->entities().Find(seller_entity);
  const int b = *analysis->entities().Find(buyer_entity);
  const std::optional<int> parent = analysis->FirstCommonParent(s, b);
  if (parent.has_value()) {
    out.first_common_parent_id = Id(*analysis, *parent);
    out.seller = Side(*analysis, *parent, s);
    out.buyer = Side(*analysis, *parent, b);
  }
  if (seller.kind == PartyKind::kEmployee || buyer.kind == PartyKind::kEmployee) {
    const bool buyer_is_employee = buyer.kind == PartyKind::kEmployee;
    const Party& employee = buyer_is_employee ? buyer : seller;
    const std::string& employer = buyer_is_employee ? buyer_entity : seller_entity;
    if (!parent.has_value()) {
      ClassifyUnrelatedGroups(*analysis, s, b, day, out);
      out.relation = Relation::kExternal;
      out.reason = absl::StrCat("external: ", employee.id, " is an employee of ", employer,
                                ", which is not in the other side's group on ", day);
      return out;
    }
    out.relation = Relation::kEmployee;
    out.reason = absl::StrCat("employee: ", employee.id, " is an employee of ", employer,
                              ", in the group of ", out.first_common_parent_id,
                              "; external for consolidation, employee policies apply");
    return out;
  }
  if (s == b) {
    out.relation = Relation::kSameEntity;
    out.reason = absl::StrCat("same entity: both parties belong to ", seller_entity,
                              "; an internal charge, no transfer pricing, nets to zero");
    return out;
  }
  if (parent.has_value()) {
    out.relation = Relation::kIntercompany;
    const std::string& parent_id = out.first_common_parent_id;
    if (parent_id == seller_entity || parent_id == buyer_entity) {
      // One side controls the other: name the controlled side only.
      const bool seller_is_parent = parent_id == seller_entity;
      const std::string& held = seller_is_parent ? buyer_entity : seller_entity;
      const Decimal share = (seller_is_parent ? out.buyer : out.seller).effective_ownership;
      out.reason = absl::StrCat("internal: ", parent_id, " controls ", held, " on ", day, "; ",
                                parent_id, " holds ", PercentText(share), " of ", held);
    } else {
      out.reason = absl::StrCat("internal: both controlled by ", parent_id, " on ", day, "; ",
                                parent_id, " holds ", PercentText(out.seller.effective_ownership),
                                " of ", seller_entity, ", ",
                                PercentText(out.buyer.effective_ownership), " of ", buyer_entity);
    }
    return out;
  }
  ClassifyUnrelatedGroups(*analysis, s, b, day, out);
  return out;
}

}  // namespace interco::group
