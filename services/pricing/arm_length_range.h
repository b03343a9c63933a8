// Arm's-length ranges from comparable results.
//
// Percentiles follow Treas. Reg. §1.482-1(e)(2)(iii)(C): sort the n results ascending; for
// percentile p let k = n*p/100; if k is a whole number the percentile is the average of the
// k-th and (k+1)-th results, otherwise the ceil(k)-th result. (Spreadsheet QUARTILE
// interpolates differently and gives other numbers.)
#ifndef INTERCO_SERVICES_PRICING_ARM_LENGTH_RANGE_H_
#define INTERCO_SERVICES_PRICING_ARM_LENGTH_RANGE_H_

#include <vector>

#include "absl/status/statusor.h"
#include "services/common/decimal.h"

namespace interco::pricing {

enum class RangeStrategy {
  kNone,             // No comparables: no range test.
  kUsInterquartile,  // [P25, P75], median P50; at least 4 results.
  kIndia,            // [P35, P65], median P50 with at least 6 results; else the mean.
  kFullRange,        // [min, max] of fully adjusted comparables, median P50; at least 2.
};

struct ArmLengthRange {
  Decimal low;
  Decimal median;
  Decimal high;

  bool Contains(Decimal value) const { return low <= value && value <= high; }
};

inline constexpr int kMinUsResults = 4;
inline constexpr int kMinIndiaPercentileResults = 6;
inline constexpr int kMinFullRangeResults = 2;
inline constexpr int kMaxComparables = 10000;

// The p-th percentile (0 < p < 100) of `sorted` (ascending, non-empty) by the regulation's
// rule. Exact: an average of two results is a Decimal division by 2. INVALID_ARGUMENT
// (reason OVERFLOW) naming "comparables" when two results to average sum beyond Decimal's
// range.
absl::StatusOr<Decimal> RegulationPercentile(const std::vector<Decimal>& sorted, int p);

// The range of `results` under `strategy`. INVALID_ARGUMENT naming "comparables" when there
// are too few (or too many) results for the strategy, or the strategy is kNone, or (reason
// OVERFLOW) when an average or mean the strategy takes sums beyond Decimal's range.
absl::StatusOr<ArmLengthRange> ComputeRange(RangeStrategy strategy, std::vector<Decimal> results);

}  // namespace interco::pricing

#endif  // INTERCO_SERVICES_PRICING_ARM_LENGTH_RANGE_H_
