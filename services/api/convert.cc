#include "services/api/convert.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/common/field_error.h"
#include "services/common/status_macros.h"
#include "services/group/validation.h"
#include "services/ledger/period_type.h"

namespace interco::api {

absl::StatusOr<absl::CivilDay> DayFromProto(const google::type::Date& date,
                                            absl::string_view field) {
  const std::string text = absl::StrFormat("%04d-%02d-%02d", date.year(), date.month(), date.day());
  if (date.year() == 0 && date.month() == 0 && date.day() == 0) {
    return InvalidField(field, "", "MISSING_FIELD", "is required");
  }
  // CivilDay normalizes (Feb 30 becomes Mar 1); a real date survives unchanged.
  const absl::CivilDay day(date.year(), date.month(), date.day());
  if (date.year() < 1 || date.year() > 9999 || day.year() != date.year() ||
      day.month() != date.month() || day.day() != date.day()) {
    return InvalidField(field, text, "INVALID_DATE", "not a calendar date");
  }
  return day;
}

google::type::Date DayToProto(absl::CivilDay day) {
  google::type::Date date;
  date.set_year(static_cast<int32_t>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

absl::StatusOr<Decimal> DecimalFromProto(const v1::Decimal& decimal, absl::string_view field,
                                         int max_places) {
  if (decimal.value().empty()) return InvalidField(field, "", "MISSING_FIELD", "is required");
  absl::StatusOr<Decimal> parsed = Decimal::Parse(decimal.value(), max_places);
  if (!parsed.ok()) return PrefixField(field, parsed.status());
  return parsed;
}

v1::Decimal ShareToProto(Decimal share) {
  v1::Decimal decimal;
  decimal.set_value(share.Round(12).ToString());
  return decimal;
}

absl::StatusOr<group::LegalEntity> EntityFromProto(const v1::LegalEntity& entity) {
  group::LegalEntity out;
  out.id = entity.entity_id();
  out.name = entity.name();
  out.jurisdiction = entity.jurisdiction();
  out.functional_currency = entity.functional_currency();
  out.parent_of_record_id = entity.parent_of_record_id();
  // earlier_functional_currencies is output only: the structure keeps the history.
  if (!entity.functional_currency_effective_period().empty()) {
    ASSIGN_OR_RETURN(const ledger::Period from,
                     ledger::Period::Parse("functional_currency_effective_period",
                                           entity.functional_currency_effective_period()));
    out.functional_currency_from = absl::CivilMonth(from.FirstDay());
  }
  return out;
}

v1::LegalEntity EntityToProto(const group::LegalEntity& entity) {
  v1::LegalEntity proto;
  proto.set_entity_id(entity.id);
  proto.set_name(entity.name);
  proto.set_jurisdiction(entity.jurisdiction);
  proto.set_functional_currency(entity.functional_currency);
  proto.set_parent_of_record_id(entity.parent_of_record_id);
  if (entity.functional_currency_from.has_value()) {
    proto.set_functional_currency_effective_period(
        group::MonthText(*entity.functional_currency_from));
  }
  for (const group::CurrencySpell& spell : entity.earlier_currencies) {
    v1::FunctionalCurrencyPeriod* earlier = proto.add_earlier_functional_currencies();
    earlier->set_functional_currency(spell.currency);
    if (spell.from.has_value()) earlier->set_effective_period(group::MonthText(*spell.from));
  }
  return proto;
}

group::Department DepartmentFromProto(const v1::Department& department) {
  return {department.department_id(), department.entity_id(), department.name()};
}

v1::Department DepartmentToProto(const group::Department& department) {
  v1::Department proto;
  proto.set_department_id(department.id);
  proto.set_entity_id(department.entity_id);
  proto.set_name(department.name);
  return proto;
}

group::Employee EmployeeFromProto(const v1::Employee& employee) {
  return {employee.employee_id(), employee.entity_id(), employee.name()};
}

v1::Employee EmployeeToProto(const group::Employee& employee) {
  v1::Employee proto;
  proto.set_employee_id(employee.id);
  proto.set_entity_id(employee.entity_id);
  proto.set_name(employee.name);
  return proto;
}

absl::StatusOr<group::OwnershipEdge> EdgeFromProto(const v1::OwnershipEdge& edge) {
  group::OwnershipEdge out;
  out.holder_id = edge.holder_id();
  out.held_id = edge.held_id();
  // Parsed at the share's own limit so that too many places are reported with that limit,
  // not the 18 places a Decimal can hold.
  ASSIGN_OR_RETURN(out.equity_share,
                   DecimalFromProto(edge.equity_share(), "equity_share", group::kMaxSharePlaces));
  ASSIGN_OR_RETURN(out.voting_share,
                   DecimalFromProto(edge.voting_share(), "voting_share", group::kMaxSharePlaces));
  ASSIGN_OR_RETURN(out.valid_from,
                   DayFromProto(edge.validity().valid_from(), "validity.valid_from"));
  if (edge.validity().has_valid_to()) {
    ASSIGN_OR_RETURN(out.valid_to, DayFromProto(edge.validity().valid_to(), "validity.valid_to"));
  }
  out.explicit_control = edge.explicit_control();
  out.cross_holding = edge.cross_holding();
  return out;
}

v1::OwnershipEdge EdgeToProto(const group::OwnershipEdge& edge) {
  v1::OwnershipEdge proto;
  proto.set_holder_id(edge.holder_id);
  proto.set_held_id(edge.held_id);
  proto.mutable_equity_share()->set_value(edge.equity_share.ToString());
  proto.mutable_voting_share()->set_value(edge.voting_share.ToString());
  *proto.mutable_validity()->mutable_valid_from() = DayToProto(edge.valid_from);
  if (edge.valid_to.has_value()) {
    *proto.mutable_validity()->mutable_valid_to() = DayToProto(*edge.valid_to);
  }
  proto.set_explicit_control(edge.explicit_control);
  proto.set_cross_holding(edge.cross_holding);
  return proto;
}

absl::StatusOr<group::Party> PartyFromProto(const v1::Party& party, absl::string_view field) {
  switch (party.kind_case()) {
    case v1::Party::kEntityId:
      return group::Party{group::PartyKind::kEntity, party.entity_id()};
    case v1::Party::kDepartmentId:
      return group::Party{group::PartyKind::kDepartment, party.department_id()};
    case v1::Party::kEmployeeId:
      return group::Party{group::PartyKind::kEmployee, party.employee_id()};
    case v1::Party::kExternalId:
      return group::Party{group::PartyKind::kExternal, party.external_id()};
    case v1::Party::KIND_NOT_SET:
      break;
  }
  return InvalidField(field, "", "MISSING_FIELD",
                      "one of entity_id, department_id, employee_id, external_id is required");
}

namespace {

v1::ConsolidationMethod MethodToProto(group::ConsolidationMethod method) {
  switch (method) {
    case group::ConsolidationMethod::kFull:
      return v1::CONSOLIDATION_METHOD_FULL;
    case group::ConsolidationMethod::kEquity:
      return v1::CONSOLIDATION_METHOD_EQUITY;
    case group::ConsolidationMethod::kNone:
      return v1::CONSOLIDATION_METHOD_NONE;
  }
  return v1::CONSOLIDATION_METHOD_UNSPECIFIED;
}

v1::ClassifiedSide SideToProto(const group::ClassifiedSide& side) {
  v1::ClassifiedSide proto;
  proto.set_entity_id(side.entity_id);
  proto.set_ultimate_parent_id(side.ultimate_parent_id);
  if (!side.entity_id.empty()) {
    *proto.mutable_effective_ownership() = ShareToProto(side.effective_ownership);
    proto.set_method(MethodToProto(side.method));
  }
  return proto;
}

}  // namespace

v1::Relation RelationToProto(group::Relation relation) {
  switch (relation) {
    case group::Relation::kSameEntity:
      return v1::RELATION_SAME_ENTITY;
    case group::Relation::kIntercompany:
      return v1::RELATION_INTERCOMPANY;
    case group::Relation::kAffiliate:
      return v1::RELATION_AFFILIATE;
    case group::Relation::kEmployee:
      return v1::RELATION_EMPLOYEE;
    case group::Relation::kExternal:
      return v1::RELATION_EXTERNAL;
  }
  return v1::RELATION_UNSPECIFIED;
}

v1::ClassifyResponse ClassificationToProto(const group::Classification& classification) {
  v1::ClassifyResponse proto;
  proto.set_relation(RelationToProto(classification.relation));
  proto.set_first_common_parent_id(classification.first_common_parent_id);
  *proto.mutable_seller() = SideToProto(classification.seller);
  *proto.mutable_buyer() = SideToProto(classification.buyer);
  proto.set_structure_version(classification.structure_version);
  proto.set_reason(classification.reason);
  return proto;
}

}  // namespace interco::api
