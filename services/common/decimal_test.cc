#include "services/common/decimal.h"

#include "gtest/gtest.h"

namespace interco {
namespace {

Decimal D(absl::string_view text) {
  absl::StatusOr<Decimal> value = Decimal::Parse(text);
  EXPECT_TRUE(value.ok()) << text << ": " << value.status();
  return value.value_or(Decimal());
}

TEST(DecimalTest, ParsesAndPrintsShortestExactForm) {
  EXPECT_EQ(D("0.8").ToString(), "0.8");
  EXPECT_EQ(D("-12.3400").ToString(), "-12.34");
  EXPECT_EQ(D("44.50").ToString(), "44.5");
  EXPECT_EQ(D("0").ToString(), "0");
  EXPECT_EQ(D("-0.0").ToString(), "0");
  EXPECT_EQ(D("0.000000000000000001").ToString(), "0.000000000000000001");
  EXPECT_EQ(D("170141183460469231731").ToString(), "170141183460469231731");
}

TEST(DecimalTest, RejectsWhatIsNotAnExactDecimalAsInvalidArgument) {
  for (const char* bad : {"", "-", ".5", "5.", "1e3", "+1", " 1", "1 ", "1,000", "0x10", "NaN",
                          "1.2.3", "--1", "0.0000000000000000001", "170141183460469231732"}) {
    SCOPED_TRACE(bad);
    EXPECT_EQ(Decimal::Parse(bad).status().code(), absl::StatusCode::kInvalidArgument);
  }
  EXPECT_EQ(Decimal::Parse("0.1234567890123", 12).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(Decimal::Parse("0.123456789012", 12).ok());
}

TEST(DecimalTest, RoundsHalfEvenByDefaultAndHalfUpOnRequest) {
  EXPECT_EQ(D("2.345").ToString(2), "2.34");
  EXPECT_EQ(D("2.355").ToString(2), "2.36");
  EXPECT_EQ(D("2.345").ToString(2, RoundingMode::kHalfUp), "2.35");
  EXPECT_EQ(D("-2.345").ToString(2, RoundingMode::kHalfUp), "-2.35");
  EXPECT_EQ(D("-2.345").ToString(2), "-2.34");
  EXPECT_EQ(D("0.5").ToString(0), "0");
  EXPECT_EQ(D("1.5").ToString(0), "2");
  EXPECT_EQ(D("1.005").Round(2), D("1"));
  EXPECT_EQ(D("7").ToString(3), "7.000");
}

TEST(DecimalTest, MultipliesExactlyWhereTheProductFits) {
  EXPECT_EQ(Decimal::Mul(D("0.8"), D("0.6"))->ToString(), "0.48");
  EXPECT_EQ(Decimal::Mul(D("1000000000"), D("1.05"))->ToString(), "1050000000");
  EXPECT_EQ(Decimal::Mul(D("-3.5"), D("2"))->ToString(), "-7");
  EXPECT_EQ(Decimal::Mul(D("0.000000000000000001"), D("0.5"))->ToString(), "0");
  EXPECT_EQ(Decimal::Mul(D("0.000000000000000003"), D("0.5"))->ToString(), "0.000000000000000002");
  EXPECT_EQ(Decimal::Mul(D("12345678901234567890"), D("10")).has_value(), true);
  EXPECT_FALSE(Decimal::Mul(D("100000000000000000000"), D("10")).has_value());
}

TEST(DecimalTest, DividesWithRounding) {
  EXPECT_EQ(Decimal::Div(D("1"), D("3"))->ToString(), "0.333333333333333333");
  EXPECT_EQ(Decimal::Div(D("2"), D("3"))->ToString(), "0.666666666666666667");
  EXPECT_EQ(Decimal::Div(D("-1"), D("8"))->ToString(), "-0.125");
  EXPECT_FALSE(Decimal::Div(D("1"), D("0")).has_value());
  EXPECT_FALSE(Decimal::Div(D("100000000000000000000"), D("0.001")).has_value());
}

TEST(DecimalTest, AddAndSubDetectOverflow) {
  const Decimal max = Decimal::FromRaw(absl::Int128Max());
  EXPECT_FALSE(Decimal::Add(max, D("0.000000000000000001")).has_value());
  EXPECT_FALSE(Decimal::Sub(Decimal::FromRaw(absl::Int128Min()), D("1")).has_value());
  EXPECT_EQ(Decimal::Add(D("0.1"), D("0.2"))->ToString(), "0.3");
  EXPECT_EQ(Decimal::Sub(D("0.1"), D("0.2"))->ToString(), "-0.1");
}

TEST(DecimalTest, TheRangeEndsAtAWholeUnitSoRoundingNearItCannotOverflow) {
  EXPECT_EQ(D("170141183460469231730.6").Round(0).ToString(), "170141183460469231731");
  EXPECT_EQ(D("-170141183460469231730.6").ToString(0), "-170141183460469231731");
  EXPECT_FALSE(Decimal::Parse("170141183460469231731.5").ok());
  EXPECT_TRUE(Decimal::Parse("170141183460469231731.000000000000000000").ok());
  EXPECT_FALSE(Decimal::Add(D("170141183460469231731"), D("0.1")).has_value());
}

TEST(DecimalTest, SumsBeyondSixtyFourBitsStayExact) {
  Decimal total;
  for (int i = 0; i < 1000; ++i) total = *Decimal::Add(total, D("99999999999999.99"));
  EXPECT_EQ(total.ToString(), "99999999999999990");
}

}  // namespace
}  // namespace interco
