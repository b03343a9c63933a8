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

TEST(PeriodTest, IsValidTextAgreesWithParse) {
  for (const char* text :
       {"2024-06", "1900-01", "9999-12", "1899-12", "2024-00", "2024-13", "2024-6", "2024/06",
        "20a4-06", "+024-06", " 2024-06", "2024-06 ", "", "0000-01", "10000-01"}) {
    EXPECT_EQ(Period::IsValidText(text), Period::Parse("period", text).ok()) << text;
  }
}

TEST(PeriodTest, TheCalendarEndsAt9999_12) {
  EXPECT_EQ(Period::Parse("p", "2024-12")->Next()->ToString(), "2025-01");
  EXPECT_FALSE(Period::Last().Next().has_value());
  EXPECT_FALSE(Period::Of(absl::CivilDay(10000, 1, 1)).has_value());
  EXPECT_FALSE(Period::Of(absl::CivilDay(1899, 12, 31)).has_value());
  EXPECT_EQ(Period::Of(absl::CivilDay(9999, 12, 31)), Period::Last());
}

TEST(PeriodTest, KnowsItsFirstAndLastDay) {
  EXPECT_EQ(Period::Parse("p", "2024-02")->LastDay(), absl::CivilDay(2024, 2, 29));
  EXPECT_EQ(Period::Parse("p", "2024-12")->LastDay(), absl::CivilDay(2024, 12, 31));
  EXPECT_EQ(Period::Last().LastDay(), absl::CivilDay(9999, 12, 31));
  EXPECT_EQ(Period::Parse("p", "2024-03")->FirstDay(), absl::CivilDay(2024, 3, 1));
}

TEST(PeriodTest, OrdersAsMonthsAndItsTextSortsTheSame) {
  const Period a = *Period::Parse("p", "1999-12"), b = *Period::Parse("p", "2000-01");
  EXPECT_LT(a, b);
  EXPECT_LT(a.ToString(), b.ToString());
}

// A's 2024-06 and 2024-07 closed and rolling forward; B's 2024-06 closed outright.
class FakeCalendar : public PeriodCalendar {
 public:
  bool IsClosed(absl::string_view entity, Period period) const override {
    const std::string text = period.ToString();
    return (entity == "A" && (text == "2024-06" || text == "2024-07")) ||
           (entity == "B" && text == "2024-06");
  }
  std::optional<Period> RollForward(absl::string_view entity, Period period) const override {
    if (entity != "A" || !IsClosed(entity, period)) return std::nullopt;
    return *Period::Parse("p", "2024-08");
  }
};

std::vector<LedgerLine> Lines(const char* entity, const char* period) {
  LedgerLine line;
  line.entity_id = entity;
  line.period = *Period::Parse("p", period);
  return {line};
}

TEST(AdmitPeriodsTest, RollsEachEntityForwardOnItsOwnCalendarOrRefuses) {
  FakeCalendar calendar;
  std::vector<LedgerLine> lines = Lines("A", "2024-06");
  lines.push_back(Lines("B", "2024-05")[0]);
  ASSERT_TRUE(AdmitPeriods(calendar, lines).ok());
  EXPECT_EQ(lines[0].period.ToString(), "2024-08");
  EXPECT_EQ(lines[1].period.ToString(), "2024-05");
  std::vector<LedgerLine> closed = Lines("B", "2024-06");
  EXPECT_EQ(AdmitPeriods(calendar, closed).code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace interco::ledger
