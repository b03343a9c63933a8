// Quote: the arm's-length price of one transaction, explained. Pure: nothing is written.
//
// Steps: classify the parties on the date; for EXTERNAL no transfer pricing applies (a
// proposed price, if any, stands and is converted for the group side); otherwise find
// the governing policy; compute the unit price by its method (the indicator is the policy's
// own value, or the range median when it has none); map the indicator range to prices; test
// the proposed price against it and adjust to the median when outside (without a range the
// policy's price is the arm's-length point); round to the currency's minor unit by the
// policy's rounding; convert unit price and total to the functional currency of each side
// that books it (not an employee's) at the SPOT rate of the date (see fx.h for stale rates),
// triangulating through the group currency (the functional currency of the seller's
// ultimate parent, or the buyer's when the seller is outside the group).
#ifndef INTERCO_SERVICES_PRICING_QUOTE_H_
#define INTERCO_SERVICES_PRICING_QUOTE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/group/classifier.h"
#include "services/group/structure.h"
#include "services/pricing/fx.h"
#include "services/pricing/methods.h"
#include "services/pricing/pricing_book.h"

namespace interco::pricing {

struct QuoteRequest {
  group::Party seller;
  group::Party buyer;
  absl::CivilDay date;
  TransactionType transaction_type = TransactionType::kGoods;
  std::string category;
  Decimal quantity;
  std::string currency;  // The transaction currency of inputs and prices.
  Inputs inputs;         // Per unit of quantity.
  std::optional<Decimal> tested_unit_price;
};

struct FunctionalAmount {
  std::string entity_id;
  std::string currency;
  Decimal unit_price;  // Rounded to the currency's minor unit.
  Decimal total;       // Rounded to the currency's minor unit.
  Conversion conversion;
};

struct Quote {
  group::Classification classification;
  bool transfer_pricing_applies = false;
  // The rest is set only when transfer pricing applies, except that an EXTERNAL quote with a
  // proposed price carries that price as unit_price, its total and functional amounts.
  std::string policy_id;
  uint64_t policy_version = 0;
  Method method = Method::kCostPlus;
  Parameters parameters;
  Inputs inputs;
  std::string currency;
  Decimal unit_price;                         // Arm's length, rounded to the currency's minor unit.
  Decimal total;                              // unit_price x quantity, rounded.
  std::optional<ArmLengthRange> price_range;  // Unit prices, not rounded.
  // The same range in the indicator's own terms (a markup of 0.043 is 4.3%), as the
  // comparables gave it: what a transfer-pricing file reports. Set with price_range.
  std::optional<ArmLengthRange> indicator_range;
  std::string indicator;  // Its parameter's name, e.g. "markup", "comparable_price".
  std::optional<bool> tested_price_in_range;  // Set when a price was proposed.
  Decimal adjustment;                         // Per unit: unit_price - proposed price.
  bool reject_out_of_range = false;           // The policy's choice for the ledger.
  // Seller's side, then buyer's: only the sides that book (group entities and their
  // departments, not employees), so that only the rates the ledger needs are looked up.
  std::vector<FunctionalAmount> functional;
  std::string explanation;
};

inline constexpr int kMaxQuantityPlaces = 6;

// Errors: those of Classify; INVALID_ARGUMENT for a zero or negative quantity, an unknown
// currency and bad inputs (naming the field); FAILED_PRECONDITION when no policy governs
// the transaction or an FX rate is missing.
absl::StatusOr<Quote> PriceTransaction(const group::GroupStructure& structure,
                                       const PricingBook& book, const QuoteRequest& request);

}  // namespace interco::pricing

#endif  // INTERCO_SERVICES_PRICING_QUOTE_H_
