// Transfer-pricing methods (OECD Guidelines ch. II; US Treas. Reg. §1.482): each computes a
// unit price from the policy's parameters and the quote's per-unit inputs.
//
// Every method has at most one *indicator*: the parameter the arm's-length range is about
// (a markup, a margin, a comparable price). A range of indicator values from comparables maps
// to a range of prices through the same formula.
//
//   CUP                  comparable_price x (1 + adjustment_rate) + adjustment
//                        indicator comparable_price (parameter, or input when not set)
//   RESALE_MINUS         resale_price x (1 - gross_margin) - purchase_costs
//   COST_PLUS            cost x (1 + markup)
//   TNMM                 net_cost_plus:    total_costs x (1 + net_cost_plus)
//                        operating_margin: total_costs / (1 - operating_margin)
//                        berry_ratio:      cost_of_goods + berry_ratio x operating_expenses
//   PROFIT_SPLIT         seller_costs + combined_profit x seller_weight; with routine
//                        markups: seller_costs + routine_s + (combined_profit - routine_s -
//                        routine_b) x seller_weight, routine_x = x_costs x x_routine_markup
//   LOW_VALUE_SERVICES   pooled_cost x (1 + markup, default and at most 0.05) +
//                        pass_through_costs (at 0%)
//   COST_ALLOCATION      hourly_rate x (1 + markup), or pool_cost x allocation_share x
//                        (1 + markup); markup defaults to 0
//   EMPLOYEE_DISCOUNT    list_price x (1 - min(discount, discount_cap))
#ifndef INTERCO_SERVICES_PRICING_METHODS_H_
#define INTERCO_SERVICES_PRICING_METHODS_H_

#include <map>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/common/decimal.h"

namespace interco::pricing {

enum class Method {
  kCup,
  kResaleMinus,
  kCostPlus,
  kTnmm,
  kProfitSplit,
  kLowValueServices,
  kCostAllocation,
  kEmployeeDiscount,
};

const char* MethodName(Method method);
std::optional<Method> ParseMethod(absl::string_view name);

// Ratios and prices by name; std::map keeps explanations and encodings in a stable order.
using Parameters = std::map<std::string, Decimal, std::less<>>;
// Per-unit amounts in the transaction currency, by name.
using Inputs = std::map<std::string, Decimal, std::less<>>;

// The indicator parameter's name for `parameters` ("markup", "net_cost_plus", ...); empty
// when the method takes no range (profit split, low value-adding services, cost
// allocation, employee discount).
std::string IndicatorName(Method method, const Parameters& parameters);

// Checks parameter names and ranges at policy upsert. `has_range` says the indicator may be
// left out (the range's median is used). INVALID_ARGUMENT naming "parameters[<name>]".
absl::Status ValidateParameters(Method method, const Parameters& parameters, bool has_range);

struct MethodResult {
  Decimal unit_price;       // Not rounded.
  std::string explanation;  // "cost 100 x (1 + markup 0.08) = 108"
};

// The unit price. `indicator` replaces the indicator parameter when set (range endpoints,
// or the median when the policy has no indicator value of its own). INVALID_ARGUMENT naming
// "inputs[<name>]" for a missing, unknown or negative input, and for a negative price.
absl::StatusOr<MethodResult> UnitPrice(Method method, const Parameters& parameters,
                                       const Inputs& inputs, std::optional<Decimal> indicator);

}  // namespace interco::pricing

#endif  // INTERCO_SERVICES_PRICING_METHODS_H_
