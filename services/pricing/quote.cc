#include "services/pricing/quote.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/common/field_error.h"
#include "services/common/status_macros.h"
#include "services/pricing/money.h"

namespace interco::pricing {
namespace {

absl::Status ValidateRequest(const QuoteRequest& request) {
  if (request.quantity <= Decimal()) {
    return InvalidField("quantity", request.quantity.ToString(), "NON_POSITIVE_QUANTITY",
                        "must be above zero");
  }
  if (request.quantity.Round(kMaxQuantityPlaces) != request.quantity) {
    return InvalidField("quantity", request.quantity.ToString(), "INVALID_DECIMAL",
                        absl::StrCat("more than ", kMaxQuantityPlaces, " decimal places"));
  }
  RETURN_IF_ERROR(MinorUnitsOf(request.currency, "currency_code").status());
  if (request.tested_unit_price.has_value() && request.tested_unit_price->is_negative()) {
    return InvalidField("tested_unit_price", request.tested_unit_price->ToString(),
                        "NEGATIVE_AMOUNT", "must not be negative");
  }
  return absl::OkStatus();
}

// The unit-price range for the policy's indicator range (the formula may be decreasing in
// its indicator, as resale minus is, so the ends are sorted).
absl::StatusOr<ArmLengthRange> PriceRange(const Policy& policy, const ArmLengthRange& range,
                                          const Inputs& inputs) {
  ASSIGN_OR_RETURN(MethodResult low,
                   UnitPrice(policy.method, policy.parameters, inputs, range.low));
  ASSIGN_OR_RETURN(MethodResult median,
                   UnitPrice(policy.method, policy.parameters, inputs, range.median));
  ASSIGN_OR_RETURN(MethodResult high,
                   UnitPrice(policy.method, policy.parameters, inputs, range.high));
  return ArmLengthRange{std::min(low.unit_price, high.unit_price), median.unit_price,
                        std::max(low.unit_price, high.unit_price)};
}

absl::StatusOr<FunctionalAmount> Convert(const FxTable& fx, const std::string& entity_id,
                                         const std::string& currency, const std::string& pivot,
                                         const Quote& quote, const QuoteRequest& request) {
  ASSIGN_OR_RETURN(const Conversion conversion,
                   fx.Find(quote.currency, currency, RateType::kSpot, request.date, pivot));
  ASSIGN_OR_RETURN(const Decimal unit,
                   NoOverflow(Decimal::Mul(quote.unit_price, conversion.rate), "inputs",
                              absl::StrCat("the unit price in ", currency)));
  ASSIGN_OR_RETURN(const Decimal total,
                   NoOverflow(Decimal::Mul(quote.total, conversion.rate), "quantity",
                              absl::StrCat("the total (quantity x unit price) in ", currency)));
  const RoundingMode mode = RoundingMode::kHalfEven;
  return FunctionalAmount{entity_id, currency, RoundToMinor(unit, currency, mode),
                          RoundToMinor(total, currency, mode), conversion};
}

// Sets unit price, range, test and adjustment from the policy.
absl::Status PriceByPolicy(const PricingBook::Governing& governing, const QuoteRequest& request,
                           Quote& quote) {
  const Policy& policy = *governing.policy;
  std::optional<Decimal> indicator;
  const std::string indicator_name = IndicatorName(policy.method, policy.parameters);
  if (governing.range.has_value() && policy.parameters.count(indicator_name) == 0) {
    indicator = governing.range->median;
  }
  ASSIGN_OR_RETURN(const MethodResult computed,
                   UnitPrice(policy.method, policy.parameters, request.inputs, indicator));
  Decimal arm_length = computed.unit_price;
  quote.explanation = computed.explanation;
  if (governing.range.has_value()) {
    ASSIGN_OR_RETURN(quote.price_range, PriceRange(policy, *governing.range, request.inputs));
    quote.indicator_range = governing.range;
    quote.indicator = indicator_name;
  }
  if (request.tested_unit_price.has_value()) {
    const Decimal tested = *request.tested_unit_price;
    const bool inside =
        quote.price_range.has_value()
            ? quote.price_range->Contains(tested)
            : tested == RoundToMinor(computed.unit_price, request.currency, policy.rounding);
    quote.tested_price_in_range = inside;
    if (inside) {
      arm_length = tested;
    } else if (quote.price_range.has_value()) {
      arm_length = quote.price_range->median;
    }
    absl::StrAppend(&quote.explanation, "; proposed price ", tested.ToString(),
                    inside ? " is within the arm's-length range"
                           : absl::StrCat(" is outside the arm's-length range, adjusted to ",
                                          quote.price_range.has_value() ? "the median " : "",
                                          arm_length.ToString()));
  }
  quote.unit_price = RoundToMinor(arm_length, request.currency, policy.rounding);
  ASSIGN_OR_RETURN(const Decimal total,
                   NoOverflow(Decimal::Mul(quote.unit_price, request.quantity), "quantity",
                              "the total (quantity x unit price)"));
  quote.total = RoundToMinor(total, request.currency, policy.rounding);
  if (request.tested_unit_price.has_value()) {
    ASSIGN_OR_RETURN(quote.adjustment,
                     NoOverflow(Decimal::Sub(quote.unit_price, *request.tested_unit_price),
                                "tested_unit_price", "the adjustment to the arm's-length price"));
  }
  return absl::OkStatus();
}

// Converts unit price and total to the functional currency of each side that books the
// transaction, triangulating through the group currency. An employee keeps no books in
// the group: a side that is an employee, or outside the group, needs no rate.
absl::Status AddFunctionalAmounts(const group::GroupStructure& structure, const PricingBook& book,
                                  const QuoteRequest& request, Quote& quote) {
  const group::Classification& c = quote.classification;
  // The group currency: the functional currency of the group's ultimate parent.
  const std::string& reference = !c.seller.ultimate_parent_id.empty() ? c.seller.ultimate_parent_id
                                                                      : c.buyer.ultimate_parent_id;
  // Functional currencies are those in force in the transaction's period (an entity may
  // have changed its own, IAS 21.35-37; the ledger admits lines only in that currency).
  const absl::CivilMonth period(request.date);
  const group::LegalEntity* parent = structure.FindEntity(reference);
  const std::string pivot = parent != nullptr ? parent->FunctionalCurrencyIn(period) : "";
  const std::pair<const group::ClassifiedSide*, const group::Party*> sides[] = {
      {&c.seller, &request.seller}, {&c.buyer, &request.buyer}};
  for (const auto& [side, party] : sides) {
    if (party->kind == group::PartyKind::kEmployee) continue;
    const group::LegalEntity* entity = structure.FindEntity(side->entity_id);
    if (entity == nullptr) continue;
    ASSIGN_OR_RETURN(FunctionalAmount amount,
                     Convert(book.fx(), entity->id, entity->FunctionalCurrencyIn(period), pivot,
                             quote, request));
    quote.functional.push_back(std::move(amount));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Quote> PriceTransaction(const group::GroupStructure& structure,
                                       const PricingBook& book, const QuoteRequest& request) {
  RETURN_IF_ERROR(ValidateRequest(request));
  Quote quote;
  ASSIGN_OR_RETURN(quote.classification,
                   group::Classify(structure, request.seller, request.buyer, request.date));
  const group::Classification& c = quote.classification;
  if (c.relation == group::Relation::kExternal) {
    quote.explanation = "no transfer pricing applies: " + c.reason;
    if (!request.tested_unit_price.has_value()) return quote;
    // The stated price stands; convert it for the group side(s) to book.
    quote.currency = request.currency;
    quote.unit_price = RoundToMinor(*request.tested_unit_price, request.currency);
    ASSIGN_OR_RETURN(const Decimal total,
                     NoOverflow(Decimal::Mul(quote.unit_price, request.quantity), "quantity",
                                "the total (quantity x unit price)"));
    quote.total = RoundToMinor(total, request.currency);
    RETURN_IF_ERROR(AddFunctionalAmounts(structure, book, request, quote));
    return quote;
  }
  quote.transfer_pricing_applies = true;
  const MatchKey key{request.seller.id, c.seller.entity_id,       request.buyer.id,
                     c.buyer.entity_id, request.transaction_type, request.category,
                     request.date};
  ASSIGN_OR_RETURN(const PricingBook::Governing governing, book.Match(key));
  const Policy& policy = *governing.policy;
  quote.policy_id = policy.id;
  quote.policy_version = governing.policy_version;
  quote.method = policy.method;
  quote.reject_out_of_range = policy.reject_out_of_range;
  quote.parameters = policy.parameters;
  quote.inputs = request.inputs;
  quote.currency = request.currency;
  RETURN_IF_ERROR(PriceByPolicy(governing, request, quote));

  RETURN_IF_ERROR(AddFunctionalAmounts(structure, book, request, quote));
  return quote;
}

}  // namespace interco::pricing
