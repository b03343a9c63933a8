#include "services/api/policy_service.h"

#include "services/api/authorizer.h"
#include "services/api/pricing_convert.h"
#include "services/api/reactors.h"
#include "services/common/field_error.h"
#include "services/common/request_id.h"
#include "services/common/status_macros.h"
#include "services/group/validation.h"
#include "services/ledger/period_type.h"
#include "services/pricing/period_close.h"

namespace interco::api {
namespace {

constexpr int kMaxAccountMappings = 6;

absl::StatusOr<pricing::PricingRegistry::Applied> Apply(pricing::PricingRegistry& registry,
                                                        absl::string_view request_id,
                                                        absl::StatusOr<pricing::PricingBody> body,
                                                        absl::string_view record_field) {
  RETURN_IF_ERROR(ValidateRequestId(request_id));
  if (!body.ok()) return PrefixField(record_field, body.status());
  absl::StatusOr<pricing::PricingRegistry::Applied> applied =
      registry.Apply({std::string(request_id), *std::move(body)});
  if (!applied.ok()) return PrefixRecordError(record_field, applied.status());
  return applied;
}

template <typename T>
absl::StatusOr<pricing::PricingBody> AsBody(absl::StatusOr<T> record) {
  if (!record.ok()) return record.status();
  return pricing::PricingBody(*std::move(record));
}

// A pattern's seller and buyer, when given, must be parties the group knows: a typo would
// otherwise leave a policy that never matches and a transaction priced by another one.
absl::StatusOr<pricing::Policy> CheckPatternParties(absl::StatusOr<pricing::Policy> policy,
                                                    const group::GroupStructure& structure) {
  if (!policy.ok()) return policy;
  for (const auto& [field, id] : {std::pair{"pattern.seller_id", &policy->pattern.seller_id},
                                  std::pair{"pattern.buyer_id", &policy->pattern.buyer_id}}) {
    if (id->empty() || structure.FindEntity(*id) != nullptr ||
        structure.FindDepartment(*id) != nullptr || structure.FindEmployee(*id) != nullptr) {
      continue;
    }
    return FieldError(absl::StatusCode::kNotFound, field, *id, "UNKNOWN_ID",
                      "no entity, department or employee with this id");
  }
  return policy;
}

}  // namespace

grpc::ServerUnaryReactor* PolicyService::UpsertPolicy(grpc::CallbackServerContext* context,
                                                      const v1::UpsertPolicyRequest* request,
                                                      v1::UpsertPolicyResponse* response) {
  if (auto* refused = RefuseUnary(authorizer_, context)) return refused;
  auto applied = Apply(
      *registry_, request->request_id(),
      AsBody(CheckPatternParties(PolicyFromProto(request->policy()), *structures_->Current())),
      "policy");
  if (applied.ok()) {
    *response->mutable_policy() = PolicyToProto(std::get<pricing::Policy>(applied->record));
    response->set_policy_version(applied->version);
  }
  return FinishUnary(context, applied.status());
}

grpc::ServerUnaryReactor* PolicyService::UpsertFxRate(grpc::CallbackServerContext* context,
                                                      const v1::UpsertFxRateRequest* request,
                                                      v1::UpsertFxRateResponse* response) {
  if (auto* refused = RefuseUnary(authorizer_, context)) return refused;
  auto applied =
      Apply(*registry_, request->request_id(), AsBody(FxRateFromProto(request->rate())), "rate");
  if (applied.ok()) {
    *response->mutable_rate() = FxRateToProto(std::get<pricing::FxRate>(applied->record));
    response->set_pricing_version(applied->version);
  }
  return FinishUnary(context, applied.status());
}

absl::StatusOr<ledger::EntityAccountMap> PolicyService::AccountMapFromProto(
    const v1::UpsertAccountMapRequest& request) const {
  RETURN_IF_ERROR(ValidateRequestId(request.request_id()));
  if (structures_->Current()->FindEntity(request.entity_id()) == nullptr) {
    return FieldError(absl::StatusCode::kNotFound, "entity_id", request.entity_id(), "UNKNOWN_ID",
                      "no legal entity with this id");
  }
  if (request.mappings().empty() || request.mappings_size() > kMaxAccountMappings) {
    return InvalidField("mappings", absl::StrCat(request.mappings_size()), "BAD_MAPPING_COUNT",
                        absl::StrCat("1 to ", kMaxAccountMappings, " mappings, one per type"));
  }
  ledger::EntityAccountMap map{request.entity_id(), {}};
  for (int i = 0; i < request.mappings_size(); ++i) {
    const v1::AccountMapping& wire = request.mappings(i);
    const std::string field = absl::StrCat("mappings[", i, "].transaction_type");
    ASSIGN_OR_RETURN(const pricing::TransactionType type,
                     TransactionTypeFromProto(wire.transaction_type(), field));
    const bool added =
        map.mappings
            .emplace(type, ledger::AccountMapping{{wire.seller_debit(), wire.seller_credit()},
                                                  {wire.buyer_debit(), wire.buyer_credit()}})
            .second;
    if (!added) {
      return InvalidField(field, pricing::TransactionTypeName(type), "DUPLICATE_TYPE",
                          "appears twice");
    }
  }
  // Validate names in request order, so the field path matches the request.
  for (int i = 0; i < request.mappings_size(); ++i) {
    const v1::AccountMapping& wire = request.mappings(i);
    ledger::EntityAccountMap single{map.entity_id,
                                    {{pricing::TransactionType::kGoods,
                                      {{wire.seller_debit(), wire.seller_credit()},
                                       {wire.buyer_debit(), wire.buyer_credit()}}}}};
    absl::Status valid = ledger::ValidateAccountMap(single);
    if (!valid.ok()) {
      return RenameField(valid, "mappings[0]", absl::StrCat("mappings[", i, "]"));
    }
  }
  return map;
}

grpc::ServerUnaryReactor* PolicyService::UpsertAccountMap(
    grpc::CallbackServerContext* context, const v1::UpsertAccountMapRequest* request,
    v1::UpsertAccountMapResponse* response) {
  if (auto* refused = RefuseUnary(authorizer_, context)) return refused;
  absl::StatusOr<ledger::EntityAccountMap> map = AccountMapFromProto(*request);
  if (!map.ok()) return FinishUnary(context, map.status());
  absl::StatusOr<pricing::PricingRegistry::Applied> applied =
      registry_->Apply({request->request_id(), *std::move(map)});
  if (applied.ok()) response->set_policy_version(applied->version);
  return FinishUnary(context, applied.status());
}

absl::StatusOr<pricing::PricingRegistry::Applied> PolicyService::SetPeriod(
    absl::string_view request_id, absl::string_view entity_id, absl::string_view period,
    bool closed, bool roll_forward) {
  RETURN_IF_ERROR(ValidateRequestId(request_id));
  if (structures_->Current()->FindEntity(entity_id) == nullptr) {
    return FieldError(absl::StatusCode::kNotFound, "entity_id", entity_id, "UNKNOWN_ID",
                      "no legal entity with this id");
  }
  RETURN_IF_ERROR(group::ValidateId("entity_id", entity_id));
  ASSIGN_OR_RETURN(const ledger::Period parsed, ledger::Period::Parse("period", period));
  return pricing::ApplyPeriodStatus(
      *registry_, *sequencer_,
      {std::string(request_id),
       pricing::PeriodStatus{std::string(entity_id), parsed, closed, roll_forward}});
}

grpc::ServerUnaryReactor* PolicyService::ClosePeriod(grpc::CallbackServerContext* context,
                                                     const v1::ClosePeriodRequest* request,
                                                     v1::ClosePeriodResponse* response) {
  if (auto* refused = RefuseUnary(authorizer_, context)) return refused;
  auto applied = SetPeriod(request->request_id(), request->entity_id(), request->period(), true,
                           request->roll_forward());
  if (applied.ok()) response->set_pricing_version(applied->version);
  return FinishUnary(context, applied.status());
}

grpc::ServerUnaryReactor* PolicyService::ReopenPeriod(grpc::CallbackServerContext* context,
                                                      const v1::ReopenPeriodRequest* request,
                                                      v1::ReopenPeriodResponse* response) {
  if (auto* refused = RefuseUnary(authorizer_, context)) return refused;
  auto applied =
      SetPeriod(request->request_id(), request->entity_id(), request->period(), false, false);
  if (applied.ok()) response->set_pricing_version(applied->version);
  return FinishUnary(context, applied.status());
}

}  // namespace interco::api
