#include "services/api/pricing_convert.h"

#include "absl/strings/str_cat.h"
#include "services/api/convert.h"
#include "services/common/field_error.h"
#include "services/common/status_macros.h"

namespace interco::api {
namespace {

constexpr int kMaxParameterPlaces = 12;
constexpr int kMaxInputs = 16;
const absl::int128 kNano = 1000000000;

// Proto enum <-> domain enum tables, in one place each.
constexpr struct {
  v1::PricingMethod wire;
  pricing::Method domain;
} kMethods[] = {
    {v1::PRICING_METHOD_CUP, pricing::Method::kCup},
    {v1::PRICING_METHOD_RESALE_MINUS, pricing::Method::kResaleMinus},
    {v1::PRICING_METHOD_COST_PLUS, pricing::Method::kCostPlus},
    {v1::PRICING_METHOD_TNMM, pricing::Method::kTnmm},
    {v1::PRICING_METHOD_PROFIT_SPLIT, pricing::Method::kProfitSplit},
    {v1::PRICING_METHOD_LOW_VALUE_SERVICES, pricing::Method::kLowValueServices},
    {v1::PRICING_METHOD_COST_ALLOCATION, pricing::Method::kCostAllocation},
    {v1::PRICING_METHOD_EMPLOYEE_DISCOUNT, pricing::Method::kEmployeeDiscount},
};

constexpr struct {
  v1::TransactionType wire;
  pricing::TransactionType domain;
} kTypes[] = {
    {v1::TRANSACTION_TYPE_GOODS, pricing::TransactionType::kGoods},
    {v1::TRANSACTION_TYPE_SERVICES, pricing::TransactionType::kServices},
    {v1::TRANSACTION_TYPE_ROYALTY, pricing::TransactionType::kRoyalty},
    {v1::TRANSACTION_TYPE_LOAN_INTEREST, pricing::TransactionType::kLoanInterest},
    {v1::TRANSACTION_TYPE_COST_ALLOCATION, pricing::TransactionType::kCostAllocation},
    {v1::TRANSACTION_TYPE_EMPLOYEE_SALE, pricing::TransactionType::kEmployeeSale},
};

constexpr struct {
  v1::RangeStrategy wire;
  pricing::RangeStrategy domain;
} kRanges[] = {
    {v1::RANGE_STRATEGY_UNSPECIFIED, pricing::RangeStrategy::kNone},
    {v1::RANGE_STRATEGY_US_INTERQUARTILE, pricing::RangeStrategy::kUsInterquartile},
    {v1::RANGE_STRATEGY_INDIA, pricing::RangeStrategy::kIndia},
    {v1::RANGE_STRATEGY_FULL_RANGE, pricing::RangeStrategy::kFullRange},
};

constexpr struct {
  v1::RateType wire;
  pricing::RateType domain;
} kRateTypes[] = {
    {v1::RATE_TYPE_SPOT, pricing::RateType::kSpot},
    {v1::RATE_TYPE_AVERAGE, pricing::RateType::kAverage},
    {v1::RATE_TYPE_CLOSING, pricing::RateType::kClosing},
};

template <typename Table, typename Wire>
auto FromWire(const Table& table, Wire wire, absl::string_view field, absl::string_view name)
    -> absl::StatusOr<decltype(table[0].domain)> {
  for (const auto& entry : table) {
    if (entry.wire == wire) return entry.domain;
  }
  return InvalidField(field, absl::StrCat(static_cast<int>(wire)), "INVALID_ENUM",
                      absl::StrCat("not a known ", name));
}

template <typename Table, typename Domain>
auto ToWire(const Table& table, Domain domain) {
  for (const auto& entry : table) {
    if (entry.domain == domain) return entry.wire;
  }
  return table[0].wire;
}

absl::StatusOr<absl::CivilDay> OptionalDay(const google::type::Date& date, absl::string_view field,
                                           absl::CivilDay fallback) {
  if (date.year() == 0 && date.month() == 0 && date.day() == 0) return fallback;
  return DayFromProto(date, field);
}

absl::StatusOr<pricing::PolicyPattern> PatternFromProto(const v1::PolicyPattern& pattern) {
  pricing::PolicyPattern out;
  out.seller_id = pattern.seller_id();
  out.buyer_id = pattern.buyer_id();
  if (pattern.transaction_type() != v1::TRANSACTION_TYPE_UNSPECIFIED) {
    ASSIGN_OR_RETURN(out.transaction_type, FromWire(kTypes, pattern.transaction_type(),
                                                    "transaction_type", "transaction type"));
  }
  out.category = pattern.category();
  ASSIGN_OR_RETURN(out.valid_from,
                   DayFromProto(pattern.validity().valid_from(), "validity.valid_from"));
  if (pattern.validity().has_valid_to()) {
    ASSIGN_OR_RETURN(out.valid_to,
                     DayFromProto(pattern.validity().valid_to(), "validity.valid_to"));
  }
  return out;
}

}  // namespace

absl::StatusOr<Decimal> MoneyFromProto(const google::type::Money& money, absl::string_view field,
                                       absl::string_view currency) {
  const std::string value =
      absl::StrCat(money.units(), " units ", money.nanos(), " nanos ", money.currency_code());
  if (!currency.empty() && money.currency_code() != currency) {
    return InvalidField(absl::StrCat(field, ".currency_code"), money.currency_code(),
                        "CURRENCY_MISMATCH",
                        absl::StrCat("must be the transaction currency ", currency));
  }
  if (money.nanos() <= -kNano || money.nanos() >= kNano ||
      (money.units() > 0 && money.nanos() < 0) || (money.units() < 0 && money.nanos() > 0)) {
    return InvalidField(field, value, "INVALID_MONEY",
                        "nanos must be within +/-999,999,999 and of the same sign as units");
  }
  const absl::int128 raw =
      absl::int128(money.units()) * DecimalScale() + absl::int128(money.nanos()) * kNano;
  return Decimal::FromRaw(raw);
}

absl::Status MoneyToProto(Decimal amount, absl::string_view currency, absl::string_view field,
                          google::type::Money* out) {
  const absl::int128 nanos_total = amount.Round(9).raw() / kNano;
  const absl::int128 units = nanos_total / kNano;
  if (units > absl::int128(INT64_MAX) || units < absl::int128(INT64_MIN)) {
    return InvalidField(field, amount.ToString(), "OVERFLOW",
                        "the amount does not fit google.type.Money");
  }
  out->set_currency_code(currency.data(), currency.size());
  out->set_units(static_cast<int64_t>(units));
  out->set_nanos(static_cast<int32_t>(nanos_total % kNano));
  return absl::OkStatus();
}

absl::StatusOr<google::type::Money> MoneyToProto(Decimal amount, absl::string_view currency,
                                                 absl::string_view field) {
  google::type::Money money;
  RETURN_IF_ERROR(MoneyToProto(amount, currency, field, &money));
  return money;
}

absl::StatusOr<pricing::Policy> PolicyFromProto(const v1::Policy& policy) {
  pricing::Policy out;
  out.id = policy.policy_id();
  absl::StatusOr<pricing::PolicyPattern> pattern = PatternFromProto(policy.pattern());
  if (!pattern.ok()) return PrefixField("pattern", pattern.status());
  out.pattern = *std::move(pattern);
  out.priority = policy.priority();
  ASSIGN_OR_RETURN(out.method, FromWire(kMethods, policy.method(), "method", "pricing method"));
  for (const auto& [name, value] : policy.parameters()) {
    ASSIGN_OR_RETURN(
        out.parameters[name],
        DecimalFromProto(value, absl::StrCat("parameters[", name, "]"), kMaxParameterPlaces));
  }
  for (int i = 0; i < policy.comparables_size(); ++i) {
    ASSIGN_OR_RETURN(Decimal value,
                     DecimalFromProto(policy.comparables(i), absl::StrCat("comparables[", i, "]"),
                                      kMaxParameterPlaces));
    out.comparables.push_back(value);
  }
  ASSIGN_OR_RETURN(out.range,
                   FromWire(kRanges, policy.range_strategy(), "range_strategy", "range strategy"));
  out.reject_out_of_range = policy.reject_out_of_range();
  if (policy.rounding() == v1::ROUNDING_HALF_UP) {
    out.rounding = RoundingMode::kHalfUp;
  } else if (policy.rounding() != v1::ROUNDING_HALF_EVEN &&
             policy.rounding() != v1::ROUNDING_UNSPECIFIED) {
    return InvalidField("rounding", absl::StrCat(policy.rounding()), "INVALID_ENUM",
                        "not a known rounding");
  }
  return out;
}

v1::Policy PolicyToProto(const pricing::Policy& policy) {
  v1::Policy out;
  out.set_policy_id(policy.id);
  v1::PolicyPattern* pattern = out.mutable_pattern();
  pattern->set_seller_id(policy.pattern.seller_id);
  pattern->set_buyer_id(policy.pattern.buyer_id);
  if (policy.pattern.transaction_type.has_value()) {
    pattern->set_transaction_type(ToWire(kTypes, *policy.pattern.transaction_type));
  }
  pattern->set_category(policy.pattern.category);
  *pattern->mutable_validity()->mutable_valid_from() = DayToProto(policy.pattern.valid_from);
  if (policy.pattern.valid_to.has_value()) {
    *pattern->mutable_validity()->mutable_valid_to() = DayToProto(*policy.pattern.valid_to);
  }
  out.set_priority(policy.priority);
  out.set_method(ToWire(kMethods, policy.method));
  for (const auto& [name, value] : policy.parameters) {
    (*out.mutable_parameters())[name].set_value(value.ToString());
  }
  for (const Decimal& value : policy.comparables)
    out.add_comparables()->set_value(value.ToString());
  out.set_range_strategy(ToWire(kRanges, policy.range));
  out.set_rounding(policy.rounding == RoundingMode::kHalfUp ? v1::ROUNDING_HALF_UP
                                                            : v1::ROUNDING_HALF_EVEN);
  out.set_reject_out_of_range(policy.reject_out_of_range);
  return out;
}

absl::StatusOr<pricing::FxRate> FxRateFromProto(const v1::FxRate& rate) {
  pricing::FxRate out;
  out.base = rate.base_currency();
  out.quote = rate.quote_currency();
  ASSIGN_OR_RETURN(out.type, FromWire(kRateTypes, rate.type(), "type", "rate type"));
  ASSIGN_OR_RETURN(out.valid_from,
                   DayFromProto(rate.validity().valid_from(), "validity.valid_from"));
  ASSIGN_OR_RETURN(
      out.valid_to,
      OptionalDay(rate.validity().valid_to(), "validity.valid_to",
                  out.type == pricing::RateType::kSpot ? out.valid_from + 1 : out.valid_from));
  ASSIGN_OR_RETURN(out.rate, DecimalFromProto(rate.rate(), "rate", pricing::kMaxRatePlaces));
  return out;
}

v1::FxRate FxRateToProto(const pricing::FxRate& rate) {
  v1::FxRate out;
  out.set_base_currency(rate.base);
  out.set_quote_currency(rate.quote);
  out.set_type(ToWire(kRateTypes, rate.type));
  *out.mutable_validity()->mutable_valid_from() = DayToProto(rate.valid_from);
  *out.mutable_validity()->mutable_valid_to() = DayToProto(rate.valid_to);
  out.mutable_rate()->set_value(rate.rate.ToString());
  return out;
}

absl::StatusOr<pricing::TransactionType> TransactionTypeFromProto(v1::TransactionType type,
                                                                  absl::string_view field) {
  return FromWire(kTypes, type, field, "transaction type");
}

v1::TransactionType TransactionTypeToProto(pricing::TransactionType type) {
  return ToWire(kTypes, type);
}

absl::StatusOr<pricing::RateType> RateTypeFromProto(v1::RateType type, absl::string_view field) {
  return FromWire(kRateTypes, type, field, "rate type");
}

absl::StatusOr<pricing::QuoteRequest> QuoteRequestFromProto(const v1::QuoteRequest& request) {
  pricing::QuoteRequest out;
  ASSIGN_OR_RETURN(out.seller, PartyFromProto(request.seller(), "seller"));
  ASSIGN_OR_RETURN(out.buyer, PartyFromProto(request.buyer(), "buyer"));
  ASSIGN_OR_RETURN(out.date, DayFromProto(request.date(), "date"));
  ASSIGN_OR_RETURN(out.transaction_type, FromWire(kTypes, request.transaction_type(),
                                                  "transaction_type", "transaction type"));
  RETURN_IF_ERROR(pricing::ValidateCategory("category", request.category()));
  out.category = request.category();
  ASSIGN_OR_RETURN(out.quantity,
                   DecimalFromProto(request.quantity(), "quantity", pricing::kMaxQuantityPlaces));
  out.currency = request.currency_code();
  if (request.inputs_size() > kMaxInputs) {
    return InvalidField("inputs", absl::StrCat(request.inputs_size()), "TOO_MANY",
                        absl::StrCat("at most ", kMaxInputs, " inputs"));
  }
  for (const auto& [name, money] : request.inputs()) {
    ASSIGN_OR_RETURN(out.inputs[name],
                     MoneyFromProto(money, absl::StrCat("inputs[", name, "]"), out.currency));
  }
  if (request.has_tested_unit_price()) {
    ASSIGN_OR_RETURN(out.tested_unit_price, MoneyFromProto(request.tested_unit_price(),
                                                           "tested_unit_price", out.currency));
  }
  return out;
}

absl::StatusOr<v1::QuoteResponse> QuoteToProto(const pricing::Quote& quote) {
  v1::QuoteResponse out;
  *out.mutable_classification() = ClassificationToProto(quote.classification);
  out.set_transfer_pricing_applies(quote.transfer_pricing_applies);
  out.set_explanation(quote.explanation);
  const std::string& currency = quote.currency;
  if (quote.transfer_pricing_applies) {
    out.set_policy_id(quote.policy_id);
    out.set_policy_version(quote.policy_version);
    out.set_method(ToWire(kMethods, quote.method));
    for (const auto& [name, value] : quote.parameters) {
      (*out.mutable_parameters())[name].set_value(value.ToString());
    }
    for (const auto& [name, value] : quote.inputs) {
      ASSIGN_OR_RETURN((*out.mutable_inputs())[name], MoneyToProto(value, currency, "inputs"));
    }
  }
  if (currency.empty()) return out;  // External, and no price was stated.
  ASSIGN_OR_RETURN(*out.mutable_unit_price(), MoneyToProto(quote.unit_price, currency, "inputs"));
  ASSIGN_OR_RETURN(*out.mutable_total(), MoneyToProto(quote.total, currency, "quantity"));
  if (quote.price_range.has_value()) {
    ASSIGN_OR_RETURN(*out.mutable_range_low(),
                     MoneyToProto(quote.price_range->low, currency, "inputs"));
    ASSIGN_OR_RETURN(*out.mutable_range_median(),
                     MoneyToProto(quote.price_range->median, currency, "inputs"));
    ASSIGN_OR_RETURN(*out.mutable_range_high(),
                     MoneyToProto(quote.price_range->high, currency, "inputs"));
  }
  if (quote.indicator_range.has_value()) {
    v1::IndicatorRange* range = out.mutable_indicator_range();
    range->set_indicator(quote.indicator);
    range->mutable_low()->set_value(quote.indicator_range->low.ToString());
    range->mutable_median()->set_value(quote.indicator_range->median.ToString());
    range->mutable_high()->set_value(quote.indicator_range->high.ToString());
  }
  if (quote.tested_price_in_range.has_value()) {
    out.set_tested_price_in_range(*quote.tested_price_in_range);
    ASSIGN_OR_RETURN(*out.mutable_adjustment(), MoneyToProto(quote.adjustment, currency, "inputs"));
  }
  for (const pricing::FunctionalAmount& amount : quote.functional) {
    v1::FunctionalAmount* wire = out.add_functional_amounts();
    wire->set_entity_id(amount.entity_id);
    ASSIGN_OR_RETURN(*wire->mutable_unit_price(),
                     MoneyToProto(amount.unit_price, amount.currency, "inputs"));
    ASSIGN_OR_RETURN(*wire->mutable_total(),
                     MoneyToProto(amount.total, amount.currency, "quantity"));
    wire->mutable_rate()->set_value(amount.conversion.rate.ToString());
    *wire->mutable_rate_date() = DayToProto(amount.conversion.rate_date);
    wire->set_conversion(amount.conversion.method);
  }
  return out;
}

}  // namespace interco::api
