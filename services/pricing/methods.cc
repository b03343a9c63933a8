#include "services/pricing/methods.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/common/field_error.h"
#include "services/common/status_macros.h"
#include "services/pricing/money.h"

namespace interco::pricing {
namespace {

struct Spec {
  Method method;
  const char* name;
  std::vector<const char*> inputs;      // Allowed input names.
  std::vector<const char*> parameters;  // Allowed parameter names.
};

const std::vector<Spec>& Specs() {
  static const auto* const kSpecs = new std::vector<Spec>{
      {Method::kCup,
       "CUP",
       {"comparable_price", "adjustment"},
       {"comparable_price", "adjustment_rate"}},
      {Method::kResaleMinus, "RESALE_MINUS", {"resale_price", "purchase_costs"}, {"gross_margin"}},
      {Method::kCostPlus, "COST_PLUS", {"cost"}, {"markup"}},
      {Method::kTnmm,
       "TNMM",
       {"total_costs", "operating_expenses", "cost_of_goods"},
       {"net_cost_plus", "operating_margin", "berry_ratio"}},
      {Method::kProfitSplit,
       "PROFIT_SPLIT",
       {"seller_costs", "buyer_costs", "combined_profit"},
       {"seller_weight", "seller_routine_markup", "buyer_routine_markup"}},
      {Method::kLowValueServices,
       "LOW_VALUE_SERVICES",
       {"pooled_cost", "pass_through_costs"},
       {"markup"}},
      {Method::kCostAllocation,
       "COST_ALLOCATION",
       {"hourly_rate", "pool_cost"},
       {"markup", "allocation_share"}},
      {Method::kEmployeeDiscount,
       "EMPLOYEE_DISCOUNT",
       {"list_price"},
       {"discount", "discount_cap"}},
  };
  return *kSpecs;
}

const Spec& SpecOf(Method method) {
  return *std::find_if(Specs().begin(), Specs().end(),
                       [method](const Spec& s) { return s.method == method; });
}

bool Contains(const std::vector<const char*>& names, absl::string_view name) {
  return std::any_of(names.begin(), names.end(), [name](const char* n) { return name == n; });
}

Decimal D(int64_t units) { return Decimal::FromUnits(units); }
const Decimal kOne = Decimal::FromUnits(1);
const Decimal kLowValueMarkup = Decimal::FromRaw(DecimalScale() / 20);  // 5%.

// Fetches inputs and parameters and does checked arithmetic for one price computation.
class Calc {
 public:
  Calc(Method method, const Parameters& parameters, const Inputs& inputs,
       std::optional<Decimal> indicator)
      : method_(method), parameters_(parameters), inputs_(inputs), indicator_(indicator) {}

  absl::StatusOr<Decimal> Input(absl::string_view name) const {
    const auto it = inputs_.find(name);
    if (it == inputs_.end()) {
      return InvalidField(absl::StrCat("inputs[", name, "]"), "", "MISSING_INPUT",
                          absl::StrCat("is required by ", MethodName(method_)));
    }
    return it->second;
  }
  Decimal OptionalInput(absl::string_view name) const {
    const auto it = inputs_.find(name);
    return it == inputs_.end() ? Decimal() : it->second;
  }
  bool HasInput(absl::string_view name) const { return inputs_.count(name) > 0; }

  // The parameter, replaced by the indicator override when `name` is the indicator.
  absl::StatusOr<Decimal> Param(absl::string_view name, bool is_indicator) const {
    if (is_indicator && indicator_.has_value()) return *indicator_;
    const auto it = parameters_.find(name);
    if (it == parameters_.end()) {
      return InvalidField(absl::StrCat("parameters[", name, "]"), "", "MISSING_PARAMETER",
                          absl::StrCat("the policy's ", MethodName(method_), " needs it"));
    }
    return it->second;
  }
  Decimal OptionalParam(absl::string_view name, Decimal fallback) const {
    const auto it = parameters_.find(name);
    return it == parameters_.end() ? fallback : it->second;
  }
  bool HasParam(absl::string_view name) const { return parameters_.count(name) > 0; }

  static absl::StatusOr<Decimal> Mul(Decimal a, Decimal b) {
    return NoOverflow(Decimal::Mul(a, b), "inputs",
                      absl::StrCat("the method's product ", a.ToString(), " x ", b.ToString()));
  }
  static absl::StatusOr<Decimal> Add(Decimal a, Decimal b) {
    return NoOverflow(Decimal::Add(a, b), "inputs",
                      absl::StrCat("the method's sum ", a.ToString(), " + ", b.ToString()));
  }
  static absl::StatusOr<Decimal> Sub(Decimal a, Decimal b) {
    return NoOverflow(Decimal::Sub(a, b), "inputs",
                      absl::StrCat("the method's difference ", a.ToString(), " - ", b.ToString()));
  }

 private:
  const Method method_;
  const Parameters& parameters_;
  const Inputs& inputs_;
  const std::optional<Decimal> indicator_;
};

std::string T(Decimal d) { return d.ToString(); }

absl::StatusOr<MethodResult> Cup(const Calc& c) {
  Decimal price;
  if (c.HasParam("comparable_price") || !c.HasInput("comparable_price")) {
    ASSIGN_OR_RETURN(price, c.Param("comparable_price", true));
  } else {
    ASSIGN_OR_RETURN(price, c.Input("comparable_price"));
  }
  const Decimal rate = c.OptionalParam("adjustment_rate", Decimal());
  const Decimal adjustment = c.OptionalInput("adjustment");
  ASSIGN_OR_RETURN(const Decimal factor, Calc::Add(kOne, rate));
  ASSIGN_OR_RETURN(Decimal unit, Calc::Mul(price, factor));
  ASSIGN_OR_RETURN(unit, Calc::Add(unit, adjustment));
  return MethodResult{
      unit, absl::StrCat("comparable price ", T(price), " x (1 + adjustment rate ", T(rate),
                         ") + adjustment ", T(adjustment), " = ", T(unit))};
}

absl::StatusOr<MethodResult> ResaleMinus(const Calc& c) {
  ASSIGN_OR_RETURN(const Decimal resale, c.Input("resale_price"));
  ASSIGN_OR_RETURN(const Decimal margin, c.Param("gross_margin", true));
  const Decimal costs = c.OptionalInput("purchase_costs");
  ASSIGN_OR_RETURN(const Decimal factor, Calc::Sub(kOne, margin));
  ASSIGN_OR_RETURN(Decimal unit, Calc::Mul(resale, factor));
  ASSIGN_OR_RETURN(unit, Calc::Sub(unit, costs));
  return MethodResult{unit,
                      absl::StrCat("resale price ", T(resale), " x (1 - gross margin ", T(margin),
                                   ") - purchase costs ", T(costs), " = ", T(unit))};
}

absl::StatusOr<MethodResult> CostPlus(const Calc& c) {
  ASSIGN_OR_RETURN(const Decimal cost, c.Input("cost"));
  ASSIGN_OR_RETURN(const Decimal markup, c.Param("markup", true));
  ASSIGN_OR_RETURN(const Decimal factor, Calc::Add(kOne, markup));
  ASSIGN_OR_RETURN(const Decimal unit, Calc::Mul(cost, factor));
  return MethodResult{
      unit, absl::StrCat("cost ", T(cost), " x (1 + markup ", T(markup), ") = ", T(unit))};
}

absl::StatusOr<MethodResult> Tnmm(const Calc& c) {
  if (c.HasParam("net_cost_plus")) {
    ASSIGN_OR_RETURN(const Decimal costs, c.Input("total_costs"));
    ASSIGN_OR_RETURN(const Decimal ncp, c.Param("net_cost_plus", true));
    ASSIGN_OR_RETURN(const Decimal factor, Calc::Add(kOne, ncp));
    ASSIGN_OR_RETURN(const Decimal unit, Calc::Mul(costs, factor));
    return MethodResult{unit, absl::StrCat("TNMM net cost plus: total costs ", T(costs), " x (1 + ",
                                           T(ncp), ") = ", T(unit))};
  }
  if (c.HasParam("operating_margin")) {
    ASSIGN_OR_RETURN(const Decimal costs, c.Input("total_costs"));
    ASSIGN_OR_RETURN(const Decimal margin, c.Param("operating_margin", true));
    ASSIGN_OR_RETURN(const Decimal divisor, Calc::Sub(kOne, margin));
    if (divisor <= Decimal()) {
      return InvalidField("parameters[operating_margin]", T(margin), "MARGIN_OUT_OF_RANGE",
                          "must be below 1");
    }
    ASSIGN_OR_RETURN(const Decimal unit,
                     NoOverflow(Decimal::Div(costs, divisor), "inputs", "the TNMM unit price"));
    return MethodResult{unit, absl::StrCat("TNMM operating margin: total costs ", T(costs),
                                           " / (1 - ", T(margin), ") = ", T(unit))};
  }
  ASSIGN_OR_RETURN(const Decimal opex, c.Input("operating_expenses"));
  ASSIGN_OR_RETURN(const Decimal berry, c.Param("berry_ratio", true));
  const Decimal cogs = c.OptionalInput("cost_of_goods");
  ASSIGN_OR_RETURN(const Decimal gross_profit, Calc::Mul(berry, opex));
  ASSIGN_OR_RETURN(const Decimal unit, Calc::Add(cogs, gross_profit));
  return MethodResult{unit,
                      absl::StrCat("TNMM Berry ratio: cost of goods ", T(cogs), " + ", T(berry),
                                   " x operating expenses ", T(opex), " = ", T(unit))};
}

absl::StatusOr<MethodResult> ProfitSplit(const Calc& c) {
  ASSIGN_OR_RETURN(const Decimal seller_costs, c.Input("seller_costs"));
  ASSIGN_OR_RETURN(const Decimal profit, c.Input("combined_profit"));
  ASSIGN_OR_RETURN(const Decimal weight, c.Param("seller_weight", false));
  if (!c.HasParam("seller_routine_markup")) {
    ASSIGN_OR_RETURN(const Decimal share, Calc::Mul(profit, weight));
    ASSIGN_OR_RETURN(const Decimal unit, Calc::Add(seller_costs, share));
    return MethodResult{
        unit, absl::StrCat("profit split: seller costs ", T(seller_costs), " + combined profit ",
                           T(profit), " x seller weight ", T(weight), " = ", T(unit))};
  }
  ASSIGN_OR_RETURN(const Decimal buyer_costs, c.Input("buyer_costs"));
  ASSIGN_OR_RETURN(const Decimal seller_routine,
                   Calc::Mul(seller_costs, c.OptionalParam("seller_routine_markup", Decimal())));
  ASSIGN_OR_RETURN(const Decimal buyer_routine,
                   Calc::Mul(buyer_costs, c.OptionalParam("buyer_routine_markup", Decimal())));
  ASSIGN_OR_RETURN(Decimal residual, Calc::Sub(profit, seller_routine));
  ASSIGN_OR_RETURN(residual, Calc::Sub(residual, buyer_routine));
  ASSIGN_OR_RETURN(const Decimal share, Calc::Mul(residual, weight));
  ASSIGN_OR_RETURN(Decimal unit, Calc::Add(seller_costs, seller_routine));
  ASSIGN_OR_RETURN(unit, Calc::Add(unit, share));
  return MethodResult{
      unit, absl::StrCat("residual profit split: seller costs ", T(seller_costs),
                         " + routine return ", T(seller_routine), " + residual ", T(residual),
                         " x seller weight ", T(weight), " = ", T(unit))};
}

absl::StatusOr<MethodResult> LowValueServices(const Calc& c) {
  ASSIGN_OR_RETURN(const Decimal pooled, c.Input("pooled_cost"));
  const Decimal pass_through = c.OptionalInput("pass_through_costs");
  const Decimal markup = c.OptionalParam("markup", kLowValueMarkup);
  ASSIGN_OR_RETURN(const Decimal factor, Calc::Add(kOne, markup));
  ASSIGN_OR_RETURN(Decimal unit, Calc::Mul(pooled, factor));
  ASSIGN_OR_RETURN(unit, Calc::Add(unit, pass_through));
  return MethodResult{unit, absl::StrCat("low value-adding services: pooled cost ", T(pooled),
                                         " x (1 + ", T(markup), ") + pass-through costs ",
                                         T(pass_through), " at 0% = ", T(unit))};
}

absl::StatusOr<MethodResult> CostAllocation(const Calc& c) {
  const Decimal markup = c.OptionalParam("markup", Decimal());
  ASSIGN_OR_RETURN(const Decimal factor, Calc::Add(kOne, markup));
  if (c.HasInput("hourly_rate")) {
    ASSIGN_OR_RETURN(const Decimal rate, c.Input("hourly_rate"));
    ASSIGN_OR_RETURN(const Decimal unit, Calc::Mul(rate, factor));
    return MethodResult{unit, absl::StrCat("cost allocation: hourly rate ", T(rate), " x (1 + ",
                                           T(markup), ") = ", T(unit), " per hour")};
  }
  ASSIGN_OR_RETURN(const Decimal pool, c.Input("pool_cost"));
  ASSIGN_OR_RETURN(const Decimal share, c.Param("allocation_share", false));
  ASSIGN_OR_RETURN(Decimal unit, Calc::Mul(pool, share));
  ASSIGN_OR_RETURN(unit, Calc::Mul(unit, factor));
  return MethodResult{
      unit, absl::StrCat("cost allocation: pool cost ", T(pool), " x allocation share ", T(share),
                         " x (1 + ", T(markup), ") = ", T(unit))};
}

absl::StatusOr<MethodResult> EmployeeDiscount(const Calc& c) {
  ASSIGN_OR_RETURN(const Decimal list, c.Input("list_price"));
  ASSIGN_OR_RETURN(const Decimal discount, c.Param("discount", false));
  const Decimal cap = c.OptionalParam("discount_cap", kOne);
  const Decimal applied = std::min(discount, cap);
  ASSIGN_OR_RETURN(const Decimal factor, Calc::Sub(kOne, applied));
  ASSIGN_OR_RETURN(const Decimal unit, Calc::Mul(list, factor));
  return MethodResult{
      unit, absl::StrCat("employee discount: list price ", T(list), " x (1 - ", T(applied),
                         applied < discount ? " (capped)" : "", ") = ", T(unit))};
}

// Inputs that may be negative: an adjustment and a combined loss.
bool MayBeNegative(absl::string_view name) {
  return name == "adjustment" || name == "combined_profit";
}

absl::Status CheckInputs(Method method, const Inputs& inputs) {
  const Spec& spec = SpecOf(method);
  for (const auto& [name, value] : inputs) {
    const std::string field = absl::StrCat("inputs[", name, "]");
    if (!Contains(spec.inputs, name)) {
      return InvalidField(field, value.ToString(), "UNKNOWN_INPUT",
                          absl::StrCat("is not an input of ", spec.name));
    }
    if (value.is_negative() && !MayBeNegative(name)) {
      return InvalidField(field, value.ToString(), "NEGATIVE_AMOUNT", "must not be negative");
    }
  }
  return absl::OkStatus();
}

// Inclusive or exclusive bounds on a parameter; nullopt means unbounded.
struct Bounds {
  const char* name;
  std::optional<Decimal> min;
  bool min_inclusive;
  std::optional<Decimal> max;
  bool max_inclusive;
  const char* description;
};

absl::Status CheckBounds(const Parameters& parameters, const std::vector<Bounds>& bounds) {
  for (const Bounds& b : bounds) {
    const auto it = parameters.find(b.name);
    if (it == parameters.end()) continue;
    const Decimal v = it->second;
    const bool low_ok = !b.min.has_value() || (b.min_inclusive ? v >= *b.min : v > *b.min);
    const bool high_ok = !b.max.has_value() || (b.max_inclusive ? v <= *b.max : v < *b.max);
    if (!low_ok || !high_ok) {
      return InvalidField(absl::StrCat("parameters[", b.name, "]"), v.ToString(),
                          "PARAMETER_OUT_OF_RANGE", b.description);
    }
  }
  return absl::OkStatus();
}

}  // namespace

const char* MethodName(Method method) { return SpecOf(method).name; }

std::optional<Method> ParseMethod(absl::string_view name) {
  for (const Spec& spec : Specs()) {
    if (name == spec.name) return spec.method;
  }
  return std::nullopt;
}

std::string IndicatorName(Method method, const Parameters& parameters) {
  switch (method) {
    case Method::kCup:
      return "comparable_price";
    case Method::kResaleMinus:
      return "gross_margin";
    case Method::kCostPlus:
      return "markup";
    case Method::kTnmm:
      for (const char* pli : {"net_cost_plus", "operating_margin", "berry_ratio"}) {
        if (parameters.count(pli) > 0) return pli;
      }
      return "net_cost_plus";
    default:
      return "";
  }
}

absl::Status ValidateParameters(Method method, const Parameters& parameters, bool has_range) {
  const Spec& spec = SpecOf(method);
  for (const auto& [name, value] : parameters) {
    if (!Contains(spec.parameters, name)) {
      return InvalidField(absl::StrCat("parameters[", name, "]"), value.ToString(),
                          "UNKNOWN_PARAMETER", absl::StrCat("is not a parameter of ", spec.name));
    }
  }
  const Decimal minus_one = D(-1), zero, one = kOne;
  RETURN_IF_ERROR(CheckBounds(
      parameters,
      {{"markup", minus_one, false, std::nullopt, false, "must be above -1 (-100%)"},
       {"adjustment_rate", minus_one, false, std::nullopt, false, "must be above -1 (-100%)"},
       {"comparable_price", zero, true, std::nullopt, false, "must not be negative"},
       {"gross_margin", zero, true, one, false, "must be in [0, 1)"},
       {"net_cost_plus", minus_one, false, std::nullopt, false, "must be above -1 (-100%)"},
       {"operating_margin", minus_one, false, one, false, "must be in (-1, 1)"},
       {"berry_ratio", zero, true, std::nullopt, false, "must not be negative"},
       {"seller_weight", zero, true, one, true, "must be in [0, 1]"},
       {"seller_routine_markup", zero, true, std::nullopt, false, "must not be negative"},
       {"buyer_routine_markup", zero, true, std::nullopt, false, "must not be negative"},
       {"allocation_share", zero, false, one, true, "must be in (0, 1]"},
       {"discount", zero, true, one, true, "must be in [0, 1]"},
       {"discount_cap", zero, true, one, true, "must be in [0, 1]"}}));
  auto require = [&](const char* name) -> absl::Status {
    if (parameters.count(name) > 0) return absl::OkStatus();
    return InvalidField(absl::StrCat("parameters[", name, "]"), "", "MISSING_PARAMETER",
                        absl::StrCat("is required by ", spec.name));
  };
  switch (method) {
    case Method::kResaleMinus:
      return has_range ? absl::OkStatus() : require("gross_margin");
    case Method::kCostPlus:
      return has_range ? absl::OkStatus() : require("markup");
    case Method::kTnmm: {
      const int plis =
          static_cast<int>(parameters.count("net_cost_plus") +
                           parameters.count("operating_margin") + parameters.count("berry_ratio"));
      if (plis != 1) {
        return InvalidField("parameters", absl::StrCat(plis, " indicators"), "ONE_PLI_REQUIRED",
                            "TNMM needs exactly one of net_cost_plus, operating_margin, "
                            "berry_ratio");
      }
      return absl::OkStatus();
    }
    case Method::kProfitSplit:
      if (parameters.count("seller_routine_markup") != parameters.count("buyer_routine_markup")) {
        return InvalidField("parameters[buyer_routine_markup]", "", "ROUTINE_MARKUPS_PAIRED",
                            "seller_routine_markup and buyer_routine_markup go together");
      }
      return require("seller_weight");
    case Method::kLowValueServices:
      return CheckBounds(parameters, {{"markup", zero, true, kLowValueMarkup, true,
                                       "the simplified approach allows at most 0.05 (5%)"}});
    case Method::kCostAllocation:
      return CheckBounds(parameters,
                         {{"markup", zero, true, std::nullopt, false, "must not be negative"}});
    case Method::kEmployeeDiscount:
      return require("discount");
    case Method::kCup:
      return absl::OkStatus();
  }
  return absl::OkStatus();
}

absl::StatusOr<MethodResult> UnitPrice(Method method, const Parameters& parameters,
                                       const Inputs& inputs, std::optional<Decimal> indicator) {
  RETURN_IF_ERROR(CheckInputs(method, inputs));
  const Calc c(method, parameters, inputs, indicator);
  absl::StatusOr<MethodResult> result;
  switch (method) {
    case Method::kCup:
      result = Cup(c);
      break;
    case Method::kResaleMinus:
      result = ResaleMinus(c);
      break;
    case Method::kCostPlus:
      result = CostPlus(c);
      break;
    case Method::kTnmm:
      result = Tnmm(c);
      break;
    case Method::kProfitSplit:
      result = ProfitSplit(c);
      break;
    case Method::kLowValueServices:
      result = LowValueServices(c);
      break;
    case Method::kCostAllocation:
      result = CostAllocation(c);
      break;
    case Method::kEmployeeDiscount:
      result = EmployeeDiscount(c);
      break;
  }
  if (result.ok() && result->unit_price.is_negative()) {
    return InvalidField("inputs", result->unit_price.ToString(), "NEGATIVE_PRICE",
                        absl::StrCat("the inputs give a negative price: ", result->explanation));
  }
  return result;
}

}  // namespace interco::pricing
