#include "services/pricing/fx.h"

#include "gtest/gtest.h"
#include "services/common/field_error.h"
#include "services/pricing/money.h"

namespace interco::pricing {
namespace {

const absl::CivilDay kDay(2024, 6, 28);

FxRate Spot(const char* base, const char* quote, const char* rate, absl::CivilDay day = kDay) {
  return {base, quote, RateType::kSpot, day, day + 1, *Decimal::Parse(rate)};
}

TEST(FxTableTest, DirectWinsOverInverse) {
  FxTable table;
  ASSERT_TRUE(table.Upsert(Spot("EUR", "USD", "1.1")).ok());
  ASSERT_TRUE(table.Upsert(Spot("USD", "EUR", "0.9")).ok());
  auto conversion = table.Find("EUR", "USD", RateType::kSpot, kDay, "");
  ASSERT_TRUE(conversion.ok());
  EXPECT_EQ(conversion->rate.ToString(), "1.1");
  EXPECT_EQ(conversion->method, "direct EUR/USD");
  EXPECT_EQ(table.Find("USD", "EUR", RateType::kSpot, kDay, "")->rate.ToString(), "0.9");
}

TEST(FxTableTest, InverseIsExactTo18Places) {
  FxTable table;
  ASSERT_TRUE(table.Upsert(Spot("EUR", "USD", "1.25")).ok());
  auto conversion = table.Find("USD", "EUR", RateType::kSpot, kDay, "");
  EXPECT_EQ(conversion->rate.ToString(), "0.8");
  EXPECT_EQ(conversion->method, "inverse of EUR/USD");
}

TEST(FxTableTest, TriangulatesThroughThePivot) {
  FxTable table;
  ASSERT_TRUE(table.Upsert(Spot("EUR", "USD", "1.1")).ok());
  ASSERT_TRUE(table.Upsert(Spot("EUR", "JPY", "160")).ok());
  // USD -> EUR (inverse of 1.1) -> JPY (160): 160 / 1.1.
  auto conversion = table.Find("USD", "JPY", RateType::kSpot, kDay, "EUR");
  ASSERT_TRUE(conversion.ok()) << conversion.status();
  EXPECT_EQ(conversion->rate.ToString(), "145.45454545454545456");
  EXPECT_EQ(conversion->method, "inverse of EUR/USD then direct EUR/JPY");
  EXPECT_EQ(RoundToMinor(*Decimal::Mul(*Decimal::Parse("100"), conversion->rate), "JPY").ToString(),
            "14545");
}

TEST(FxTableTest, MissingRateIsFailedPreconditionNamingPairTypeAndDate) {
  FxTable table;
  ASSERT_TRUE(table.Upsert(Spot("EUR", "USD", "1.1")).ok());
  auto missing = table.Find("EUR", "USD", RateType::kSpot, kDay + 1, "EUR");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(missing.status().message(),
            "no SPOT rate for EUR/USD on 2024-06-29 (direct, inverse, or through EUR)");
  EXPECT_EQ(GetErrorDetail(missing.status())->reason, "FX_RATE_MISSING");
  EXPECT_EQ(table.Find("EUR", "USD", RateType::kClosing, kDay, "").status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(FxStalenessTest, FridaysSpotRateIsUsedOnSundayAndReportsItsDate) {
  FxTable table(FxStaleness{kDefaultSpotStaleDaysMax});
  ASSERT_TRUE(table.Upsert(Spot("EUR", "USD", "1.1")).ok());  // Friday 2024-06-28.
  for (absl::CivilDay day : {kDay, kDay + 2, kDay + 5}) {
    auto conversion = table.Find("EUR", "USD", RateType::kSpot, day, "");
    ASSERT_TRUE(conversion.ok()) << day << ": " << conversion.status();
    EXPECT_EQ(conversion->rate.ToString(), "1.1");
    EXPECT_EQ(conversion->rate_date, kDay);
  }
  auto stale = table.Find("EUR", "USD", RateType::kSpot, kDay + 6, "EUR");
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(stale.status().message(),
            "no SPOT rate for EUR/USD on 2024-07-04 or in the 5 days before (direct, inverse, or "
            "through EUR)");
  EXPECT_EQ(GetErrorDetail(stale.status())->reason, "FX_RATE_MISSING");
  // Never a rate from the future.
  EXPECT_FALSE(table.Find("EUR", "USD", RateType::kSpot, kDay - 1, "").ok());
}

TEST(FxStalenessTest, TheLatestRateOnOrBeforeTheDayWins) {
  FxTable table(FxStaleness{5});
  ASSERT_TRUE(table.Upsert(Spot("EUR", "USD", "1.1")).ok());
  ASSERT_TRUE(table.Upsert(Spot("EUR", "USD", "1.2", kDay + 3)).ok());  // Monday.
  auto conversion = table.Find("EUR", "USD", RateType::kSpot, kDay + 4, "");
  ASSERT_TRUE(conversion.ok());
  EXPECT_EQ(conversion->rate.ToString(), "1.2");
  EXPECT_EQ(conversion->rate_date, kDay + 3);
  EXPECT_EQ(table.Find("EUR", "USD", RateType::kSpot, kDay + 2, "")->rate.ToString(), "1.1");
}

TEST(FxStalenessTest, AFresherRouteWinsOverAStaleDirectRate) {
  FxTable table(FxStaleness{5});
  ASSERT_TRUE(table.Upsert(Spot("EUR", "USD", "1.1")).ok());
  ASSERT_TRUE(table.Upsert(Spot("USD", "EUR", "0.8", kDay + 1)).ok());
  auto inverse = table.Find("EUR", "USD", RateType::kSpot, kDay + 2, "");
  ASSERT_TRUE(inverse.ok());
  EXPECT_EQ(inverse->method, "inverse of USD/EUR");
  EXPECT_EQ(inverse->rate_date, kDay + 1);
  // Triangulated through CHF at rates of the day, against a two-day-old direct rate.
  ASSERT_TRUE(table.Upsert(Spot("EUR", "CHF", "0.95", kDay + 2)).ok());
  ASSERT_TRUE(table.Upsert(Spot("CHF", "USD", "1.25", kDay + 2)).ok());
  auto triangulated = table.Find("EUR", "USD", RateType::kSpot, kDay + 2, "CHF");
  ASSERT_TRUE(triangulated.ok());
  EXPECT_EQ(triangulated->method, "direct EUR/CHF then direct CHF/USD");
  EXPECT_EQ(triangulated->rate.ToString(), "1.1875");
  EXPECT_EQ(triangulated->rate_date, kDay + 2);
}

TEST(FxStalenessTest, WithoutAWindowASpotRateHoldsForItsDayOnly) {
  FxTable table(FxStaleness{0});
  ASSERT_TRUE(table.Upsert(Spot("EUR", "USD", "1.1")).ok());
  EXPECT_TRUE(table.Find("EUR", "USD", RateType::kSpot, kDay, "").ok());
  EXPECT_EQ(table.Find("EUR", "USD", RateType::kSpot, kDay + 1, "").status().message(),
            "no SPOT rate for EUR/USD on 2024-06-29 (direct, inverse)");
}

TEST(FxStalenessTest, PeriodRatesAreNotExtendedByTheSpotWindow) {
  FxTable table(FxStaleness{kDefaultSpotStaleDaysMax});
  ASSERT_TRUE(table
                  .Upsert({"EUR", "USD", RateType::kClosing, absl::CivilDay(2024, 6, 1),
                           absl::CivilDay(2024, 7, 1), *Decimal::Parse("1.12")})
                  .ok());
  EXPECT_TRUE(table.Find("EUR", "USD", RateType::kClosing, absl::CivilDay(2024, 6, 30), "").ok());
  EXPECT_EQ(
      table.Find("EUR", "USD", RateType::kClosing, absl::CivilDay(2024, 7, 1), "").status().code(),
      absl::StatusCode::kFailedPrecondition);
}

TEST(FxTableTest, PeriodRatesCoverTheirPeriodAndMayNotOverlap) {
  FxTable table;
  FxRate june{"EUR",
              "USD",
              RateType::kAverage,
              absl::CivilDay(2024, 6, 1),
              absl::CivilDay(2024, 7, 1),
              *Decimal::Parse("1.12")};
  ASSERT_TRUE(table.Upsert(june).ok());
  EXPECT_EQ(table.Find("EUR", "USD", RateType::kAverage, absl::CivilDay(2024, 6, 30), "")
                ->rate.ToString(),
            "1.12");
  EXPECT_FALSE(table.Find("EUR", "USD", RateType::kAverage, absl::CivilDay(2024, 7, 1), "").ok());
  FxRate overlapping = june;
  overlapping.valid_from = absl::CivilDay(2024, 6, 15);
  overlapping.valid_to = absl::CivilDay(2024, 7, 15);
  EXPECT_EQ(table.Upsert(overlapping).code(), absl::StatusCode::kFailedPrecondition);
  june.rate = *Decimal::Parse("1.13");  // A correction of the same period replaces it.
  ASSERT_TRUE(table.Upsert(june).ok());
  EXPECT_EQ(table.size(), 1u);
}

TEST(FxTableTest, BadRatesAreInvalidArgumentNamingTheField) {
  const struct {
    FxRate rate;
    const char* field;
  } kCases[] = {
      {Spot("EUR", "USD", "0"), "rate"},
      {Spot("EUR", "USD", "-1.1"), "rate"},
      {Spot("EUR", "USD", "1.1234567890123"), "rate"},
      {Spot("EUR", "EUR", "1"), "quote_currency"},
      {Spot("EUX", "USD", "1"), "base_currency"},
      {FxRate{"EUR", "USD", RateType::kSpot, kDay, kDay + 2, *Decimal::Parse("1")},
       "validity.valid_to"},
      {FxRate{"EUR", "USD", RateType::kClosing, kDay, kDay, *Decimal::Parse("1")},
       "validity.valid_to"},
  };
  for (const auto& c : kCases) {
    const absl::Status status = ValidateFxRate(c.rate);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.field;
    EXPECT_EQ(GetErrorDetail(status)->field, c.field);
  }
}

TEST(MoneyTest, RoundsToEachCurrencysMinorUnitHalfEven) {
  EXPECT_EQ(RoundToMinor(*Decimal::Parse("2.345"), "USD").ToString(), "2.34");
  EXPECT_EQ(RoundToMinor(*Decimal::Parse("2.355"), "USD").ToString(), "2.36");
  EXPECT_EQ(RoundToMinor(*Decimal::Parse("2.345"), "USD", RoundingMode::kHalfUp).ToString(),
            "2.35");
  EXPECT_EQ(RoundToMinor(*Decimal::Parse("1234.5"), "JPY").ToString(), "1234");
  EXPECT_EQ(RoundToMinor(*Decimal::Parse("1235.5"), "JPY").ToString(), "1236");
  EXPECT_EQ(RoundToMinor(*Decimal::Parse("1.0005"), "KWD").ToString(), "1");
  EXPECT_EQ(RoundToMinor(*Decimal::Parse("1.0015"), "KWD").ToString(), "1.002");
  EXPECT_EQ(MinorUnitsOf("XYZ", "currency_code").status().code(),
            absl::StatusCode::kInvalidArgument);
  const absl::Status overflow = NoOverflow(std::nullopt, "inputs", "the total").status();
  EXPECT_EQ(overflow.code(), absl::StatusCode::kInvalidArgument);
  // Issue 24: it names the total that left the range, not an operand.
  EXPECT_EQ(overflow.message(),
            "inputs: the total exceeds the exact range (+/-170141183460469231731 units) and "
            "cannot be computed (got \"\")");
}

TEST(FxTableTest, AnInverseOfARateTooLargeToInvertIsOutOfRangeNotACrash) {
  FxTable table;
  ASSERT_TRUE(table.Upsert(Spot("USD", "EUR", "100000000000000000000")).ok());  // 1e20.
  auto conversion = table.Find("EUR", "USD", RateType::kSpot, kDay, "");
  EXPECT_EQ(conversion.status().code(), absl::StatusCode::kOutOfRange) << conversion.status();
  const std::optional<ErrorDetail> detail = GetErrorDetail(conversion.status());
  ASSERT_TRUE(detail.has_value()) << conversion.status();
  EXPECT_EQ(detail->reason, "FX_RATE_OUT_OF_RANGE");
  EXPECT_EQ(table.Find("USD", "EUR", RateType::kSpot, kDay, "")->rate.ToString(),
            "100000000000000000000")
      << "the direct rate still serves";
}

}  // namespace
}  // namespace interco::pricing
