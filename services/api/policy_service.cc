#include "services/api/policy_service.h"

#include "services/api/pricing_convert.h"
#include "services/api/reactors.h"
#include "services/common/field_error.h"
#include "services/common/request_id.h"
#include "services/common/status_macros.h"

namespace interco::api {
namespace {

constexpr char kLedgerArea[] = "ledger";

// Errors about the record get its field path; request_id errors stay top-level.
absl::Status PrefixRecordError(absl::string_view record_field, absl::Status status) {
  const std::optional<ErrorDetail> detail = GetErrorDetail(status);
  if (detail.has_value() && detail->field == "request_id") return status;
  return PrefixField(record_field, std::move(status));
}

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

}  // namespace

grpc::ServerUnaryReactor* PolicyService::UpsertPolicy(grpc::CallbackServerContext* context,
                                                      const v1::UpsertPolicyRequest* request,
                                                      v1::UpsertPolicyResponse* response) {
  auto applied = Apply(*registry_, request->request_id(),
                       AsBody(PolicyFromProto(request->policy())), "policy");
  if (applied.ok()) {
    *response->mutable_policy() = PolicyToProto(std::get<pricing::Policy>(applied->record));
    response->set_policy_version(applied->version);
  }
  return FinishUnary(context, applied.status());
}

grpc::ServerUnaryReactor* PolicyService::UpsertFxRate(grpc::CallbackServerContext* context,
                                                      const v1::UpsertFxRateRequest* request,
                                                      v1::UpsertFxRateResponse* response) {
  auto applied =
      Apply(*registry_, request->request_id(), AsBody(FxRateFromProto(request->rate())), "rate");
  if (applied.ok()) {
    *response->mutable_rate() = FxRateToProto(std::get<pricing::FxRate>(applied->record));
    response->set_pricing_version(applied->version);
  }
  return FinishUnary(context, applied.status());
}

grpc::ServerUnaryReactor* PolicyService::UpsertAccountMap(grpc::CallbackServerContext* context,
                                                          const v1::UpsertAccountMapRequest*,
                                                          v1::UpsertAccountMapResponse*) {
  return FinishUnary(context,
                     NotBuiltYet("interco.v1.PolicyService.UpsertAccountMap", kLedgerArea));
}

absl::StatusOr<pricing::PricingRegistry::Applied> PolicyService::SetPeriod(
    absl::string_view request_id, absl::string_view entity_id, absl::string_view period,
    bool closed) {
  RETURN_IF_ERROR(ValidateRequestId(request_id));
  if (structures_->Current()->FindEntity(entity_id) == nullptr) {
    return FieldError(absl::StatusCode::kNotFound, "entity_id", entity_id, "UNKNOWN_ID",
                      "no legal entity with this id");
  }
  return registry_->Apply(
      {std::string(request_id),
       pricing::PeriodStatus{std::string(entity_id), std::string(period), closed}});
}

grpc::ServerUnaryReactor* PolicyService::ClosePeriod(grpc::CallbackServerContext* context,
                                                     const v1::ClosePeriodRequest* request,
                                                     v1::ClosePeriodResponse*) {
  return FinishUnary(
      context,
      SetPeriod(request->request_id(), request->entity_id(), request->period(), true).status());
}

grpc::ServerUnaryReactor* PolicyService::ReopenPeriod(grpc::CallbackServerContext* context,
                                                      const v1::ReopenPeriodRequest* request,
                                                      v1::ReopenPeriodResponse*) {
  return FinishUnary(
      context,
      SetPeriod(request->request_id(), request->entity_id(), request->period(), false).status());
}

}  // namespace interco::api
