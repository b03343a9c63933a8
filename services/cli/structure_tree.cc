#include "services/cli/structure_tree.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/cli/share_percent.h"
#include "services/cli/structure_graph.h"

namespace interco::cli {
namespace {

// Ownership chains are short; the limit only guards the recursion against a structure
// the server would never send.
constexpr int kMaxDepth = 64;

class TreeWriter {
 public:
  explicit TreeWriter(const v1::GetStructureResponse& structure) {
    for (const v1::LegalEntity& entity : structure.entities()) {
      entities_[entity.entity_id()] = &entity;
    }
    for (const v1::OwnershipEdge& edge : structure.edges()) {
      held_by_[edge.holder_id()].push_back(&edge);
      held_.insert(edge.held_id());
    }
    for (auto& [holder, edges] : held_by_) {
      std::sort(edges.begin(), edges.end(),
                [](const auto* a, const auto* b) { return a->held_id() < b->held_id(); });
    }
  }

  std::string Write() {
    for (const auto& [id, entity] : entities_) {
      if (held_.count(id) != 0) continue;
      absl::StrAppend(&out_, Label(id), "\n");
      drawn_.insert(id);
      Children(id, "", 0);
    }
    return out_;
  }

 private:
  std::string Label(const std::string& id) const {
    const auto it = entities_.find(id);
    if (it == entities_.end()) return id;
    return absl::StrCat(id, "  ", it->second->name(), " (", it->second->jurisdiction(), ", ",
                        it->second->functional_currency(), ")");
  }

  void Children(const std::string& holder, const std::string& indent, int depth) {
    const auto it = held_by_.find(holder);
    if (it == held_by_.end() || depth >= kMaxDepth) return;
    for (size_t i = 0; i < it->second.size(); ++i) {
      const v1::OwnershipEdge& edge = *it->second[i];
      const bool last = i + 1 == it->second.size();
      std::string share = SharePercent(edge.equity_share().value());
      if (edge.voting_share().value() != edge.equity_share().value()) {
        absl::StrAppend(&share, ", votes ", SharePercent(edge.voting_share().value()));
      }
      if (edge.explicit_control()) absl::StrAppend(&share, ", control");
      const bool first_time = drawn_.insert(edge.held_id()).second;
      absl::StrAppend(&out_, indent, last ? "└── " : "├── ", share, "  ", Label(edge.held_id()),
                      first_time ? "" : "  (see above)", "\n");
      if (first_time) Children(edge.held_id(), indent + (last ? "    " : "│   "), depth + 1);
    }
  }

  std::map<std::string, const v1::LegalEntity*> entities_;
  std::map<std::string, std::vector<const v1::OwnershipEdge*>> held_by_;
  std::set<std::string> held_;
  std::set<std::string> drawn_;
  std::string out_;
};

}  // namespace

std::string OwnershipTree(const v1::GetStructureResponse& structure) {
  return TreeWriter(structure).Write();
}

}  // namespace interco::cli
