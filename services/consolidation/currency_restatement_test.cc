#include "services/consolidation/currency_restatement.h"

#include "gtest/gtest.h"
#include "services/common/field_error.h"
#include "services/common/status_macros.h"
#include "services/consolidation/consolidator.h"
#include "services/consolidation/period_balances.h"
#include "services/group/test_structures.h"

namespace interco::consolidation {
namespace {

using group::testing::Edge;
using group::testing::Entity;

Decimal D(const char* text) { return *Decimal::Parse(text); }
ledger::Period M(const char* text) { return *ledger::Period::Parse("period", text); }

pricing::FxRate Rate(const char* base, const char* quote, pricing::RateType type,
                     absl::CivilDay from, absl::CivilDay to, const char* value) {
  return pricing::FxRate{base, quote, type, from, to, D(value)};
}

// The worked example of docs/GROUP_STRUCTURE.md ("Changing a functional currency"): P (EUR)
// holds 100% of S. S kept its books in EUR until June 2024 and in USD from July 2024. In June
// it sold for EUR 1,000 on credit; in July for USD 500. EUR/USD closed June at 1.10; USD/EUR
// closed July at 0.90 and averaged 0.92 in July.
class CurrencyRestatementTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(structure_.Apply(Entity("P")).ok());
    ASSERT_TRUE(structure_.Apply(Entity("S")).ok());
    ASSERT_TRUE(structure_.Apply(Edge("P", "S", "1")).ok());
    before_change_ = std::make_unique<group::GroupStructure>(structure_);
    group::LegalEntity usd = Entity("S", "USD");
    usd.functional_currency_from = absl::CivilMonth(2024, 7);
    ASSERT_TRUE(structure_.Apply(usd).ok());
    const absl::CivilDay june30(2024, 6, 30), july1(2024, 7, 1), july31(2024, 7, 31);
    for (const pricing::FxRate& rate :
         {Rate("EUR", "USD", pricing::RateType::kClosing, june30, july1, "1.10"),
          Rate("USD", "EUR", pricing::RateType::kClosing, july31, july31 + 1, "0.90"),
          Rate("USD", "EUR", pricing::RateType::kAverage, july1, july31 + 1, "0.92")}) {
      ASSERT_TRUE(fx_.Upsert(rate).ok());
    }
  }

  // The consolidation of `period` in EUR, as ConsolidationRuns prepares it.
  absl::StatusOr<Consolidation> Consolidate(const group::GroupStructure& structure,
                                            const std::vector<ledger::PeriodBalance>& balances,
                                            const char* period_text) {
    const ledger::Period period = M(period_text);
    ASSIGN_OR_RETURN(std::vector<ledger::PeriodBalance> restated,
                     RestateForPeriod(balances, structure, fx_, period, "EUR"));
    ConsolidationInput input;
    input.parent_id = "P";
    input.presentation_currency = "EUR";
    ASSIGN_OR_RETURN(input.balances, BalancesForPeriod(restated, period));
    const absl::CivilMonth month(period.FirstDay());
    for (const char* id : {"P", "S"}) {
      ASSIGN_OR_RETURN(
          input.rates[id],
          RatesFor(fx_, structure.FindEntity(id)->FunctionalCurrencyIn(month), "EUR", period));
    }
    ASSIGN_OR_RETURN(auto analysis, structure.AnalysisOn(period.LastDay()));
    return consolidation::Consolidate(*analysis, input);
  }

  group::GroupStructure structure_{group::OwnershipThresholds{}};
  std::unique_ptr<group::GroupStructure> before_change_;
  pricing::FxTable fx_;
  const std::vector<ledger::PeriodBalance> june_ = {
      {"S", M("2024-06"), "1100 receivable", "X", D("1000"), "EUR", D("1000")},
      {"S", M("2024-06"), "4000 revenue", "X", D("-1000"), "EUR", D("-1000")},
  };
  const std::vector<ledger::PeriodBalance> june_and_july_ = {
      june_[0],
      june_[1],
      {"S", M("2024-07"), "1100 receivable", "X", D("500"), "USD", D("500")},
      {"S", M("2024-07"), "4000 revenue", "X", D("-500"), "USD", D("-500")},
  };
};

TEST_F(CurrencyRestatementTest, JulyRestatesJuneAtTheRateOfTheChangeThenTranslatesFromUsd) {
  absl::StatusOr<std::vector<ledger::PeriodBalance>> restated =
      RestateForPeriod(june_and_july_, structure_, fx_, M("2024-07"), "EUR");
  ASSERT_TRUE(restated.ok()) << restated.status();
  ASSERT_EQ(restated->size(), 4u);
  EXPECT_EQ((*restated)[0].functional, D("1100"));  // EUR 1,000 x 1.10: the historical cost.
  EXPECT_EQ((*restated)[1].functional, D("-1100"));
  EXPECT_EQ((*restated)[2].functional, D("500"));  // Booked in USD already.
  absl::StatusOr<Consolidation> july = Consolidate(structure_, june_and_july_, "2024-07");
  ASSERT_TRUE(july.ok()) << july.status();
  // Receivable USD 1,600 at 0.90; June's result, now retained earnings of USD 1,100, at the
  // opening rate 1 / 1.10; July's revenue USD 500 at 0.92; CTA 1,440 - 1,000 - 460 = -20.
  EXPECT_EQ(july->trial_balance.at("1100 receivable"), D("1440"));
  EXPECT_EQ(july->trial_balance.at(kRetainedEarnings), D("-1000"));
  EXPECT_EQ(july->trial_balance.at("4000 revenue"), D("-460"));
  EXPECT_EQ(july->trial_balance.at(kCtaAccount), D("20"));  // A translation loss (a debit).
  EXPECT_EQ(july->cta, D("-20"));
}

TEST_F(CurrencyRestatementTest, PeriodsBeforeTheChangeAreConsolidatedExactlyAsBefore) {
  absl::StatusOr<Consolidation> after = Consolidate(structure_, june_and_july_, "2024-06");
  absl::StatusOr<Consolidation> before = Consolidate(*before_change_, june_, "2024-06");
  ASSERT_TRUE(after.ok()) << after.status();
  ASSERT_TRUE(before.ok()) << before.status();
  EXPECT_EQ(after->trial_balance, before->trial_balance);
  EXPECT_EQ(after->trial_balance.at("1100 receivable"), D("1000"));
  EXPECT_EQ(after->cta, before->cta);
  // July at the version before the change, from June's postings alone (an as_of point
  // before July's): still all EUR at 1.
  absl::StatusOr<Consolidation> july_then = Consolidate(*before_change_, june_, "2024-07");
  ASSERT_TRUE(july_then.ok()) << july_then.status();
  EXPECT_EQ(july_then->trial_balance.at("1100 receivable"), D("1000"));
  EXPECT_EQ(july_then->trial_balance.at(kRetainedEarnings), D("-1000"));
  EXPECT_TRUE(july_then->cta.is_zero());
}

TEST_F(CurrencyRestatementTest, RoundingToCentsLeavesItsDifferenceInEquity) {
  const std::vector<ledger::PeriodBalance> cents = {
      {"S", M("2024-06"), "1100 receivable", "X", D("0.05"), "EUR", D("0.05")},
      {"S", M("2024-06"), "1200 receivable", "Y", D("0.05"), "EUR", D("0.05")},
      {"S", M("2024-06"), "4000 revenue", "X", D("-0.10"), "EUR", D("-0.10")},
  };
  absl::StatusOr<std::vector<ledger::PeriodBalance>> restated =
      RestateForPeriod(cents, structure_, fx_, M("2024-07"), "EUR");
  ASSERT_TRUE(restated.ok()) << restated.status();
  ASSERT_EQ(restated->size(), 4u);
  // 0.055 and 0.055 round half-even to 0.06, -0.11 stays: 0.01 left over, offset in equity.
  EXPECT_EQ((*restated)[0].functional, D("0.06"));
  EXPECT_EQ((*restated)[1].functional, D("0.06"));
  EXPECT_EQ((*restated)[2].account, kRestatementRoundingAccount);
  EXPECT_EQ((*restated)[2].period, M("2024-06"));
  EXPECT_EQ((*restated)[2].functional, D("-0.01"));
  EXPECT_EQ((*restated)[3].functional, D("-0.11"));
}

TEST_F(CurrencyRestatementTest, AMissingRateAtTheDateOfChangeIsNamed) {
  pricing::FxTable empty;
  absl::StatusOr<std::vector<ledger::PeriodBalance>> restated =
      RestateForPeriod(june_and_july_, structure_, empty, M("2024-07"), "EUR");
  EXPECT_EQ(restated.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(restated.status().message().find("2024-06-30"), absl::string_view::npos)
      << restated.status();
}

TEST_F(CurrencyRestatementTest, AVersionBeforeTheChangeCannotReadBalancesBookedAfterIt) {
  EXPECT_TRUE(CheckStatedCurrencies(*before_change_, structure_, june_, M("2024-07")).ok());
  const absl::Status status =
      CheckStatedCurrencies(*before_change_, structure_, june_and_july_, M("2024-07"));
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(GetErrorDetail(status).has_value());
  EXPECT_EQ(GetErrorDetail(status)->field, "structure_version");
  EXPECT_EQ(GetErrorDetail(status)->reason, "STRUCTURE_VERSION_BEFORE_CURRENCY_CHANGE");
  // June alone is the same currency in both versions.
  EXPECT_TRUE(
      CheckStatedCurrencies(*before_change_, structure_, june_and_july_, M("2024-06")).ok());
}

}  // namespace
}  // namespace interco::consolidation
