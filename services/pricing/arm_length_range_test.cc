#include "services/pricing/arm_length_range.h"

#include "gtest/gtest.h"
#include "services/common/field_error.h"

namespace interco::pricing {
namespace {

std::vector<Decimal> Results(std::initializer_list<const char*> texts) {
  std::vector<Decimal> results;
  for (const char* text : texts) results.push_back(*Decimal::Parse(text));
  return results;
}

std::string Text(const ArmLengthRange& range) {
  return range.low.ToString() + " / " + range.median.ToString() + " / " + range.high.ToString();
}

TEST(ArmLengthRangeTest, RegulationExampleGivesInterquartile43To46p25Median44p5) {
  // Treas. Reg. §1.482-1(e)(5) Example 3, given out of order.
  auto range = ComputeRange(RangeStrategy::kUsInterquartile, Results({"45", "42", "47.50", "44"}));
  ASSERT_TRUE(range.ok()) << range.status();
  EXPECT_EQ(Text(*range), "43 / 44.5 / 46.25");
}

TEST(ArmLengthRangeTest, NonWholeKTakesTheNextResult) {
  // n = 5: P25 k = 1.25 -> 2nd; P50 k = 2.5 -> 3rd; P75 k = 3.75 -> 4th.
  auto range = ComputeRange(RangeStrategy::kUsInterquartile, Results({"1", "2", "3", "4", "5"}));
  EXPECT_EQ(Text(*range), "2 / 3 / 4");
}

TEST(ArmLengthRangeTest, IndiaWithSixUsesThirtyFifthToSixtyFifthPercentile) {
  // n = 6: P35 k = 2.1 -> 3rd; P50 k = 3 -> avg(3rd, 4th); P65 k = 3.9 -> 4th.
  auto range = ComputeRange(RangeStrategy::kIndia, Results({"10", "12", "14", "16", "18", "20"}));
  EXPECT_EQ(Text(*range), "14 / 15 / 16");
}

TEST(ArmLengthRangeTest, IndiaWithFiveUsesTheArithmeticMean) {
  auto range = ComputeRange(RangeStrategy::kIndia, Results({"10", "12", "14", "16", "19"}));
  EXPECT_EQ(Text(*range), "14.2 / 14.2 / 14.2");
}

TEST(ArmLengthRangeTest, FullRangeIsMinToMax) {
  auto range = ComputeRange(RangeStrategy::kFullRange, Results({"0.05", "0.08", "0.02"}));
  EXPECT_EQ(Text(*range), "0.02 / 0.05 / 0.08");
  EXPECT_TRUE(range->Contains(*Decimal::Parse("0.02")));
  EXPECT_FALSE(range->Contains(*Decimal::Parse("0.081")));
}

TEST(ArmLengthRangeTest, TooFewResultsIsInvalidArgument) {
  EXPECT_EQ(ComputeRange(RangeStrategy::kUsInterquartile, Results({"1", "2", "3"})).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ComputeRange(RangeStrategy::kIndia, {}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ComputeRange(RangeStrategy::kFullRange, Results({"1"})).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ComputeRange(RangeStrategy::kNone, Results({"1"})).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(ArmLengthRangeTest, AveragesAreExact) {
  auto range = ComputeRange(RangeStrategy::kUsInterquartile,
                            Results({"0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8"}));
  EXPECT_EQ(Text(*range), "0.25 / 0.45 / 0.65");
}

TEST(ArmLengthRangeTest, AveragesBeyondDecimalsRangeAreAnOverflowNamingTheComparables) {
  // Comparables are bounded only by Decimal's range; sums past it are refused, not wrapped.
  constexpr char kMax[] = "170141183460469231731";
  const struct {
    RangeStrategy strategy;
    std::vector<Decimal> results;
  } kCases[] = {
      {RangeStrategy::kFullRange, Results({kMax, kMax})},                  // Median of two.
      {RangeStrategy::kUsInterquartile, Results({"1", "2", kMax, kMax})},  // P75 of four.
      {RangeStrategy::kIndia, Results({kMax, kMax, "1", "2", "3"})},       // The mean.
  };
  for (const auto& c : kCases) {
    const absl::Status status = ComputeRange(c.strategy, c.results).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
    const std::optional<ErrorDetail> detail = GetErrorDetail(status);
    ASSERT_TRUE(detail.has_value()) << status;
    EXPECT_EQ(detail->field, "comparables");
    EXPECT_EQ(detail->reason, "OVERFLOW");
  }
  // The largest results that still average.
  auto range = ComputeRange(RangeStrategy::kFullRange, Results({kMax, "-170141183460469231731"}));
  ASSERT_TRUE(range.ok()) << range.status();
  EXPECT_EQ(range->median.ToString(), "0");
}

}  // namespace
}  // namespace interco::pricing
