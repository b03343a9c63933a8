#include "services/group/ownership.h"

#include "gtest/gtest.h"
#include "services/group/structure.h"
#include "services/group/test_structures.h"

namespace interco::group {
namespace {

using testing::Add;
using testing::Edge;
using testing::Entity;

class OwnershipTest : public ::testing::Test {
 protected:
  void Entities(std::initializer_list<const char*> ids) {
    for (const char* id : ids) ASSERT_TRUE(Add(structure_, Entity(id)).ok());
  }
  void Holds(const OwnershipEdge& edge) {
    const absl::Status status = Add(structure_, edge);
    ASSERT_TRUE(status.ok()) << status;
  }
  std::shared_ptr<const OwnershipAnalysis> On(absl::CivilDay day = absl::CivilDay(2024, 6, 30)) {
    auto analysis = structure_.AnalysisOn(day);
    EXPECT_TRUE(analysis.ok()) << analysis.status();
    return *analysis;
  }
  int I(const char* id) { return *On()->entities().Find(id); }
  std::string Effective(const char* holder, const char* held) {
    return On()->EffectiveShare(I(holder), I(held)).ToString(12);
  }

  GroupStructure structure_{OwnershipThresholds{}};
};

TEST_F(OwnershipTest, MultiTierMultipliesAlongTheChainAndControlPassesThrough) {
  Entities({"A", "B", "C"});
  Holds(Edge("A", "B", "0.8"));
  Holds(Edge("B", "C", "0.6"));
  EXPECT_EQ(Effective("A", "C"), "0.480000000000");
  EXPECT_TRUE(On()->Controls(I("A"), I("C")));
  EXPECT_EQ(On()->UltimateParent(I("C")), I("A"));
  EXPECT_EQ(On()->Controllers(I("C")), (std::vector<int>{I("B"), I("A")}));
  EXPECT_EQ(On()->Method(I("A"), I("C")), ConsolidationMethod::kFull);
}

TEST_F(OwnershipTest, TwoPathsIntoOneEntityAdd) {
  Entities({"P", "Q", "X"});
  Holds(Edge("P", "Q", "1"));
  Holds(Edge("P", "X", "0.3"));
  Holds(Edge("Q", "X", "0.25"));
  EXPECT_EQ(Effective("P", "X"), "0.550000000000");
  EXPECT_TRUE(On()->Controls(I("P"), I("X"))) << "30% direct + 25% through Q = 55% of votes";
  EXPECT_EQ(*On()->FirstCommonParent(I("Q"), I("X")), I("P"));
}

TEST_F(OwnershipTest, CrossHoldingsSumTheInfiniteSeries) {
  Entities({"A", "B"});
  Holds(Edge("A", "B", "0.6"));
  OwnershipEdge back = Edge("B", "A", "0.1");
  back.cross_holding = true;
  Holds(back);
  // T = D(I - D)^-1: A's share of B is 0.6 / (1 - 0.06), B's share of A is 0.1 / 0.94.
  EXPECT_EQ(Effective("A", "B"), "0.638297872340");
  EXPECT_EQ(Effective("B", "A"), "0.106382978723");
}

TEST_F(OwnershipTest, ExactlyFiftyPercentIsNotControlButSignificantInfluence) {
  Entities({"P", "X"});
  Holds(Edge("P", "X", "0.5"));
  EXPECT_FALSE(On()->Controls(I("P"), I("X")));
  EXPECT_EQ(On()->Method(I("P"), I("X")), ConsolidationMethod::kEquity);
  EXPECT_EQ(On()->UltimateParent(I("X")), I("X"));
}

TEST_F(OwnershipTest, ExplicitControlFlagAtFortyPercentControls) {
  Entities({"P", "X", "Y"});
  OwnershipEdge edge = Edge("P", "X", "0.4");
  edge.explicit_control = true;
  Holds(edge);
  Holds(Edge("X", "Y", "0.9"));
  EXPECT_TRUE(On()->Controls(I("P"), I("X")));
  EXPECT_TRUE(On()->Controls(I("P"), I("Y")));
  EXPECT_EQ(Effective("P", "Y"), "0.360000000000");
}

TEST_F(OwnershipTest, BelowTwentyPercentIsNone) {
  Entities({"P", "X"});
  Holds(Edge("P", "X", "0.19"));
  EXPECT_EQ(On()->Method(I("P"), I("X")), ConsolidationMethod::kNone);
}

TEST_F(OwnershipTest, AcquisitionTakesEffectOnItsDateAndDisposalOnItsEndDate) {
  Entities({"P", "X"});
  Holds(Edge("P", "X", "0.7", absl::CivilDay(2024, 3, 1), absl::CivilDay(2024, 9, 1)));
  EXPECT_FALSE(On(absl::CivilDay(2024, 2, 29))->Controls(I("P"), I("X")));
  EXPECT_TRUE(On(absl::CivilDay(2024, 3, 1))->Controls(I("P"), I("X")));
  EXPECT_TRUE(On(absl::CivilDay(2024, 8, 31))->Controls(I("P"), I("X")));
  EXPECT_FALSE(On(absl::CivilDay(2024, 9, 1))->Controls(I("P"), I("X")));
}

TEST_F(OwnershipTest, DeepChainStaysExactToTwelvePlaces) {
  // 0.9^10 = 0.3486784401 exactly; every product is exact at 18 places.
  std::vector<std::string> ids;
  for (int i = 0; i <= 10; ++i) ids.push_back("E" + std::to_string(i));
  for (const auto& id : ids) ASSERT_TRUE(Add(structure_, Entity(id)).ok());
  for (int i = 0; i < 10; ++i) Holds(Edge(ids[i], ids[i + 1], "0.9"));
  EXPECT_EQ(Effective("E0", "E10"), "0.348678440100");
  EXPECT_TRUE(On()->Controls(I("E0"), I("E10")));
}

TEST(HoldingOrderTest, HoldersComeBeforeHeldAndCyclesLast) {
  // 0 -> 1 -> 2, 3 <-> 4.
  const std::vector<std::vector<int>> out = {{1}, {2}, {}, {4}, {3}};
  const std::vector<int> order = HoldingOrder(out);
  ASSERT_EQ(order.size(), 5u);
  EXPECT_EQ(std::vector<int>(order.begin(), order.begin() + 3), (std::vector<int>{0, 1, 2}));
}

TEST(PercentTextTest, FormatsShares) {
  EXPECT_EQ(PercentText(*Decimal::Parse("0.48")), "48%");
  EXPECT_EQ(PercentText(*Decimal::Parse("0.333333333333")), "33.3333%");
  EXPECT_EQ(PercentText(Decimal::FromUnits(1)), "100%");
}

TEST(OwnershipAnalysisTest, AShareOutsideZeroToOneIsRefusedAsOurBug) {
  // The structure validates shares into [0, 1]; Compute's arithmetic relies on it, so an
  // edge that skipped validation is INTERNAL, not a wrong answer.
  const OwnershipEdge edge = Edge("P", "A", "2");
  auto analysis =
      OwnershipAnalysis::Compute(EntityIndex::Build({"A", "P"}), {&edge}, OwnershipThresholds{});
  EXPECT_EQ(analysis.status().code(), absl::StatusCode::kInternal) << analysis.status();
}

TEST(OwnershipAnalysisTest, GroupVotesOfManyFullHoldersAddUp) {
  // Ten holders of 10% each, all controlled by P: group votes of exactly 100%.
  std::vector<std::string> ids = {"P", "X"};
  std::vector<OwnershipEdge> edges;
  for (int i = 0; i < 10; ++i) {
    const std::string holder = "H" + std::to_string(i);
    ids.push_back(holder);
    edges.push_back(Edge("P", holder, "1"));
    edges.push_back(Edge(holder, "X", "0.1"));
  }
  std::vector<const OwnershipEdge*> active;
  for (const OwnershipEdge& edge : edges) active.push_back(&edge);
  auto analysis =
      OwnershipAnalysis::Compute(EntityIndex::Build(ids), active, OwnershipThresholds{});
  ASSERT_TRUE(analysis.ok()) << analysis.status();
  const EntityIndex& index = (*analysis)->entities();
  EXPECT_EQ((*analysis)->GroupVotes(*index.Find("P"), *index.Find("X")).ToString(), "1");
  EXPECT_EQ((*analysis)->EffectiveShare(*index.Find("P"), *index.Find("X")).ToString(), "1");
}

}  // namespace
}  // namespace interco::group
