// Transfer-pricing policies and the rule that picks the one governing a transaction.
//
// A policy's pattern names a seller, a buyer (an entity, department or employee id; empty
// matches any), a transaction type and a category (unset/empty match any) and a validity.
// Among the policies whose pattern matches, the most specific wins (the number of the four
// fields it names); between equally specific ones, the higher priority. Two policies that
// could both match one transaction with equal specificity and priority are a conflict,
// rejected when the second is upserted.
#ifndef INTERCO_SERVICES_PRICING_POLICY_H_
#define INTERCO_SERVICES_PRICING_POLICY_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "services/common/decimal.h"
#include "services/common/transaction_type.h"
#include "services/pricing/arm_length_range.h"
#include "services/pricing/methods.h"

namespace interco::pricing {

// Below pricing: the ledger books by it too (services/common/transaction_type.h).
using ::interco::TransactionType;
using ::interco::TransactionTypeName;

struct PolicyPattern {
  std::string seller_id;  // Empty: any seller.
  std::string buyer_id;   // Empty: any buyer.
  std::optional<TransactionType> transaction_type;
  std::string category;  // Empty: any category.
  absl::CivilDay valid_from;
  std::optional<absl::CivilDay> valid_to;  // Exclusive; unset: open-ended.

  int Specificity() const;
  bool ActiveOn(absl::CivilDay day) const {
    return valid_from <= day && (!valid_to.has_value() || day < *valid_to);
  }
  friend bool operator==(const PolicyPattern& a, const PolicyPattern& b) {
    return a.seller_id == b.seller_id && a.buyer_id == b.buyer_id &&
           a.transaction_type == b.transaction_type && a.category == b.category &&
           a.valid_from == b.valid_from && a.valid_to == b.valid_to;
  }
};

struct Policy {
  std::string id;
  PolicyPattern pattern;
  int32_t priority = 0;
  Method method = Method::kCostPlus;
  Parameters parameters;
  std::vector<Decimal> comparables;  // Indicator values of comparable transactions.
  RangeStrategy range = RangeStrategy::kNone;
  RoundingMode rounding = RoundingMode::kHalfEven;
  // The ledger rejects, rather than adjusts, a proposed price outside the range.
  bool reject_out_of_range = false;

  friend bool operator==(const Policy& a, const Policy& b) {
    return a.id == b.id && a.pattern == b.pattern && a.priority == b.priority &&
           a.method == b.method && a.parameters == b.parameters && a.comparables == b.comparables &&
           a.range == b.range && a.rounding == b.rounding &&
           a.reject_out_of_range == b.reject_out_of_range;
  }
};

inline constexpr int32_t kMaxPriority = 1000000;
inline constexpr size_t kMaxCategoryBytes = 64;
inline constexpr size_t kMaxParameters = 16;

// A transaction's or a policy pattern's category (free text, optional): at most
// kMaxCategoryBytes of printable text (services/common/text.h), INVALID_ARGUMENT naming
// `field` otherwise. Postings carry it to their entries and reports show it.
absl::Status ValidateCategory(absl::string_view field, absl::string_view category);

// Field formats and method parameters: INVALID_ARGUMENT naming the field (relative to the
// policy: "pattern.seller_id", "parameters[markup]", "comparables", ...).
absl::Status ValidatePolicy(const Policy& policy);

// What a transaction offers the matcher: each side's own id and its entity's id. Views:
// the strings must outlive the key (it lives for one match).
struct MatchKey {
  absl::string_view seller_party_id;
  absl::string_view seller_entity_id;
  absl::string_view buyer_party_id;
  absl::string_view buyer_entity_id;
  TransactionType transaction_type = TransactionType::kGoods;
  absl::string_view category;
  absl::CivilDay day;
};

bool Matches(const PolicyPattern& pattern, const MatchKey& key);

// True if some transaction could match both patterns (fields equal or one a wildcard,
// validities overlapping).
bool CouldBothMatch(const PolicyPattern& a, const PolicyPattern& b);

}  // namespace interco::pricing

#endif  // INTERCO_SERVICES_PRICING_POLICY_H_
