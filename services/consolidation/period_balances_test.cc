#include "services/consolidation/period_balances.h"

#include "gtest/gtest.h"

namespace interco::consolidation {
namespace {

Decimal D(const char* text) { return *Decimal::Parse(text); }
ledger::Period P(const char* text) { return *ledger::Period::Parse("period", text); }

TEST(PeriodBalancesTest, BalanceSheetAccumulatesResultsFoldIntoRetainedEarnings) {
  const std::vector<ledger::PeriodBalance> balances = {
      {"A", P("2024-05"), "1310 IC receivable", "B", D("100"), "EUR", D("100")},
      {"A", P("2024-05"), "4010 IC revenue goods", "B", D("-100"), "EUR", D("-100")},
      {"A", P("2024-06"), "1310 IC receivable", "B", D("50"), "EUR", D("50")},
      {"A", P("2024-06"), "4010 IC revenue goods", "B", D("-50"), "EUR", D("-50")},
      {"A", P("2024-07"), "1310 IC receivable", "B", D("9"), "EUR", D("9")},
      {"A", P("2024-07"), "4010 IC revenue goods", "B", D("-9"), "EUR", D("-9")},
  };
  absl::StatusOr<std::vector<EntityBalance>> summed = BalancesForPeriod(balances, P("2024-06"));
  ASSERT_TRUE(summed.ok()) << summed.status();
  const std::vector<EntityBalance>& june = *summed;
  ASSERT_EQ(june.size(), 3u);
  EXPECT_EQ(june[0].account, "1310 IC receivable");
  EXPECT_EQ(june[0].functional.ToString(), "150");
  EXPECT_EQ(june[1].account, kRetainedEarnings);
  EXPECT_EQ(june[1].functional.ToString(), "-100");
  EXPECT_EQ(june[2].account, "4010 IC revenue goods");
  EXPECT_EQ(june[2].functional.ToString(), "-50");
}

TEST(PeriodBalancesTest, ASumThatOverflowsIsAnErrorNotADroppedBalance) {
  // Two stored balances of one account, each in range, whose sum is not (it used to keep
  // the first and drop the second silently).
  const Decimal big = D("100000000000000000000");  // 1e20; two of them pass the 1.7e20 limit.
  const std::vector<ledger::PeriodBalance> balances = {
      {"A", P("2024-05"), "1310 IC receivable", "B", big, "EUR", big},
      {"A", P("2024-06"), "1310 IC receivable", "B", big, "EUR", big},
  };
  EXPECT_EQ(BalancesForPeriod(balances, P("2024-06")).status().code(),
            absl::StatusCode::kInvalidArgument);
}

// The same sale every month from 2023-11 to 2024-07: the year-to-date figures of 2024-03
// count January to March; 2023's results are retained earnings; July is later.
TEST(PeriodBalancesTest, YearToDateCountsResultsFromJanuaryAndFoldsEarlierYears) {
  std::vector<ledger::PeriodBalance> balances;
  for (const char* month : {"2023-11", "2023-12", "2024-01", "2024-02", "2024-03", "2024-07"}) {
    balances.push_back({"A", P(month), "1310 IC receivable", "B", D("10.5"), "EUR", D("10.5")});
    balances.push_back(
        {"A", P(month), "4010 IC revenue goods", "B", D("-10.5"), "EUR", D("-10.5")});
    balances.push_back({"A", P(month), "5010 cost of goods", "", D("4"), "EUR", D("4")});
    balances.push_back({"A", P(month), "1000 cash", "", D("-4"), "EUR", D("-4")});
  }
  absl::StatusOr<std::vector<EntityBalance>> summed = BalancesYearToDate(balances, P("2024-03"));
  ASSERT_TRUE(summed.ok()) << summed.status();
  std::vector<std::string> got;
  for (const EntityBalance& b : *summed) {
    got.push_back(b.entity_id + " " + b.account + "/" + b.counterparty_id + " " +
                  b.functional.ToString());
  }
  EXPECT_EQ(got, (std::vector<std::string>{
                     "A 1000 cash/ -20",                 // Five months to March.
                     "A 1310 IC receivable/B 52.5",      // Five months to March.
                     "A 3100 retained earnings/ -13",    // 2023: 2 x (-10.5 + 4).
                     "A 4010 IC revenue goods/B -31.5",  // January to March.
                     "A 5010 cost of goods/ 12",         // January to March.
                 }));
  Decimal total;
  for (const EntityBalance& b : *summed) total = *Decimal::Add(total, b.functional);
  EXPECT_TRUE(total.is_zero()) << "the entity still balances";
}

TEST(PeriodBalancesTest, YearToDateOfJanuaryIsTheMonthAndOfDecemberTheYear) {
  std::vector<ledger::PeriodBalance> balances;
  for (const char* month : {"2023-06", "2023-12", "2024-01"}) {
    balances.push_back({"A", P(month), "4010 IC revenue goods", "B", D("-1"), "EUR", D("-1")});
    balances.push_back({"A", P(month), "1310 IC receivable", "B", D("1"), "EUR", D("1")});
  }
  auto january = BalancesYearToDate(balances, P("2024-01"));
  ASSERT_TRUE(january.ok()) << january.status();
  auto january_month = BalancesForPeriod(balances, P("2024-01"));
  ASSERT_TRUE(january_month.ok());
  ASSERT_EQ(january->size(), january_month->size());
  for (size_t i = 0; i < january->size(); ++i) {
    EXPECT_EQ((*january)[i].account, (*january_month)[i].account);
    EXPECT_EQ((*january)[i].functional, (*january_month)[i].functional);
  }
  auto december = BalancesYearToDate(balances, P("2023-12"));
  ASSERT_TRUE(december.ok()) << december.status();
  ASSERT_EQ(december->size(), 2u);
  EXPECT_EQ((*december)[1].account, "4010 IC revenue goods");
  EXPECT_EQ((*december)[1].functional.ToString(), "-2");
}

TEST(PeriodBalancesTest, YearToDateOverflowIsAnError) {
  const Decimal big = D("100000000000000000000");
  const std::vector<ledger::PeriodBalance> balances = {
      {"A", P("2024-01"), "4010 IC revenue goods", "B", big, "EUR", big},
      {"A", P("2024-02"), "4010 IC revenue goods", "B", big, "EUR", big},
  };
  EXPECT_EQ(BalancesYearToDate(balances, P("2024-02")).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(PeriodBalancesTest, RatesFromTheFxTable) {
  pricing::FxTable fx;
  const auto rate = [](pricing::RateType type, absl::CivilDay from, absl::CivilDay to,
                       const char* value) {
    return pricing::FxRate{"USD", "EUR", type, from, to, D(value)};
  };
  ASSERT_TRUE(fx.Upsert(rate(pricing::RateType::kClosing, absl::CivilDay(2024, 5, 31),
                             absl::CivilDay(2024, 6, 1), "0.95"))
                  .ok());
  ASSERT_TRUE(fx.Upsert(rate(pricing::RateType::kClosing, absl::CivilDay(2024, 6, 30),
                             absl::CivilDay(2024, 7, 1), "0.9"))
                  .ok());
  ASSERT_TRUE(fx.Upsert(rate(pricing::RateType::kAverage, absl::CivilDay(2024, 6, 1),
                             absl::CivilDay(2024, 7, 1), "0.92"))
                  .ok());
  auto rates = RatesFor(fx, "USD", "EUR", P("2024-06"));
  ASSERT_TRUE(rates.ok()) << rates.status();
  EXPECT_EQ(rates->closing.ToString(), "0.9");
  EXPECT_EQ(rates->average.ToString(), "0.92");
  EXPECT_EQ(rates->historical_equity.ToString(), "0.95");
  EXPECT_EQ(RatesFor(fx, "USD", "EUR", P("2024-07")).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(RatesFor(fx, "EUR", "EUR", P("2024-07"))->closing.ToString(), "1");
}

}  // namespace
}  // namespace interco::consolidation
