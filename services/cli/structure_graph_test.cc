#include "services/cli/structure_graph.h"

#include "gtest/gtest.h"

namespace interco::cli {
namespace {

v1::GetStructureResponse ThreeEntities() {
  v1::GetStructureResponse structure;
  structure.set_structure_version(12);
  for (const char* id : {"A", "B", "P"}) {
    v1::LegalEntity* entity = structure.add_entities();
    entity->set_entity_id(id);
    entity->set_name(std::string("Entity ") + id);
    entity->set_jurisdiction("DE");
    entity->set_functional_currency("EUR");
  }
  structure.mutable_entities(1)->set_name("Beta \"Quoted\" Inc");
  for (auto [holder, held, share] : {std::tuple{"P", "A", "1"}, std::tuple{"A", "B", "0.6"}}) {
    v1::OwnershipEdge* edge = structure.add_edges();
    edge->set_holder_id(holder);
    edge->set_held_id(held);
    edge->mutable_equity_share()->set_value(share);
    edge->mutable_voting_share()->set_value(share);
  }
  return structure;
}

TEST(OwnershipDotTest, ArrowsRunFromHolderToHeldSoTheUltimateParentIsOnTop) {
  const std::string dot = OwnershipDot(ThreeEntities(), {});
  EXPECT_NE(dot.find("\"P\" -> \"A\" [label=\"100%\"];"), std::string::npos) << dot;
  EXPECT_NE(dot.find("\"A\" -> \"B\" [label=\"60%\"];"), std::string::npos) << dot;
  EXPECT_NE(dot.find("\"P\" [label=\"P\\nEntity P\\nDE, EUR\\nultimate parent\", penwidth=2]"),
            std::string::npos)
      << dot;
  EXPECT_NE(dot.find("structure version 12"), std::string::npos);
}

TEST(OwnershipDotTest, HeldEntitiesShowTheirMethodAndEffectiveShare) {
  const std::string dot =
      OwnershipDot(ThreeEntities(), {{"B", {"FULL", "0.6"}}, {"A", {"FULL", "1"}}});
  EXPECT_NE(dot.find("\\nDE, EUR\\nFULL, 60%\"]"), std::string::npos) << dot;
}

TEST(OwnershipDotTest, QuotesInNamesAreEscaped) {
  const std::string dot = OwnershipDot(ThreeEntities(), {});
  EXPECT_NE(dot.find("Beta \\\"Quoted\\\" Inc"), std::string::npos) << dot;
}

TEST(OwnershipDotTest, VotesThatDifferAndExplicitControlAreLabelled) {
  v1::GetStructureResponse structure = ThreeEntities();
  structure.mutable_edges(1)->mutable_voting_share()->set_value("0.4");
  structure.mutable_edges(1)->set_explicit_control(true);
  EXPECT_NE(OwnershipDot(structure, {}).find("[label=\"60%\\nvotes 40%\\ncontrol\"]"),
            std::string::npos);
}

}  // namespace
}  // namespace interco::cli
