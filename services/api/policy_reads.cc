// PolicyService's read-backs: Get and List of policies, FX rates, account maps and closed
// periods, each with the pricing version that last wrote it. Account maps are entity data,
// read within the caller's read scope (security/entity_read_scope.h); policies, rates and
// the period calendar are the group's reference data, which every reader reads (a poster
// books lines in its counterparties' books and needs to know when their periods close).
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/api/authorizer.h"
#include "services/api/convert.h"
#include "services/api/paging.h"
#include "services/api/policy_service.h"
#include "services/api/pricing_convert.h"
#include "services/api/reactors.h"
#include "services/common/field_error.h"
#include "services/group/model.h"
#include "services/group/validation.h"
#include "services/ledger/period.h"

namespace interco::api {
namespace {

using pricing::PricingBook;

void SetAccountMap(const pricing::Written<ledger::EntityAccountMap>& written,
                   v1::VersionedAccountMap* out) {
  out->set_entity_id(written.record.entity_id);
  for (const auto& [type, mapping] : written.record.mappings) {
    v1::AccountMapping* wire = out->add_mappings();
    wire->set_transaction_type(TransactionTypeToProto(type));
    wire->set_seller_debit(mapping.seller.debit);
    wire->set_seller_credit(mapping.seller.credit);
    wire->set_buyer_debit(mapping.buyer.debit);
    wire->set_buyer_credit(mapping.buyer.credit);
  }
  out->set_pricing_version(written.version);
}

void SetClosedPeriod(const PricingBook::PeriodKey& key, const pricing::ClosedPeriod& closed,
                     v1::ClosedPeriod* out) {
  out->set_entity_id(key.first);
  out->set_period(key.second.ToString());
  out->set_roll_forward(closed.roll_forward);
  out->set_pricing_version(closed.version);
}

std::vector<std::string> FxKey(const PricingBook::FxRateKey& key) {
  return {std::get<0>(key), std::get<1>(key), pricing::RateTypeName(std::get<2>(key)),
          group::DayText(std::get<3>(key))};
}

}  // namespace

grpc::ServerUnaryReactor* PolicyService::GetPolicy(grpc::CallbackServerContext* context,
                                                   const v1::GetPolicyRequest* request,
                                                   v1::VersionedPolicy* response) {
  if (auto* refused = RefuseUnary(authorizer_, context)) return refused;
  const auto book = registry_->Current();
  const auto it = book->policies().find(request->policy_id());
  if (it == book->policies().end()) {
    return FinishUnary(context, NotFoundField("policy_id", request->policy_id(), "UNKNOWN_ID",
                                              "no policy with this id"));
  }
  *response->mutable_policy() = PolicyToProto(*it->second.policy);
  response->set_policy_version(it->second.policy_version);
  return FinishUnary(context, absl::OkStatus());
}

grpc::ServerUnaryReactor* PolicyService::ListPolicies(grpc::CallbackServerContext* context,
                                                      const v1::ListPoliciesRequest* request,
                                                      v1::ListPoliciesResponse* response) {
  if (auto* refused = RefuseUnary(authorizer_, context)) return refused;
  absl::StatusOr<PageRequest> page =
      ParsePageRequest("policies", request->page_size(), request->page_token(), 1);
  if (!page.ok()) return FinishUnary(context, page.status());
  const auto book = registry_->Current();
  using Entry = std::pair<const std::string, PricingBook::Governing>;
  for (const Entry* entry : TakePage(
           Entries(book->policies()), *page, "policies",
           [](const Entry* e) { return std::vector<std::string>{e->first}; },
           response->mutable_next_page_token())) {
    v1::VersionedPolicy* item = response->add_policies();
    *item->mutable_policy() = PolicyToProto(*entry->second.policy);
    item->set_policy_version(entry->second.policy_version);
  }
  return FinishUnary(context, absl::OkStatus());
}

grpc::ServerUnaryReactor* PolicyService::GetFxRate(grpc::CallbackServerContext* context,
                                                   const v1::GetFxRateRequest* request,
                                                   v1::VersionedFxRate* response) {
  if (auto* refused = RefuseUnary(authorizer_, context)) return refused;
  absl::StatusOr<pricing::RateType> type = RateTypeFromProto(request->type(), "type");
  if (!type.ok()) return FinishUnary(context, type.status());
  absl::StatusOr<absl::CivilDay> from = DayFromProto(request->valid_from(), "valid_from");
  if (!from.ok()) return FinishUnary(context, from.status());
  const auto book = registry_->Current();
  const auto it =
      book->fx_rates().find({request->base_currency(), request->quote_currency(), *type, *from});
  if (it == book->fx_rates().end()) {
    return FinishUnary(
        context, NotFoundField("valid_from", group::DayText(*from), "UNKNOWN_RATE",
                               absl::StrCat("no ", pricing::RateTypeName(*type), " rate ",
                                            request->base_currency(), "/",
                                            request->quote_currency(), " starts on this day")));
  }
  *response->mutable_rate() = FxRateToProto(it->second.record);
  response->set_pricing_version(it->second.version);
  return FinishUnary(context, absl::OkStatus());
}

grpc::ServerUnaryReactor* PolicyService::ListFxRates(grpc::CallbackServerContext* context,
                                                     const v1::ListFxRatesRequest* request,
                                                     v1::ListFxRatesResponse* response) {
  if (auto* refused = RefuseUnary(authorizer_, context)) return refused;
  absl::StatusOr<PageRequest> page =
      ParsePageRequest("fx_rates", request->page_size(), request->page_token(), 4);
  if (!page.ok()) return FinishUnary(context, page.status());
  const auto book = registry_->Current();
  using Entry = std::pair<const PricingBook::FxRateKey, pricing::Written<pricing::FxRate>>;
  for (const Entry* entry : TakePage(
           Entries(book->fx_rates()), *page, "fx_rates",
           [](const Entry* e) { return FxKey(e->first); }, response->mutable_next_page_token())) {
    v1::VersionedFxRate* item = response->add_rates();
    *item->mutable_rate() = FxRateToProto(entry->second.record);
    item->set_pricing_version(entry->second.version);
  }
  return FinishUnary(context, absl::OkStatus());
}

grpc::ServerUnaryReactor* PolicyService::GetAccountMap(grpc::CallbackServerContext* context,
                                                       const v1::GetAccountMapRequest* request,
                                                       v1::VersionedAccountMap* response) {
  const absl::StatusOr<security::EntityReadScope> scope =
      authorizer_->AuthorizeEntityRead(*context);
  if (!scope.ok()) return FinishUnary(context, scope.status());
  // An account map is entity data: checked before the lookup, so a refusal tells nothing.
  absl::Status allowed = group::ValidateId("entity_id", request->entity_id());
  if (allowed.ok()) allowed = scope->Check(request->entity_id());
  if (!allowed.ok()) return FinishUnary(context, allowed);
  const auto book = registry_->Current();
  const auto it = book->account_maps().find(request->entity_id());
  if (it == book->account_maps().end()) {
    return FinishUnary(context,
                       NotFoundField("entity_id", request->entity_id(), "UNKNOWN_ACCOUNT_MAP",
                                     "no account map for this entity (it uses the default "
                                     "accounts)"));
  }
  SetAccountMap(it->second, response);
  return FinishUnary(context, absl::OkStatus());
}

grpc::ServerUnaryReactor* PolicyService::ListAccountMaps(grpc::CallbackServerContext* context,
                                                         const v1::ListAccountMapsRequest* request,
                                                         v1::ListAccountMapsResponse* response) {
  const absl::StatusOr<security::EntityReadScope> scope =
      authorizer_->AuthorizeEntityRead(*context);
  if (!scope.ok()) return FinishUnary(context, scope.status());
  absl::StatusOr<PageRequest> page =
      ParsePageRequest("account_maps", request->page_size(), request->page_token(), 1);
  if (!page.ok()) return FinishUnary(context, page.status());
  const auto book = registry_->Current();
  using Entry = std::pair<const std::string, pricing::Written<ledger::EntityAccountMap>>;
  // A poster's list holds its own entities' maps.
  std::vector<const Entry*> candidates = Entries(book->account_maps());
  candidates.erase(std::remove_if(candidates.begin(), candidates.end(),
                                  [&](const Entry* e) { return !scope->Allows(e->first); }),
                   candidates.end());
  for (const Entry* entry : TakePage(
           std::move(candidates), *page, "account_maps",
           [](const Entry* e) { return std::vector<std::string>{e->first}; },
           response->mutable_next_page_token())) {
    SetAccountMap(entry->second, response->add_account_maps());
  }
  return FinishUnary(context, absl::OkStatus());
}

grpc::ServerUnaryReactor* PolicyService::GetClosedPeriod(grpc::CallbackServerContext* context,
                                                         const v1::GetClosedPeriodRequest* request,
                                                         v1::ClosedPeriod* response) {
  if (auto* refused = RefuseUnary(authorizer_, context)) return refused;
  absl::StatusOr<ledger::Period> period = ledger::Period::Parse("period", request->period());
  if (!period.ok()) return FinishUnary(context, period.status());
  if (structures_->Current()->FindEntity(request->entity_id()) == nullptr) {
    return FinishUnary(context, NotFoundField("entity_id", request->entity_id(), "UNKNOWN_ID",
                                              "no legal entity with this id"));
  }
  const auto book = registry_->Current();
  const PricingBook::PeriodKey key{request->entity_id(), *period};
  const auto it = book->closed_periods().find(key);
  if (it == book->closed_periods().end()) {
    return FinishUnary(context, NotFoundField("period", request->period(), "PERIOD_NOT_CLOSED",
                                              absl::StrCat("is open for ", request->entity_id())));
  }
  SetClosedPeriod(it->first, it->second, response);
  return FinishUnary(context, absl::OkStatus());
}

grpc::ServerUnaryReactor* PolicyService::ListClosedPeriods(
    grpc::CallbackServerContext* context, const v1::ListClosedPeriodsRequest* request,
    v1::ListClosedPeriodsResponse* response) {
  if (auto* refused = RefuseUnary(authorizer_, context)) return refused;
  // The filter is part of the list's name, so a token of another entity's list is refused.
  const std::string list = absl::StrCat("closed_periods/", request->entity_id());
  absl::StatusOr<PageRequest> page =
      ParsePageRequest(list, request->page_size(), request->page_token(), 2);
  if (!page.ok()) return FinishUnary(context, page.status());
  const auto book = registry_->Current();
  using Entry = std::pair<const PricingBook::PeriodKey, pricing::ClosedPeriod>;
  std::vector<const Entry*> entries = Entries(book->closed_periods());
  if (!request->entity_id().empty()) {
    entries.erase(
        std::remove_if(entries.begin(), entries.end(),
                       [&](const Entry* e) { return e->first.first != request->entity_id(); }),
        entries.end());
  }
  for (const Entry* entry : TakePage(
           std::move(entries), *page, list,
           [](const Entry* e) {
             return std::vector<std::string>{e->first.first, e->first.second.ToString()};
           },
           response->mutable_next_page_token())) {
    SetClosedPeriod(entry->first, entry->second, response->add_closed_periods());
  }
  return FinishUnary(context, absl::OkStatus());
}

}  // namespace interco::api
