#include "services/pricing/arm_length_range.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/common/field_error.h"

namespace interco::pricing {
namespace {

Decimal Average(Decimal a, Decimal b) {
  // Comparable results are bounded at parse time, so the sum cannot overflow.
  return *Decimal::Div(*Decimal::Add(a, b), Decimal::FromUnits(2));
}

absl::Status TooFew(RangeStrategy strategy, size_t n, int minimum) {
  const char* name = strategy == RangeStrategy::kUsInterquartile ? "US interquartile"
                     : strategy == RangeStrategy::kIndia         ? "India"
                                                                 : "full range";
  return InvalidField(
      "comparables", absl::StrCat(n, " results"), "TOO_FEW_COMPARABLES",
      absl::StrCat("the ", name, " strategy needs at least ", minimum, " comparable results"));
}

}  // namespace

Decimal RegulationPercentile(const std::vector<Decimal>& sorted, int p) {
  const size_t n = sorted.size();
  const size_t scaled = n * static_cast<size_t>(p);
  const size_t k = scaled / 100;  // Results are 1-based in the regulation.
  if (scaled % 100 == 0) {
    if (k == 0) return sorted.front();
    if (k >= n) return sorted.back();
    return Average(sorted[k - 1], sorted[k]);
  }
  return sorted[std::min(k, n - 1)];  // ceil(k)-th result, 1-based = index k.
}

absl::StatusOr<ArmLengthRange> ComputeRange(RangeStrategy strategy, std::vector<Decimal> results) {
  if (results.size() > kMaxComparables) {
    return InvalidField("comparables", absl::StrCat(results.size(), " results"),
                        "TOO_MANY_COMPARABLES",
                        absl::StrCat("at most ", kMaxComparables, " comparable results"));
  }
  std::sort(results.begin(), results.end());
  const size_t n = results.size();
  switch (strategy) {
    case RangeStrategy::kNone:
      return InvalidField("range_strategy", "NONE", "NO_RANGE", "the policy has no range");
    case RangeStrategy::kUsInterquartile:
      if (n < kMinUsResults) return TooFew(strategy, n, kMinUsResults);
      return ArmLengthRange{RegulationPercentile(results, 25), RegulationPercentile(results, 50),
                            RegulationPercentile(results, 75)};
    case RangeStrategy::kIndia: {
      if (n >= kMinIndiaPercentileResults) {
        return ArmLengthRange{RegulationPercentile(results, 35), RegulationPercentile(results, 50),
                              RegulationPercentile(results, 65)};
      }
      if (n == 0) return TooFew(strategy, n, 1);
      Decimal sum;
      for (Decimal r : results) sum = *Decimal::Add(sum, r);
      const Decimal mean = *Decimal::Div(sum, Decimal::FromUnits(static_cast<int64_t>(n)));
      return ArmLengthRange{mean, mean, mean};
    }
    case RangeStrategy::kFullRange:
      if (n < kMinFullRangeResults) return TooFew(strategy, n, kMinFullRangeResults);
      return ArmLengthRange{results.front(), RegulationPercentile(results, 50), results.back()};
  }
  return absl::InternalError("unknown range strategy");
}

}  // namespace interco::pricing
