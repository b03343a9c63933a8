#include "services/group/generated_group.h"

#include <random>
#include <string>
#include <vector>

namespace interco::group {
namespace {

OwnershipEdge MakeEdge(const std::string& holder, const std::string& held, int percent) {
  OwnershipEdge edge;
  edge.holder_id = holder;
  edge.held_id = held;
  edge.equity_share = Decimal::FromRaw(DecimalScale() / 100 * percent);
  edge.voting_share = edge.equity_share;
  edge.valid_from = absl::CivilDay(2020, 1, 1);
  return edge;
}

}  // namespace

std::shared_ptr<GroupStructure> GenerateGroup() {
  auto structure = std::make_shared<GroupStructure>(OwnershipThresholds{});
  std::mt19937 random(42);
  const int tiers[] = {1, 9, 40, 150, 800};
  std::vector<std::vector<std::string>> ids(5);
  int next = 0;
  for (int t = 0; t < 5; ++t) {
    for (int i = 0; i < tiers[t]; ++i) {
      const int n = next++;
      const std::string id = "E" + std::to_string(n);
      ids[t].push_back(id);
      // Generated data is valid by construction; a failure would show in the benchmarks.
      (void)structure->Apply(
          LegalEntity{id, "Entity " + id, "DE", n % 4 == 3 ? "USD" : "EUR", "", {}, {}});
      (void)structure->Apply(Department{id + "-IT", id, "IT"});
      if (t == 0) continue;
      const auto& above = ids[t - 1];
      const std::string& holder = above[random() % above.size()];
      (void)structure->Apply(MakeEdge(holder, id, 51 + static_cast<int>(random() % 29)));
      if (i % 10 == 0 && above.size() > 1) {
        const std::string& minority = above[random() % above.size()];
        if (minority != holder) (void)structure->Apply(MakeEdge(minority, id, 20));
      }
    }
  }
  return structure;
}

}  // namespace interco::group
