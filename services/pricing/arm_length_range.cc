#include "services/pricing/arm_length_range.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/common/field_error.h"
#include "services/common/status_macros.h"

namespace interco::pricing {
namespace {

// Comparable results are bounded only by Decimal's range, so their sum may leave it: an
// error naming the comparables, like any other overflow of a caller's numbers.
absl::Status SumOverflow(absl::string_view what, absl::string_view value) {
  return InvalidField("comparables", value, "OVERFLOW",
                      absl::StrCat("the ", what,
                                   " of the comparable results is too large to "
                                   "compute exactly"));
}

// sum / count for a sum that fits and a count in [1, kMaxComparables]: the quotient's
// magnitude is at most the sum's and the divisor is far below Div's limit (1e19), so this
// cannot fail; INTERNAL (our bug) if it does.
absl::StatusOr<Decimal> DivideSum(Decimal sum, size_t count) {
  const std::optional<Decimal> quotient =
      count == 0 || count > static_cast<size_t>(kMaxComparables)
          ? std::nullopt
          : Decimal::Div(sum, Decimal::FromUnits(static_cast<int64_t>(count)));
  if (!quotient.has_value()) {
    return absl::InternalError(absl::StrCat("dividing the sum ", sum.ToString(), " of ", count,
                                            " comparable results failed"));
  }
  return *quotient;
}

absl::StatusOr<Decimal> Average(Decimal a, Decimal b) {
  const std::optional<Decimal> sum = Decimal::Add(a, b);
  if (!sum.has_value()) {
    return SumOverflow("average of two", absl::StrCat(a.ToString(), " and ", b.ToString()));
  }
  return DivideSum(*sum, 2);
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

absl::StatusOr<Decimal> RegulationPercentile(const std::vector<Decimal>& sorted, int p) {
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

namespace {

// [P`low`, P`high`] with the median P50, of `sorted` (ascending, non-empty).
absl::StatusOr<ArmLengthRange> Percentiles(const std::vector<Decimal>& sorted, int low, int high) {
  ArmLengthRange range;
  ASSIGN_OR_RETURN(range.low, RegulationPercentile(sorted, low));
  ASSIGN_OR_RETURN(range.median, RegulationPercentile(sorted, 50));
  ASSIGN_OR_RETURN(range.high, RegulationPercentile(sorted, high));
  return range;
}

}  // namespace

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
      return Percentiles(results, 25, 75);
    case RangeStrategy::kIndia: {
      if (n >= kMinIndiaPercentileResults) return Percentiles(results, 35, 65);
      if (n == 0) return TooFew(strategy, n, 1);
      Decimal sum;
      for (Decimal r : results) {
        const std::optional<Decimal> next = Decimal::Add(sum, r);
        if (!next.has_value()) return SumOverflow("mean", absl::StrCat(n, " results"));
        sum = *next;
      }
      ASSIGN_OR_RETURN(const Decimal mean, DivideSum(sum, n));
      return ArmLengthRange{mean, mean, mean};
    }
    case RangeStrategy::kFullRange: {
      if (n < kMinFullRangeResults) return TooFew(strategy, n, kMinFullRangeResults);
      ASSIGN_OR_RETURN(const Decimal median, RegulationPercentile(results, 50));
      return ArmLengthRange{results.front(), median, results.back()};
    }
  }
  return absl::InternalError("unknown range strategy");
}

}  // namespace interco::pricing
