// OwnershipAnalysis: what the ownership edges active on one day imply.
//
// Effective ownership is T = D(I - D)^-1 (multiply along each chain, add across chains),
// computed column by column in topological order: T[.][j] = sum over direct holders k of
// D[k][j] * (e_k + T[.][k]). For an acyclic group one pass is exact up to the rounding of
// each product to 18 decimal places (half-even). Cross-holdings make the series infinite;
// the pass is repeated until no value moves by more than kConvergenceTolerance, which makes
// their results accurate to better than 1e-15. Answers are shown rounded to 12 places.
//
// Control: P controls X if the votes in X held by P and by entities P controls exceed the
// control threshold (strictly), or an edge from P or an entity P controls carries the
// explicit-control flag. Immutable after Compute(); thread-safe.
#ifndef INTERCO_SERVICES_GROUP_OWNERSHIP_H_
#define INTERCO_SERVICES_GROUP_OWNERSHIP_H_

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "services/common/decimal.h"
#include "services/group/model.h"

namespace interco::group {

struct OwnershipThresholds {
  Decimal control = Decimal::FromRaw(DecimalScale() / 2);                // > 50% of votes.
  Decimal significant_influence = Decimal::FromRaw(DecimalScale() / 5);  // >= 20%: equity.
  Decimal common_ownership = Decimal::FromRaw(DecimalScale() / 4);       // >= 25% of both.
};

enum class ConsolidationMethod { kFull, kEquity, kNone };

// Dense numbering of the entities of one structure version, shared by its analyses.
struct EntityIndex {
  std::vector<std::string> ids;  // Sorted.
  absl::flat_hash_map<std::string, int> index;

  static std::shared_ptr<const EntityIndex> Build(std::vector<std::string> ids);
  std::optional<int> Find(absl::string_view id) const {
    const auto it = index.find(id);
    return it == index.end() ? std::nullopt : std::optional<int>(it->second);
  }
};

class OwnershipAnalysis {
 public:
  static constexpr int kMaxPasses = 10000;
  // 100 units of the 18th decimal place.
  static constexpr int64_t kConvergenceTolerance = 100;

  // `edges` are those active on the day; every id in them must be in `entities` and every
  // share in [0, 1] (the structure validates both; INTERNAL otherwise, as a bug).
  // FAILED_PRECONDITION if cross-holdings make effective ownership diverge (a cycle of
  // 100% holdings) or not converge within kMaxPasses.
  static absl::StatusOr<std::shared_ptr<const OwnershipAnalysis>> Compute(
      std::shared_ptr<const EntityIndex> entities, const std::vector<const OwnershipEdge*>& edges,
      const OwnershipThresholds& thresholds);

  const EntityIndex& entities() const { return *entities_; }

  // The holder's effective equity share of `held` over all chains; 1 for itself.
  Decimal EffectiveShare(int holder, int held) const;
  // Everyone with a positive effective share of `held` (itself excluded), by index.
  const std::vector<std::pair<int, Decimal>>& EffectiveHolders(int held) const {
    return effective_[held];
  }
  // True if `parent` controls `x`, or parent == x.
  bool Controls(int parent, int x) const;
  // The entities controlling `x`, the immediate controller first, the ultimate parent last.
  const std::vector<int>& Controllers(int x) const { return controllers_[x]; }
  // The top of the control chain of `x`; `x` itself if nothing controls it.
  int UltimateParent(int x) const;
  // The lowest entity that controls (or is) both `a` and `b`; nullopt if none does.
  std::optional<int> FirstCommonParent(int a, int b) const;
  // Votes in `x` held directly by `parent` and by entities `parent` controls.
  Decimal GroupVotes(int parent, int x) const;
  // FULL if controlled, EQUITY if group votes reach significant influence, else NONE.
  ConsolidationMethod Method(int parent, int x) const;
  const OwnershipThresholds& thresholds() const { return thresholds_; }

 private:
  struct InEdge {
    int holder;
    Decimal equity;
    Decimal voting;
    bool explicit_control;
  };
  OwnershipAnalysis() = default;
  absl::Status ComputeEffective(const std::vector<int>& order);
  absl::Status ComputeControl();

  std::shared_ptr<const EntityIndex> entities_;
  OwnershipThresholds thresholds_;
  std::vector<std::vector<InEdge>> in_edges_;                    // By held entity.
  std::vector<std::vector<int>> out_edges_;                      // Held entities, by holder.
  std::vector<std::vector<std::pair<int, Decimal>>> effective_;  // Sorted by holder.
  std::vector<std::vector<int>> controllers_;
};

// "48%", "33.3333%": a share as a percentage for reasons and messages, at most 4 places.
std::string PercentText(Decimal share);

// Topological order of the holding graph (holders before held); entities on cycles last.
std::vector<int> HoldingOrder(const std::vector<std::vector<int>>& out_edges);

}  // namespace interco::group

#endif  // INTERCO_SERVICES_GROUP_OWNERSHIP_H_
