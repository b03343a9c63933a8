#include "tests/trading_group.h"

#include "absl/strings/str_cat.h"
#include "interco/v1/group_structure.grpc.pb.h"
#include "interco/v1/policy.grpc.pb.h"
#include "tests/requests.h"

namespace interco::testing {
namespace {

absl::Status Check(const grpc::Status& status, absl::string_view what) {
  if (status.ok()) return absl::OkStatus();
  return absl::InternalError(absl::StrCat(what, ": ", status.error_message()));
}

}  // namespace

absl::Status SetUpTradingGroup(const std::shared_ptr<grpc::Channel>& channel) {
  auto structure = v1::GroupStructureService::NewStub(channel);
  auto policies = v1::PolicyService::NewStub(channel);
  int n = 0;
  for (const auto& [id, currency] : {std::pair{"P", "EUR"}, {"A", "EUR"}, {"B", "USD"}}) {
    v1::UpsertEntityResponse response;
    absl::Status status =
        Check(Call(*structure, &v1::GroupStructureService::Stub::UpsertEntity,
                   EntityRequest(id, "e" + std::to_string(++n), currency), &response),
              "entity");
    if (!status.ok()) return status;
  }
  for (const char* held : {"A", "B"}) {
    v1::AddOwnershipEdgeResponse response;
    absl::Status status =
        Check(Call(*structure, &v1::GroupStructureService::Stub::AddOwnershipEdge,
                   EdgeRequest("P", held, "1", std::string("edge-") + held), &response),
              "edge");
    if (!status.ok()) return status;
  }
  v1::UpsertPolicyRequest policy;
  policy.set_request_id("p1");
  policy.mutable_policy()->set_policy_id("goods");
  policy.mutable_policy()->mutable_pattern()->set_transaction_type(v1::TRANSACTION_TYPE_GOODS);
  *policy.mutable_policy()->mutable_pattern()->mutable_validity()->mutable_valid_from() =
      Date(2024, 1, 1);
  policy.mutable_policy()->set_method(v1::PRICING_METHOD_COST_PLUS);
  (*policy.mutable_policy()->mutable_parameters())["markup"].set_value("0.08");
  v1::UpsertPolicyResponse policy_response;
  absl::Status status = Check(
      Call(*policies, &v1::PolicyService::Stub::UpsertPolicy, policy, &policy_response), "policy");
  if (!status.ok()) return status;
  v1::UpsertFxRateRequest rate;
  rate.set_request_id("fx1");
  rate.mutable_rate()->set_base_currency("EUR");
  rate.mutable_rate()->set_quote_currency("USD");
  rate.mutable_rate()->set_type(v1::RATE_TYPE_SPOT);
  *rate.mutable_rate()->mutable_validity()->mutable_valid_from() = Date(2024, 6, 30);
  rate.mutable_rate()->mutable_rate()->set_value("1.1");
  v1::UpsertFxRateResponse rate_response;
  return Check(Call(*policies, &v1::PolicyService::Stub::UpsertFxRate, rate, &rate_response),
               "rate");
}

absl::Status AddConsolidationRates(const std::shared_ptr<grpc::Channel>& channel) {
  auto policies = v1::PolicyService::NewStub(channel);
  for (const auto& [type, name] :
       {std::pair{v1::RATE_TYPE_AVERAGE, "average"}, {v1::RATE_TYPE_CLOSING, "closing"}}) {
    v1::UpsertFxRateRequest rate;
    rate.set_request_id(std::string("fx-") + name);
    rate.mutable_rate()->set_base_currency("EUR");
    rate.mutable_rate()->set_quote_currency("USD");
    rate.mutable_rate()->set_type(type);
    *rate.mutable_rate()->mutable_validity()->mutable_valid_from() = Date(2024, 1, 1);
    *rate.mutable_rate()->mutable_validity()->mutable_valid_to() = Date(2025, 1, 1);
    rate.mutable_rate()->mutable_rate()->set_value("1.1");
    v1::UpsertFxRateResponse response;
    absl::Status status =
        Check(Call(*policies, &v1::PolicyService::Stub::UpsertFxRate, rate, &response), name);
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

v1::PostTransactionRequest GoodsPosting(const std::string& request_id, const char* seller,
                                        const char* buyer, int64_t cost) {
  v1::PostTransactionRequest request;
  request.set_request_id(request_id);
  v1::Transaction* t = request.mutable_transaction();
  t->set_transaction_id("INV-" + request_id);
  t->mutable_seller()->set_entity_id(seller);
  t->mutable_buyer()->set_entity_id(buyer);
  *t->mutable_date() = Date(2024, 6, 30);
  t->set_transaction_type(v1::TRANSACTION_TYPE_GOODS);
  t->mutable_quantity()->set_value("2");
  t->set_currency_code("EUR");
  google::type::Money money;
  money.set_currency_code("EUR");
  money.set_units(cost);
  (*t->mutable_inputs())["cost"] = money;
  return request;
}

}  // namespace interco::testing
