#include "services/consolidation/mismatches.h"

#include "gtest/gtest.h"
#include "services/common/field_error.h"

namespace interco::consolidation {
namespace {

Decimal D(const char* text) { return *Decimal::Parse(text); }

ledger::PeriodBalance B(const char* entity, const char* period, const char* account,
                        const char* counterparty, const char* functional, const char* currency,
                        const char* amount) {
  return {entity,        *ledger::Period::Parse("period", period),
          account,       counterparty,
          D(functional), currency,
          D(amount)};
}

class MismatchesTest : public ::testing::Test {
 protected:
  std::vector<Mismatch> Find(const std::vector<ledger::PeriodBalance>& balances) {
    auto found = FindMismatches(balances, *ledger::Period::Parse("period", "2024-06"),
                                {"A", "B", "C"}, rates_, "EUR", D("0.01"));
    EXPECT_TRUE(found.ok()) << found.status();
    return found.value_or(std::vector<Mismatch>{});
  }
  std::map<std::string, TranslationRates> rates_ = {
      {"A", {D("1"), D("1"), D("1")}},
      {"B", {D("0.9"), D("0.92"), D("0.95")}},  // USD books.
      {"C", {D("1"), D("1"), D("1")}},
  };
};

TEST_F(MismatchesTest, MatchingSidesInOneCurrencyAreNotReported) {
  EXPECT_TRUE(Find({B("A", "2024-06", "1310 IC receivable", "C", "100", "EUR", "100"),
                    B("C", "2024-06", "2310 IC payable", "A", "-100", "EUR", "-100")})
                  .empty());
}

TEST_F(MismatchesTest, EachType) {
  const std::vector<Mismatch> found = Find({
      // A-B: the same EUR 108, but B keeps USD books: translation differs -> FX.
      B("A", "2024-06", "1310 IC receivable", "B", "108", "EUR", "108"),
      B("B", "2024-06", "2310 IC payable", "A", "-118.8", "EUR", "-108"),
      // A-C income: C booked its cost in July (its June was rolled forward) -> TIMING.
      B("A", "2024-06", "4010 IC revenue goods", "C", "-50", "EUR", "-50"),
      B("C", "2024-05", "1400 inventory", "A", "50", "EUR", "50"),
      // A-C balances: only A booked -> MISSING_COUNTERPART.
      B("A", "2024-06", "1320 IC loan", "C", "70", "EUR", "70"),
      // B-C: different amounts -> BEYOND_TOLERANCE.
      B("B", "2024-06", "4020 IC revenue services", "C", "-10", "USD", "-10"),
      B("C", "2024-06", "6020 IC service expense", "B", "9", "EUR", "9"),
  });
  ASSERT_EQ(found.size(), 4u);
  EXPECT_EQ(found[0].entity_id, "A");
  EXPECT_EQ(found[0].counterparty_id, "B");
  EXPECT_EQ(found[0].family, "receivable/payable");
  EXPECT_EQ(found[0].type, MismatchType::kFx);
  EXPECT_EQ(found[0].difference.ToString(), "1.08");  // 108 - 118.80 x 0.9.
  EXPECT_EQ(found[1].counterparty_id, "C");
  EXPECT_EQ(found[1].family, "income/expense");
  EXPECT_EQ(found[1].type, MismatchType::kTiming);
  EXPECT_EQ(found[2].family, "receivable/payable");
  EXPECT_EQ(found[2].type, MismatchType::kMissingCounterpart);
  EXPECT_EQ(found[3].entity_id, "B");
  EXPECT_EQ(found[3].type, MismatchType::kBeyondTolerance);
  EXPECT_STREQ(MismatchTypeName(found[3].type), "BEYOND_TOLERANCE");
}

TEST_F(MismatchesTest, ADifferenceAtTheEndOfDecimalsRangeIsAnOverflowNotACrash) {
  // Only A booked, the most negative Decimal: the difference's magnitude cannot be taken.
  auto found = FindMismatches({B("A", "2024-06", "1310 IC receivable", "C",
                                 "-170141183460469231731", "EUR", "-170141183460469231731")},
                              *ledger::Period::Parse("period", "2024-06"), {"A", "B", "C"}, rates_,
                              "EUR", D("0.01"));
  EXPECT_EQ(found.status().code(), absl::StatusCode::kInvalidArgument) << found.status();
  const std::optional<ErrorDetail> detail = GetErrorDetail(found.status());
  ASSERT_TRUE(detail.has_value()) << found.status();
  EXPECT_EQ(detail->field, "balances");
  EXPECT_EQ(detail->reason, "OVERFLOW");
  // Issue 24: the error names the figure that left the range.
  EXPECT_NE(found.status().message().find(
                "the size of the difference -170141183460469231731 exceeds the exact range"),
            std::string::npos)
      << found.status();
}

// B keeps USD books: its receivable translates at the closing 0.9, its revenue at the
// average 0.92, each side rounded to the cent before the difference is taken.
TEST_F(MismatchesTest, LedgerVsGeneralLedgerTranslatesEachSideAndRespectsTheTolerance) {
  using trial_balance::AccountClass;
  const std::vector<LedgerGlDifference> differences = {
      {"B", "4100", AccountClass::kIncome, D("-1000.01"), D("-1000"), D("-0.01")},
      {"B", "1200", AccountClass::kAsset, D("310000.00"), D("300000"), D("10000")},
      {"A", "2200", AccountClass::kLiability, D("-5"), D("-5"), D("0")},
  };
  auto found = FindLedgerVsGl(differences, rates_, "EUR", D("0.01"));
  ASSERT_TRUE(found.ok()) << found.status();
  // 4100: -920.01 (from -920.0092) against -920: 0.01, not beyond the tolerance; A agrees.
  ASSERT_EQ(found->size(), 1u);
  const Mismatch& m = (*found)[0];
  EXPECT_EQ(m.entity_id, "B");
  EXPECT_EQ(m.counterparty_id, "");
  EXPECT_EQ(m.group_account, "1200");
  EXPECT_EQ(m.family, "receivable/payable");
  EXPECT_EQ(m.type, MismatchType::kLedgerVsGl);
  EXPECT_EQ(m.general_ledger_amount.ToString(), "279000");
  EXPECT_EQ(m.ledger_amount.ToString(), "270000");
  EXPECT_EQ(m.difference.ToString(), "9000");
  EXPECT_STREQ(MismatchTypeName(m.type), "LEDGER_VS_GL");

  found = FindLedgerVsGl(differences, rates_, "EUR", D("0"));
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 2u);
  EXPECT_EQ((*found)[0].group_account, "1200");  // Sorted by entity, then account.
  EXPECT_EQ((*found)[1].group_account, "4100");
  EXPECT_EQ((*found)[1].family, "income/expense");
  EXPECT_EQ((*found)[1].general_ledger_amount.ToString(), "-920.01");
  EXPECT_EQ((*found)[1].difference.ToString(), "-0.01");
}

}  // namespace
}  // namespace interco::consolidation
