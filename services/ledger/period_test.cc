#include "services/ledger/period.h"

#include "gtest/gtest.h"

namespace interco::ledger {
namespace {

TEST(PeriodTest, ParsesTheRangeAndRefusesEverythingElse) {
  EXPECT_EQ(Period::Parse("p", "1900-01")->ToString(), "1900-01");
  EXPECT_EQ(Period::Parse("p", "9999-12")->ToString(), "9999-12");
  for (const char* bad : {"1899-12", "10000-01", "2024-13", "2024-00", "2024-6", "2024/06",
                          "+024-06", "2024-0a", ""}) {
    EXPECT_EQ(Period::Parse("p", bad).status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

TEST(PeriodTest, TheCalendarEndsAt9999_12) {
  EXPECT_EQ(Period::Parse("p", "2024-12")->Next()->ToString(), "2025-01");
  EXPECT_FALSE(Period::Last().Next().has_value());
  EXPECT_FALSE(Period::Of(absl::CivilDay(10000, 1, 1)).has_value());
  EXPECT_FALSE(Period::Of(absl::CivilDay(1899, 12, 31)).has_value());
  EXPECT_EQ(Period::Of(absl::CivilDay(9999, 12, 31)), Period::Last());
}

TEST(PeriodTest, OrdersAsMonthsAndItsTextSortsTheSame) {
  const Period a = *Period::Parse("p", "1999-12"), b = *Period::Parse("p", "2000-01");
  EXPECT_LT(a, b);
  EXPECT_LT(a.ToString(), b.ToString());
}

}  // namespace
}  // namespace interco::ledger
