#include "services/pricing/policy.h"

#include "absl/strings/str_cat.h"
#include "services/common/field_error.h"
#include "services/common/status_macros.h"
#include "services/common/text.h"
#include "services/group/model.h"
#include "services/group/validation.h"

namespace interco::pricing {
namespace {

bool SideMatches(const std::string& pattern_id, absl::string_view party_id,
                 absl::string_view entity_id) {
  return pattern_id.empty() || pattern_id == party_id || pattern_id == entity_id;
}

bool Compatible(const std::string& a, const std::string& b) {
  return a.empty() || b.empty() || a == b;
}

}  // namespace

int PolicyPattern::Specificity() const {
  return (seller_id.empty() ? 0 : 1) + (buyer_id.empty() ? 0 : 1) +
         (transaction_type.has_value() ? 1 : 0) + (category.empty() ? 0 : 1);
}

absl::Status ValidateCategory(absl::string_view field, absl::string_view category) {
  if (category.size() > kMaxCategoryBytes) {
    return InvalidField(field, category, "TOO_LONG",
                        absl::StrCat("longer than ", kMaxCategoryBytes, " bytes"));
  }
  return CheckPrintableText(field, category, "INVALID_TEXT");
}

absl::Status ValidatePolicy(const Policy& policy) {
  RETURN_IF_ERROR(group::ValidateId("policy_id", policy.id));
  const PolicyPattern& p = policy.pattern;
  if (!p.seller_id.empty()) RETURN_IF_ERROR(group::ValidateId("pattern.seller_id", p.seller_id));
  if (!p.buyer_id.empty()) RETURN_IF_ERROR(group::ValidateId("pattern.buyer_id", p.buyer_id));
  RETURN_IF_ERROR(ValidateCategory("pattern.category", p.category));
  RETURN_IF_ERROR(group::ValidateDay("pattern.validity.valid_from", p.valid_from));
  if (p.valid_to.has_value()) {
    RETURN_IF_ERROR(group::ValidateDay("pattern.validity.valid_to", *p.valid_to));
    if (*p.valid_to <= p.valid_from) {
      return InvalidField("pattern.validity.valid_to", group::DayText(*p.valid_to),
                          "EMPTY_VALIDITY", "must be after valid_from");
    }
  }
  if (policy.priority < -kMaxPriority || policy.priority > kMaxPriority) {
    return InvalidField("priority", absl::StrCat(policy.priority), "PRIORITY_OUT_OF_RANGE",
                        absl::StrCat("must be within +/-", kMaxPriority));
  }
  if (policy.parameters.size() > kMaxParameters) {
    return InvalidField("parameters", absl::StrCat(policy.parameters.size()), "TOO_MANY",
                        absl::StrCat("at most ", kMaxParameters, " parameters"));
  }
  const bool has_range = policy.range != RangeStrategy::kNone;
  RETURN_IF_ERROR(ValidateParameters(policy.method, policy.parameters, has_range));
  if (!has_range) {
    if (!policy.comparables.empty()) {
      return InvalidField("range_strategy", "NONE", "RANGE_STRATEGY_MISSING",
                          "comparables need a range strategy");
    }
    return absl::OkStatus();
  }
  if (IndicatorName(policy.method, policy.parameters).empty()) {
    return InvalidField("range_strategy", "set", "RANGE_NOT_SUPPORTED",
                        absl::StrCat(MethodName(policy.method), " takes no arm's-length range"));
  }
  return ComputeRange(policy.range, policy.comparables).status();
}

bool Matches(const PolicyPattern& pattern, const MatchKey& key) {
  return pattern.ActiveOn(key.day) &&
         SideMatches(pattern.seller_id, key.seller_party_id, key.seller_entity_id) &&
         SideMatches(pattern.buyer_id, key.buyer_party_id, key.buyer_entity_id) &&
         (!pattern.transaction_type.has_value() ||
          *pattern.transaction_type == key.transaction_type) &&
         (pattern.category.empty() || pattern.category == key.category);
}

bool CouldBothMatch(const PolicyPattern& a, const PolicyPattern& b) {
  const bool overlap = (!a.valid_to.has_value() || b.valid_from < *a.valid_to) &&
                       (!b.valid_to.has_value() || a.valid_from < *b.valid_to);
  const bool types = !a.transaction_type.has_value() || !b.transaction_type.has_value() ||
                     *a.transaction_type == *b.transaction_type;
  return overlap && types && Compatible(a.seller_id, b.seller_id) &&
         Compatible(a.buyer_id, b.buyer_id) && Compatible(a.category, b.category);
}

}  // namespace interco::pricing
