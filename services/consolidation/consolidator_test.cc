#include "services/consolidation/consolidator.h"

#include "gtest/gtest.h"
#include "services/common/field_error.h"
#include "services/group/test_structures.h"

namespace interco::consolidation {
namespace {

using group::testing::Edge;
using group::testing::Entity;

Decimal D(const char* text) { return *Decimal::Parse(text); }

// P holds 80% of A, A holds 60% of B (P's effective share 48%), P holds 30% of the
// associate S; Q is acquired by P on 2024-07-01. A sold goods to B for EUR 108, which B (USD
// books) recorded as USD 118.80.
class ConsolidatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const auto& e : {Entity("P"), Entity("A"), Entity("B", "USD"), Entity("S"), Entity("Q")}) {
      ASSERT_TRUE(structure_.Apply(e).ok());
    }
    for (const auto& e : {Edge("P", "A", "0.8"), Edge("A", "B", "0.6"), Edge("P", "S", "0.3"),
                          Edge("P", "Q", "1", absl::CivilDay(2024, 7, 1))}) {
      ASSERT_TRUE(structure_.Apply(e).ok());
    }
    input_.parent_id = "P";
    input_.presentation_currency = "EUR";
    input_.balances = {
        {"P", "1000 cash", "", D("1000")},
        {"P", "3000 equity", "", D("-1000")},
        {"A", "1000 cash", "", D("500")},
        {"A", "3000 equity", "", D("-500")},
        {"A", "1310 IC receivable", "B", D("108")},
        {"A", "4010 IC revenue goods", "B", D("-108")},
        {"B", "1000 cash", "", D("200")},
        {"B", "3000 equity", "", D("-200")},
        {"B", "1400 inventory", "A", D("118.8")},
        {"B", "2310 IC payable", "A", D("-118.8")},
        {"S", "1000 cash", "", D("100")},
        {"S", "3000 equity", "", D("-100")},
        {"Q", "1000 cash", "", D("70")},
        {"Q", "3000 equity", "", D("-70")},
    };
    const TranslationRates euro{D("1"), D("1"), D("1")};
    input_.rates = {{"P", euro},
                    {"A", euro},
                    {"S", euro},
                    {"Q", euro},
                    {"B", {D("0.9"), D("0.92"), D("0.95")}}};
  }
  Consolidation Run(absl::CivilDay period_end = absl::CivilDay(2024, 6, 30)) {
    auto analysis = structure_.AnalysisOn(period_end);
    EXPECT_TRUE(analysis.ok());
    auto result = Consolidate(**analysis, input_);
    EXPECT_TRUE(result.ok()) << result.status();
    return result.value_or(Consolidation{});
  }
  group::GroupStructure structure_{group::OwnershipThresholds{}};
  ConsolidationInput input_;
};

TEST_F(ConsolidatorTest, ScopeHasMethodsAndEffectiveSharesOnThePeriodEnd) {
  const Consolidation c = Run();
  ASSERT_EQ(c.scope.size(), 4u);  // A, B, P full; S equity; Q not yet acquired.
  EXPECT_EQ(c.scope[1].entity_id, "B");
  EXPECT_EQ(c.scope[1].effective_share.ToString(), "0.48");
  EXPECT_EQ(c.scope[3].entity_id, "S");
  EXPECT_EQ(c.scope[3].method, group::ConsolidationMethod::kEquity);
  EXPECT_EQ(Run(absl::CivilDay(2024, 7, 31)).scope.size(), 5u) << "Q from its acquisition";
}

TEST_F(ConsolidatorTest, IntercompanyBalancesEliminateAtTheFirstCommonParentWithFxToSuspense) {
  const Consolidation c = Run();
  for (const EliminationEntry& e : c.eliminations) EXPECT_EQ(e.level_parent_id, "A");
  EXPECT_EQ(c.trial_balance.count("1310 IC receivable"), 0u);
  EXPECT_EQ(c.trial_balance.count("2310 IC payable"), 0u);
  EXPECT_EQ(c.trial_balance.count("4010 IC revenue goods"), 0u);
  // B translated its payable at 0.9: EUR 106.92 against A's 108; both pairs differ by 1.08.
  ASSERT_EQ(c.eliminations.size(), 6u);
  EXPECT_EQ(c.eliminations[4].account, kSuspenseAccount);
  EXPECT_EQ(c.eliminations[4].amount.ToString(), "1.08");
  EXPECT_EQ(c.eliminations[5].amount.ToString(), "-1.08");
  EXPECT_EQ(c.trial_balance.count(kSuspenseAccount), 0u) << "the two differences offset";
}

TEST_F(ConsolidatorTest, NonControllingInterestsAcrossTiersAndTheAssociate) {
  const Consolidation c = Run();
  ASSERT_EQ(c.nci.size(), 2u);
  EXPECT_EQ(c.nci[0].entity_id, "A");
  EXPECT_EQ(c.nci[0].nci_share.ToString(), "0.2");
  EXPECT_EQ(c.nci[0].profit.ToString(), "21.6");       // 20% of A's 108.
  EXPECT_EQ(c.nci[0].net_assets.ToString(), "121.6");  // 20% of 608.
  EXPECT_EQ(c.nci[1].entity_id, "B");
  EXPECT_EQ(c.nci[1].nci_share.ToString(), "0.52");
  EXPECT_EQ(c.nci[1].net_assets.ToString(), "93.6");  // 52% of EUR 180.
  EXPECT_EQ(c.nci[1].cta.ToString(), "-5.2");         // 52% of B's CTA loss of 10.
  EXPECT_EQ(c.cta.ToString(), "-10");
  EXPECT_EQ(c.trial_balance.at(kAssociatesAccount).ToString(), "30");
}

TEST_F(ConsolidatorTest, TheConsolidatedTrialBalanceSumsToZeroAndUnrealisedProfitIsRemoved) {
  input_.inventory = {{"A", "B", D("8.8")}};  // USD 8.80 of A's margin still in B's stock.
  const Consolidation c = Run();
  Decimal total;
  for (const auto& [account, amount] : c.trial_balance) total = *Decimal::Add(total, amount);
  EXPECT_TRUE(total.is_zero()) << total.ToString();
  EXPECT_EQ(c.trial_balance.at("5990 unrealised intercompany profit").ToString(), "7.92");
  EXPECT_EQ(c.trial_balance.at("1400 inventory").ToString(), "-7.92");
}

TEST_F(ConsolidatorTest, MissingRatesOrParentAreFailedPrecondition) {
  input_.rates.erase("B");
  auto analysis = structure_.AnalysisOn(absl::CivilDay(2024, 6, 30));
  EXPECT_EQ(Consolidate(**analysis, input_).status().code(), absl::StatusCode::kFailedPrecondition);
  input_.parent_id = "NOPE";
  EXPECT_EQ(Consolidate(**analysis, input_).status().code(), absl::StatusCode::kFailedPrecondition);
}

// The most negative Decimal: its negation is refused by Decimal::Sub.
constexpr char kMostNegative[] = "-170141183460469231731";

TEST_F(ConsolidatorTest, AnUnrealisedProfitAtTheEndOfDecimalsRangeIsAnOverflowNotACrash) {
  input_.inventory = {{"P", "A", D(kMostNegative)}};  // Both FULL, at rate 1.
  auto analysis = structure_.AnalysisOn(absl::CivilDay(2024, 6, 30));
  ASSERT_TRUE(analysis.ok());
  const absl::Status status = Consolidate(**analysis, input_).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  const std::optional<ErrorDetail> detail = GetErrorDetail(status);
  ASSERT_TRUE(detail.has_value()) << status;
  EXPECT_EQ(detail->field, "balances");
  EXPECT_EQ(detail->reason, "OVERFLOW");
  // Issue 24: the error names the figure that left the range.
  EXPECT_NE(status.message().find("the reversal of -170141183460469231731 exceeds the exact "
                                  "range"),
            std::string::npos)
      << status;
}

}  // namespace
}  // namespace interco::consolidation
