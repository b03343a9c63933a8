#include "services/cli/structure_tree.h"

#include "gtest/gtest.h"

namespace interco::cli {
namespace {

void AddEntity(v1::GetStructureResponse& s, const std::string& id, const std::string& name) {
  v1::LegalEntity* entity = s.add_entities();
  entity->set_entity_id(id);
  entity->set_name(name);
  entity->set_jurisdiction("DE");
  entity->set_functional_currency("EUR");
}

void AddEdge(v1::GetStructureResponse& s, const std::string& holder, const std::string& held,
             const std::string& equity, const std::string& votes) {
  v1::OwnershipEdge* edge = s.add_edges();
  edge->set_holder_id(holder);
  edge->set_held_id(held);
  edge->mutable_equity_share()->set_value(equity);
  edge->mutable_voting_share()->set_value(votes);
}

TEST(OwnershipTreeTest, TheUltimateParentOnTopAndASharedSubsidiaryDrawnOnce) {
  v1::GetStructureResponse s;
  AddEntity(s, "P", "Parent");
  AddEntity(s, "A", "Alpha");
  AddEntity(s, "B", "Beta");
  AddEntity(s, "C", "Gamma");
  AddEntity(s, "Z", "Standalone");
  AddEdge(s, "P", "A", "0.8", "0.8");
  AddEdge(s, "A", "B", "0.6", "0.6");
  AddEdge(s, "P", "B", "0.3", "0.5");
  AddEdge(s, "B", "C", "1", "1");
  EXPECT_EQ(OwnershipTree(s),
            "P  Parent (DE, EUR)\n"
            "├── 80%  A  Alpha (DE, EUR)\n"
            "│   └── 60%  B  Beta (DE, EUR)\n"
            "│       └── 100%  C  Gamma (DE, EUR)\n"
            "└── 30%, votes 50%  B  Beta (DE, EUR)  (see above)\n"
            "Z  Standalone (DE, EUR)\n");
}

TEST(OwnershipTreeTest, ACrossHoldingStopsWhereItCloses) {
  v1::GetStructureResponse s;
  AddEntity(s, "P", "Parent");
  AddEntity(s, "A", "Alpha");
  AddEntity(s, "B", "Beta");
  AddEdge(s, "P", "A", "1", "1");
  AddEdge(s, "A", "B", "0.6", "0.6");
  AddEdge(s, "B", "A", "0.1", "0.1");
  EXPECT_EQ(OwnershipTree(s),
            "P  Parent (DE, EUR)\n"
            "└── 100%  A  Alpha (DE, EUR)\n"
            "    └── 60%  B  Beta (DE, EUR)\n"
            "        └── 10%  A  Alpha (DE, EUR)  (see above)\n");
}

}  // namespace
}  // namespace interco::cli
