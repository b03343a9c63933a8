// End to end: policies, FX rates and Quote through gRPC on the real server.
#include <signal.h>

#include <functional>

#include "gtest/gtest.h"
#include "interco/v1/group_structure.grpc.pb.h"
#include "interco/v1/policy.grpc.pb.h"
#include "interco/v1/transfer_pricing.grpc.pb.h"
#include "tests/grpc_errors.h"
#include "tests/requests.h"
#include "tests/server_process.h"

namespace interco::testing {
namespace {

using v1::GroupStructureService;
using v1::PolicyService;
using v1::TransferPricingService;

google::type::Money Eur(int64_t units, int32_t nanos = 0, const char* currency = "EUR") {
  google::type::Money money;
  money.set_currency_code(currency);
  money.set_units(units);
  money.set_nanos(nanos);
  return money;
}

v1::UpsertPolicyRequest CostPlus(const std::string& request_id) {
  v1::UpsertPolicyRequest request;
  request.set_request_id(request_id);
  v1::Policy* policy = request.mutable_policy();
  policy->set_policy_id("goods-cost-plus");
  policy->mutable_pattern()->set_transaction_type(v1::TRANSACTION_TYPE_GOODS);
  *policy->mutable_pattern()->mutable_validity()->mutable_valid_from() = Date(2024, 1, 1);
  policy->set_method(v1::PRICING_METHOD_COST_PLUS);
  (*policy->mutable_parameters())["markup"].set_value("0.08");
  return request;
}

v1::UpsertPolicyRequest WidgetsCup(const std::string& request_id) {
  v1::UpsertPolicyRequest request;
  request.set_request_id(request_id);
  v1::Policy* policy = request.mutable_policy();
  policy->set_policy_id("widgets-cup");
  policy->mutable_pattern()->set_seller_id("A");
  policy->mutable_pattern()->set_category("widgets");
  *policy->mutable_pattern()->mutable_validity()->mutable_valid_from() = Date(2024, 1, 1);
  policy->set_method(v1::PRICING_METHOD_CUP);
  for (const char* result : {"42", "44", "45", "47.50"}) {
    policy->add_comparables()->set_value(result);
  }
  policy->set_range_strategy(v1::RANGE_STRATEGY_US_INTERQUARTILE);
  return request;
}

v1::UpsertFxRateRequest Spot(const std::string& request_id, const char* rate,
                             google::type::Date day = Date(2024, 6, 30)) {
  v1::UpsertFxRateRequest request;
  request.set_request_id(request_id);
  request.mutable_rate()->set_base_currency("EUR");
  request.mutable_rate()->set_quote_currency("USD");
  request.mutable_rate()->set_type(v1::RATE_TYPE_SPOT);
  *request.mutable_rate()->mutable_validity()->mutable_valid_from() = day;
  request.mutable_rate()->mutable_rate()->set_value(rate);
  return request;
}

v1::QuoteRequest GoodsQuote(const char* buyer = "B") {
  v1::QuoteRequest request;
  request.mutable_seller()->set_entity_id("A");
  request.mutable_buyer()->set_entity_id(buyer);
  *request.mutable_date() = Date(2024, 6, 30);
  request.set_transaction_type(v1::TRANSACTION_TYPE_GOODS);
  request.mutable_quantity()->set_value("3");
  request.set_currency_code("EUR");
  (*request.mutable_inputs())["cost"] = Eur(100);
  return request;
}

class PricingE2eTest : public ::testing::Test {
 public:
  void SetUp() override {
    data_dir_ = FreshTempDir("pricing_data");
    StartServer();
    int n = 0;
    for (const auto& [id, currency] :
         {std::pair{"P", "EUR"}, {"A", "EUR"}, {"B", "USD"}, {"O", "EUR"}}) {
      v1::UpsertEntityResponse response;
      ASSERT_TRUE(Call(*structure_, &GroupStructureService::Stub::UpsertEntity,
                       EntityRequest(id, "e" + std::to_string(++n), currency), &response)
                      .ok());
    }
    for (const char* held : {"A", "B"}) {
      v1::AddOwnershipEdgeResponse response;
      ASSERT_TRUE(Call(*structure_, &GroupStructureService::Stub::AddOwnershipEdge,
                       EdgeRequest("P", held, "1", std::string("edge-") + held), &response)
                      .ok());
    }
    ASSERT_TRUE(Upsert(CostPlus("p1")).ok());
    ASSERT_TRUE(Upsert(WidgetsCup("p2")).ok());
    ASSERT_TRUE(Upsert(Spot("fx1", "1.1")).ok());
  }

  void StartServer() {
    server_.reset();
    auto server = ServerProcess::Start({"--listen=127.0.0.1:0", "--data_dir=" + data_dir_});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    structure_ = GroupStructureService::NewStub(server_->Channel());
    policies_ = PolicyService::NewStub(server_->Channel());
    pricing_ = TransferPricingService::NewStub(server_->Channel());
  }

  grpc::Status Upsert(const v1::UpsertPolicyRequest& request,
                      v1::UpsertPolicyResponse* response = nullptr) {
    v1::UpsertPolicyResponse ignored;
    return Call(*policies_, &PolicyService::Stub::UpsertPolicy, request,
                response != nullptr ? response : &ignored);
  }
  grpc::Status Upsert(const v1::UpsertFxRateRequest& request,
                      v1::UpsertFxRateResponse* response = nullptr) {
    v1::UpsertFxRateResponse ignored;
    return Call(*policies_, &PolicyService::Stub::UpsertFxRate, request,
                response != nullptr ? response : &ignored);
  }
  grpc::Status Quote(const v1::QuoteRequest& request, v1::QuoteResponse* response) {
    return Call(*pricing_, &TransferPricingService::Stub::Quote, request, response);
  }

  std::string data_dir_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<GroupStructureService::Stub> structure_;
  std::unique_ptr<PolicyService::Stub> policies_;
  std::unique_ptr<TransferPricingService::Stub> pricing_;
};

TEST_F(PricingE2eTest, CostPlusQuoteInBothFunctionalCurrencies) {
  v1::QuoteResponse quote;
  const grpc::Status status = Quote(GoodsQuote(), &quote);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(quote.transfer_pricing_applies());
  EXPECT_EQ(quote.classification().relation(), v1::RELATION_INTERCOMPANY);
  EXPECT_EQ(quote.policy_id(), "goods-cost-plus");
  EXPECT_EQ(quote.policy_version(), 1u);
  EXPECT_EQ(quote.pricing_version(), 3u);
  EXPECT_EQ(quote.method(), v1::PRICING_METHOD_COST_PLUS);
  EXPECT_EQ(quote.unit_price().units(), 108);
  EXPECT_EQ(quote.total().units(), 324);
  ASSERT_EQ(quote.functional_amounts_size(), 2);
  const v1::FunctionalAmount& buyer = quote.functional_amounts(1);
  EXPECT_EQ(buyer.entity_id(), "B");
  EXPECT_EQ(buyer.unit_price().currency_code(), "USD");
  EXPECT_EQ(buyer.unit_price().units(), 118);
  EXPECT_EQ(buyer.unit_price().nanos(), 800000000);
  EXPECT_EQ(buyer.total().units(), 356);
  EXPECT_EQ(buyer.total().nanos(), 400000000);
  EXPECT_EQ(buyer.rate().value(), "1.1");
  EXPECT_EQ(buyer.conversion(), "direct EUR/USD");
  EXPECT_EQ(quote.explanation(), "cost 100 x (1 + markup 0.08) = 108");
}

TEST_F(PricingE2eTest, RegulationRangeAdjustsTheProposedPriceToTheMedian) {
  v1::QuoteRequest request = GoodsQuote();
  request.set_category("widgets");
  request.mutable_inputs()->clear();
  *request.mutable_tested_unit_price() = Eur(47);
  v1::QuoteResponse quote;
  ASSERT_TRUE(Quote(request, &quote).ok());
  EXPECT_EQ(quote.policy_id(), "widgets-cup");
  EXPECT_EQ(quote.range_low().units(), 43);
  EXPECT_EQ(quote.range_median().units(), 44);
  EXPECT_EQ(quote.range_median().nanos(), 500000000);
  EXPECT_EQ(quote.range_high().units(), 46);
  EXPECT_EQ(quote.range_high().nanos(), 250000000);
  EXPECT_FALSE(quote.tested_price_in_range());
  EXPECT_EQ(quote.unit_price().units(), 44);
  EXPECT_EQ(quote.adjustment().units(), -2);
  EXPECT_EQ(quote.adjustment().nanos(), -500000000);
}

TEST_F(PricingE2eTest, ExternalTransactionsGetNoTransferPricing) {
  v1::QuoteResponse quote;
  ASSERT_TRUE(Quote(GoodsQuote("O"), &quote).ok());
  EXPECT_FALSE(quote.transfer_pricing_applies());
  EXPECT_EQ(quote.classification().relation(), v1::RELATION_EXTERNAL);
  EXPECT_FALSE(quote.has_unit_price());
}

TEST_F(PricingE2eTest, PoliciesAndRatesSurviveARestartAndRetriesReturnTheOriginal) {
  ASSERT_EQ(server_->SignalAndWait(SIGTERM, absl::Seconds(10)), 0);
  StartServer();
  v1::QuoteResponse quote;
  ASSERT_TRUE(Quote(GoodsQuote(), &quote).ok());
  EXPECT_EQ(quote.functional_amounts(1).total().units(), 356);
  v1::UpsertPolicyResponse retried;
  ASSERT_TRUE(Upsert(CostPlus("p1"), &retried).ok());
  EXPECT_EQ(retried.policy_version(), 1u);
  v1::UpsertPolicyRequest changed = CostPlus("p1");
  (*changed.mutable_policy()->mutable_parameters())["markup"].set_value("0.09");
  const grpc::Status reused = Upsert(changed);
  EXPECT_EQ(reused.error_code(), grpc::ALREADY_EXISTS);
  EXPECT_EQ(ViolatedField(reused), "request_id");
}

struct BadCase {
  const char* name;
  std::function<grpc::Status(PricingE2eTest*)> send;
  grpc::StatusCode code;
  const char* field;  // "" when the error names no field.
};

TEST_F(PricingE2eTest, BadInputIsRejectedWithExactCodeAndFieldAndWritesNothing) {
  auto policy = [](std::function<void(v1::UpsertPolicyRequest&)> edit) {
    return [edit](PricingE2eTest* t) {
      v1::UpsertPolicyRequest request = CostPlus("bad-policy");
      request.mutable_policy()->set_policy_id("other");
      request.mutable_policy()->set_priority(5);
      edit(request);
      return t->Upsert(request);
    };
  };
  auto rate = [](std::function<void(v1::UpsertFxRateRequest&)> edit) {
    return [edit](PricingE2eTest* t) {
      v1::UpsertFxRateRequest request = Spot("bad-rate", "1.2", Date(2024, 7, 1));
      edit(request);
      return t->Upsert(request);
    };
  };
  auto quote = [](std::function<void(v1::QuoteRequest&)> edit) {
    return [edit](PricingE2eTest* t) {
      v1::QuoteRequest request = GoodsQuote();
      edit(request);
      v1::QuoteResponse response;
      return t->Quote(request, &response);
    };
  };
  const BadCase kCases[] = {
      {"policy without request id", policy([](auto& r) { r.clear_request_id(); }),
       grpc::INVALID_ARGUMENT, "request_id"},
      {"unknown method",
       policy([](auto& r) { r.mutable_policy()->set_method(v1::PricingMethod(99)); }),
       grpc::INVALID_ARGUMENT, "policy.method"},
      {"unspecified method",
       policy([](auto& r) { r.mutable_policy()->set_method(v1::PRICING_METHOD_UNSPECIFIED); }),
       grpc::INVALID_ARGUMENT, "policy.method"},
      {"markup below -100%", policy([](auto& r) {
         (*r.mutable_policy()->mutable_parameters())["markup"].set_value("-1.5");
       }),
       grpc::INVALID_ARGUMENT, "policy.parameters[markup]"},
      {"markup not a decimal", policy([](auto& r) {
         (*r.mutable_policy()->mutable_parameters())["markup"].set_value("8%");
       }),
       grpc::INVALID_ARGUMENT, "policy.parameters[markup]"},
      {"unknown parameter", policy([](auto& r) {
         (*r.mutable_policy()->mutable_parameters())["margin"].set_value("0.1");
       }),
       grpc::INVALID_ARGUMENT, "policy.parameters[margin]"},
      {"validity ends before it starts", policy([](auto& r) {
         *r.mutable_policy()->mutable_pattern()->mutable_validity()->mutable_valid_to() =
             Date(2023, 1, 1);
       }),
       grpc::INVALID_ARGUMENT, "policy.pattern.validity.valid_to"},
      {"too few comparables for the US range", policy([](auto& r) {
         r.mutable_policy()->set_range_strategy(v1::RANGE_STRATEGY_US_INTERQUARTILE);
         r.mutable_policy()->add_comparables()->set_value("0.05");
       }),
       grpc::INVALID_ARGUMENT, "policy.comparables"},
      {"conflicting policy", policy([](auto& r) { r.mutable_policy()->set_priority(0); }),
       grpc::FAILED_PRECONDITION, "policy.priority"},
      {"rate zero", rate([](auto& r) { r.mutable_rate()->mutable_rate()->set_value("0"); }),
       grpc::INVALID_ARGUMENT, "rate.rate"},
      {"rate negative", rate([](auto& r) { r.mutable_rate()->mutable_rate()->set_value("-1.1"); }),
       grpc::INVALID_ARGUMENT, "rate.rate"},
      {"rate unknown currency", rate([](auto& r) { r.mutable_rate()->set_base_currency("EUX"); }),
       grpc::INVALID_ARGUMENT, "rate.base_currency"},
      {"rate same currency", rate([](auto& r) { r.mutable_rate()->set_quote_currency("EUR"); }),
       grpc::INVALID_ARGUMENT, "rate.quote_currency"},
      {"rate unknown type",
       rate([](auto& r) { r.mutable_rate()->set_type(v1::RATE_TYPE_UNSPECIFIED); }),
       grpc::INVALID_ARGUMENT, "rate.type"},
      {"rate period overlapping",
       [](PricingE2eTest* t) {
         v1::UpsertFxRateRequest june = Spot("june", "1.08", Date(2024, 6, 1));
         june.mutable_rate()->set_type(v1::RATE_TYPE_AVERAGE);
         *june.mutable_rate()->mutable_validity()->mutable_valid_to() = Date(2024, 7, 1);
         EXPECT_TRUE(t->Upsert(june).ok());
         v1::UpsertFxRateRequest overlap = june;
         overlap.set_request_id("overlap");
         *overlap.mutable_rate()->mutable_validity()->mutable_valid_from() = Date(2024, 6, 15);
         *overlap.mutable_rate()->mutable_validity()->mutable_valid_to() = Date(2024, 7, 15);
         return t->Upsert(overlap);
       },
       grpc::FAILED_PRECONDITION, "rate.validity.valid_from"},
      {"quantity zero", quote([](auto& r) { r.mutable_quantity()->set_value("0"); }),
       grpc::INVALID_ARGUMENT, "quantity"},
      {"negative cost", quote([](auto& r) { (*r.mutable_inputs())["cost"] = Eur(-5); }),
       grpc::INVALID_ARGUMENT, "inputs[cost]"},
      {"input in another currency",
       quote([](auto& r) { (*r.mutable_inputs())["cost"] = Eur(5, 0, "USD"); }),
       grpc::INVALID_ARGUMENT, "inputs[cost].currency_code"},
      {"malformed money", quote([](auto& r) { (*r.mutable_inputs())["cost"] = Eur(5, -1); }),
       grpc::INVALID_ARGUMENT, "inputs[cost]"},
      {"unknown currency", quote([](auto& r) { r.set_currency_code("EURO"); }),
       grpc::INVALID_ARGUMENT, "inputs[cost].currency_code"},
      {"unknown transaction type",
       quote([](auto& r) { r.set_transaction_type(v1::TRANSACTION_TYPE_UNSPECIFIED); }),
       grpc::INVALID_ARGUMENT, "transaction_type"},
      {"amounts that overflow", quote([](auto& r) {
         (*r.mutable_inputs())["cost"] = Eur(9000000000000000000);
         r.mutable_quantity()->set_value("100000000");
       }),
       grpc::INVALID_ARGUMENT, "quantity"},
      {"no policy governs",
       quote([](auto& r) { r.set_transaction_type(v1::TRANSACTION_TYPE_ROYALTY); }),
       grpc::FAILED_PRECONDITION, ""},
      // Six days after the last SPOT rate: beyond the default window.
      {"no FX rate", quote([](auto& r) { *r.mutable_date() = Date(2024, 7, 6); }),
       grpc::FAILED_PRECONDITION, ""},
  };
  for (const BadCase& c : kCases) {
    SCOPED_TRACE(c.name);
    const grpc::Status status = c.send(this);
    EXPECT_EQ(status.error_code(), c.code) << status.error_message();
    EXPECT_EQ(ViolatedField(status), c.field) << status.error_message();
  }
  // One version was added on purpose (the June average rate); nothing else was written.
  v1::UpsertFxRateResponse next;
  ASSERT_TRUE(Upsert(Spot("fx-next", "1.2", Date(2024, 7, 3)), &next).ok());
  EXPECT_EQ(next.pricing_version(), 5u);
}

}  // namespace
}  // namespace interco::testing
