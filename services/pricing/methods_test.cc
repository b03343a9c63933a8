#include "services/pricing/methods.h"

#include "gtest/gtest.h"
#include "services/common/field_error.h"

namespace interco::pricing {
namespace {

Decimal D(const char* text) { return *Decimal::Parse(text); }

Parameters P(std::initializer_list<std::pair<const char*, const char*>> values) {
  Parameters out;
  for (const auto& [name, value] : values) out[name] = D(value);
  return out;
}

std::string Price(Method method, const Parameters& parameters, const Inputs& inputs,
                  std::optional<Decimal> indicator = std::nullopt) {
  auto result = UnitPrice(method, parameters, inputs, indicator);
  if (!result.ok()) return std::string(result.status().message());
  return result->unit_price.ToString();
}

TEST(MethodsTest, CupWithStatedAdjustments) {
  EXPECT_EQ(Price(Method::kCup, P({{"adjustment_rate", "-0.02"}}),
                  P({{"comparable_price", "50"}, {"adjustment", "1.5"}})),
            "50.5");
  EXPECT_EQ(Price(Method::kCup, P({{"comparable_price", "44.5"}}), {}), "44.5");
}

TEST(MethodsTest, ResaleMinus) {
  // 200 x (1 - 0.25) - 10 = 140.
  EXPECT_EQ(Price(Method::kResaleMinus, P({{"gross_margin", "0.25"}}),
                  P({{"resale_price", "200"}, {"purchase_costs", "10"}})),
            "140");
}

TEST(MethodsTest, CostPlusAndItsExplanation) {
  auto result = UnitPrice(Method::kCostPlus, P({{"markup", "0.08"}}), P({{"cost", "100"}}), {});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->unit_price.ToString(), "108");
  EXPECT_EQ(result->explanation, "cost 100 x (1 + markup 0.08) = 108");
  // The indicator override replaces the markup (range endpoints, medians).
  EXPECT_EQ(Price(Method::kCostPlus, P({{"markup", "0.08"}}), P({{"cost", "100"}}), D("0.1")),
            "110");
}

TEST(MethodsTest, TnmmSolvesThePriceBackForEachIndicator) {
  EXPECT_EQ(Price(Method::kTnmm, P({{"net_cost_plus", "0.05"}}), P({{"total_costs", "1000"}})),
            "1050");
  // Operating margin 20% on sales: 800 / (1 - 0.2) = 1000, OP = 200 = 20% of 1000.
  EXPECT_EQ(Price(Method::kTnmm, P({{"operating_margin", "0.2"}}), P({{"total_costs", "800"}})),
            "1000");
  // Berry ratio 1.2: gross profit = 1.2 x 500 = 600 over cost of goods 2000.
  EXPECT_EQ(Price(Method::kTnmm, P({{"berry_ratio", "1.2"}}),
                  P({{"operating_expenses", "500"}, {"cost_of_goods", "2000"}})),
            "2600");
}

TEST(MethodsTest, ProfitSplitByContributionAndByResidual) {
  EXPECT_EQ(Price(Method::kProfitSplit, P({{"seller_weight", "0.4"}}),
                  P({{"seller_costs", "600"}, {"combined_profit", "500"}})),
            "800");
  // Routine: seller 600 x 0.1 = 60, buyer 400 x 0.05 = 20; residual 500 - 80 = 420;
  // price = 600 + 60 + 420 x 0.4 = 828.
  EXPECT_EQ(Price(Method::kProfitSplit,
                  P({{"seller_weight", "0.4"},
                     {"seller_routine_markup", "0.1"},
                     {"buyer_routine_markup", "0.05"}}),
                  P({{"seller_costs", "600"}, {"buyer_costs", "400"}, {"combined_profit", "500"}})),
            "828");
  // A combined loss is shared too.
  EXPECT_EQ(Price(Method::kProfitSplit, P({{"seller_weight", "0.5"}}),
                  P({{"seller_costs", "600"}, {"combined_profit", "-100"}})),
            "550");
}

TEST(MethodsTest, LowValueServicesAddFivePercentAndPassThroughAtCost) {
  EXPECT_EQ(Price(Method::kLowValueServices, {},
                  P({{"pooled_cost", "1000"}, {"pass_through_costs", "200"}})),
            "1250");
}

TEST(MethodsTest, CostAllocationByHourOrByKey) {
  EXPECT_EQ(Price(Method::kCostAllocation, {}, P({{"hourly_rate", "85"}})), "85");
  EXPECT_EQ(Price(Method::kCostAllocation, P({{"allocation_share", "0.25"}, {"markup", "0.1"}}),
                  P({{"pool_cost", "40000"}})),
            "11000");
}

TEST(MethodsTest, EmployeeDiscountIsCapped) {
  EXPECT_EQ(Price(Method::kEmployeeDiscount, P({{"discount", "0.3"}, {"discount_cap", "0.2"}}),
                  P({{"list_price", "50"}})),
            "40");
  EXPECT_EQ(Price(Method::kEmployeeDiscount, P({{"discount", "0.1"}}), P({{"list_price", "50"}})),
            "45");
}

TEST(MethodsTest, BadInputsAreInvalidArgumentNamingTheInput) {
  const struct {
    Method method;
    Parameters parameters;
    Inputs inputs;
    const char* field;
  } kCases[] = {
      {Method::kCostPlus, P({{"markup", "0.1"}}), P({{"cost", "-1"}}), "inputs[cost]"},
      {Method::kCostPlus, P({{"markup", "0.1"}}), {}, "inputs[cost]"},
      {Method::kCostPlus, P({{"markup", "0.1"}}), P({{"cost", "1"}, {"costs", "1"}}),
       "inputs[costs]"},
      {Method::kResaleMinus, P({{"gross_margin", "0.5"}}),
       P({{"resale_price", "10"}, {"purchase_costs", "6"}}), "inputs"},
      {Method::kCostPlus, P({{"markup", "1"}}), P({{"cost", "170000000000000000000"}}), "inputs"},
  };
  for (const auto& c : kCases) {
    const absl::Status status = UnitPrice(c.method, c.parameters, c.inputs, {}).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.field;
    EXPECT_EQ(GetErrorDetail(status)->field, c.field) << status;
  }
}

TEST(MethodsTest, ParameterValidation) {
  const struct {
    Method method;
    Parameters parameters;
    const char* field;
  } kCases[] = {
      {Method::kCostPlus, P({{"markup", "-1.5"}}), "parameters[markup]"},
      {Method::kCostPlus, P({{"markup", "-1"}}), "parameters[markup]"},
      {Method::kCostPlus, {}, "parameters[markup]"},
      {Method::kCostPlus, P({{"markup", "0.1"}, {"margin", "0.1"}}), "parameters[margin]"},
      {Method::kResaleMinus, P({{"gross_margin", "1"}}), "parameters[gross_margin]"},
      {Method::kTnmm, P({{"net_cost_plus", "0.1"}, {"berry_ratio", "1"}}), "parameters"},
      {Method::kTnmm, {}, "parameters"},
      {Method::kLowValueServices, P({{"markup", "0.06"}}), "parameters[markup]"},
      {Method::kProfitSplit, P({{"seller_weight", "1.1"}}), "parameters[seller_weight]"},
      {Method::kProfitSplit, P({{"seller_weight", "0.5"}, {"seller_routine_markup", "0.1"}}),
       "parameters[buyer_routine_markup]"},
      {Method::kEmployeeDiscount, P({{"discount", "1.2"}}), "parameters[discount]"},
      {Method::kCostAllocation, P({{"allocation_share", "0"}}), "parameters[allocation_share]"},
  };
  for (const auto& c : kCases) {
    const absl::Status status = ValidateParameters(c.method, c.parameters, false);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.field;
    EXPECT_EQ(GetErrorDetail(status)->field, c.field) << status;
  }
  EXPECT_TRUE(ValidateParameters(Method::kCostPlus, {}, /*has_range=*/true).ok());
  EXPECT_EQ(ParseMethod("COST_PLUS"), Method::kCostPlus);
  EXPECT_EQ(ParseMethod("cost_plus"), std::nullopt);
}

}  // namespace
}  // namespace interco::pricing
