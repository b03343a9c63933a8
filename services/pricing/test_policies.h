// Helpers for building policies and rates in tests.
#ifndef INTERCO_SERVICES_PRICING_TEST_POLICIES_H_
#define INTERCO_SERVICES_PRICING_TEST_POLICIES_H_

#include <string>

#include "services/pricing/pricing_book.h"

namespace interco::pricing::testing {

inline Decimal Dec(absl::string_view text) { return *Decimal::Parse(text); }

inline Policy CostPlusPolicy(const std::string& id, const std::string& markup = "0.08") {
  Policy policy;
  policy.id = id;
  policy.pattern.valid_from = absl::CivilDay(2020, 1, 1);
  policy.method = Method::kCostPlus;
  policy.parameters["markup"] = Dec(markup);
  return policy;
}

inline FxRate SpotRate(const char* base, const char* quote, const char* rate, absl::CivilDay day) {
  return {base, quote, RateType::kSpot, day, day + 1, Dec(rate)};
}

}  // namespace interco::pricing::testing

#endif  // INTERCO_SERVICES_PRICING_TEST_POLICIES_H_
