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
