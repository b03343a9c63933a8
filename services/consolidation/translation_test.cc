#include "services/consolidation/translation.h"

#include "gtest/gtest.h"

namespace interco::consolidation {
namespace {

Decimal D(const char* text) { return *Decimal::Parse(text); }

TEST(TranslationTest, ProductExampleGivesCta53) {
  // Opening net assets EUR 1,000 at 1.10 = USD 1,100 (equity at its historical rate); net
  // income EUR 100 at the average 1.12 = USD 112; closing rate 1.15, net assets EUR 1,100 =
  // USD 1,265; CTA = 1,265 - 1,100 - 112 = 53.
  const std::vector<AccountBalance> balances = {
      {"1000 net assets", D("1100")},
      {"3000 equity", D("-1000")},
      {"4000 revenue", D("-100")},
  };
  auto translation = Translate(balances, {D("1.15"), D("1.12"), D("1.10")}, "USD");
  ASSERT_TRUE(translation.ok()) << translation.status();
  EXPECT_EQ(translation->cta.ToString(), "53");
  EXPECT_EQ(translation->net_income.ToString(), "112");
  EXPECT_EQ(translation->net_assets.ToString(), "1265");
  EXPECT_EQ(translation->lines[0].presentation.ToString(), "1265");
  EXPECT_EQ(translation->lines[1].presentation.ToString(), "-1100");
  EXPECT_EQ(translation->lines[2].rate.ToString(), "1.12");
}

TEST(TranslationTest, ExpensesAtAverageLiabilitiesAtClosingAndRoundingToMinorUnits) {
  const std::vector<AccountBalance> balances = {
      {"1310 IC receivable", D("333.33")},
      {"2310 IC payable", D("-100")},
      {"3000 equity", D("-200")},
      {"4010 IC revenue", D("-100")},
      {"6020 IC service expense", D("66.67")},
  };
  auto translation = Translate(balances, {D("150.5"), D("149"), D("140")}, "JPY");
  ASSERT_TRUE(translation.ok());
  // 333.33 x 150.5 = 50166.165 -> 50166; -100 x 150.5 = -15050; -200 x 140 = -28000;
  // -100 x 149 = -14900; 66.67 x 149 = 9933.83 -> 9934. Sum 2150: a CTA credit of 2150.
  EXPECT_EQ(translation->cta.ToString(), "2150");
  EXPECT_EQ(translation->net_income.ToString(), "4966");
}

TEST(TranslationTest, IncompleteTrialBalanceOrBadRatesAreRefused) {
  EXPECT_EQ(Translate({{"1000 cash", D("10")}}, {D("1"), D("1"), D("1")}, "USD").status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Translate({{"9000 odd", D("0")}}, {D("1"), D("1"), D("1")}, "USD").status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Translate({}, {D("0"), D("1"), D("1")}, "USD").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(AccountClassTest, FollowsTheChartsFirstDigit) {
  EXPECT_EQ(ClassOf("1310 IC receivable"), AccountClass::kAsset);
  EXPECT_EQ(ClassOf("2310 IC payable"), AccountClass::kLiability);
  EXPECT_EQ(ClassOf("3900 CTA"), AccountClass::kEquity);
  EXPECT_EQ(ClassOf("4010 IC revenue goods"), AccountClass::kIncome);
  EXPECT_EQ(ClassOf("6990 internal allocations"), AccountClass::kExpense);
  EXPECT_EQ(ClassOf("9999"), std::nullopt);
  EXPECT_EQ(ClassOf(""), std::nullopt);
}

}  // namespace
}  // namespace interco::consolidation
