#include "services/group/ownership.h"

#include <algorithm>
#include <deque>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"

namespace interco::group {
namespace {

using Column = std::vector<std::pair<int, Decimal>>;

// An effective share beyond this, 1 + 1e-9, means the cross-holdings diverge. Built from raw
// units, so no checked arithmetic is needed (10^18 + 10^9 is far inside int128).
Decimal DivergedShare() { return Decimal::FromRaw(DecimalScale() + 1000000000); }

// The value of arithmetic on shares that cannot overflow: edge shares are in [0, 1] (Compute
// checks) and effective shares at most DivergedShare() (ComputeEffective checks), so a
// product is at most DivergedShare(), and a sum of at most two such terms per edge stays
// below twice the number of edges, far inside Decimal's range (about 1.7e20). A failure is
// our bug: INTERNAL, naming `what`.
absl::StatusOr<Decimal> ShareArithmetic(std::optional<Decimal> result, absl::string_view what) {
  if (!result.has_value()) {
    return absl::InternalError(absl::StrCat("ownership arithmetic overflowed computing ", what,
                                            ", which shares in [0, 1] cannot do"));
  }
  return *result;
}

bool IsShare(Decimal value) { return Decimal() <= value && value <= Decimal::FromUnits(1); }

bool Close(const Column& a, const Column& b, int64_t tolerance) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].first != b[i].first) return false;
    const absl::int128 diff = a[i].second.raw() - b[i].second.raw();
    if (diff > tolerance || diff < -tolerance) return false;
  }
  return true;
}

}  // namespace

std::shared_ptr<const EntityIndex> EntityIndex::Build(std::vector<std::string> ids) {
  auto built = std::make_shared<EntityIndex>();
  std::sort(ids.begin(), ids.end());
  built->ids = std::move(ids);
  built->index.reserve(built->ids.size());
  for (size_t i = 0; i < built->ids.size(); ++i) built->index.emplace(built->ids[i], i);
  return built;
}

std::string PercentText(Decimal share) {
  const Decimal percent = Decimal::Mul(share, Decimal::FromUnits(100)).value_or(Decimal()).Round(4);
  return absl::StrCat(percent.ToString(), "%");
}

std::vector<int> HoldingOrder(const std::vector<std::vector<int>>& out_edges) {
  const int n = static_cast<int>(out_edges.size());
  std::vector<int> in_degree(n, 0);
  for (const auto& targets : out_edges) {
    for (int held : targets) ++in_degree[held];
  }
  std::deque<int> ready;
  for (int i = 0; i < n; ++i) {
    if (in_degree[i] == 0) ready.push_back(i);
  }
  std::vector<int> order;
  order.reserve(n);
  std::vector<bool> placed(n, false);
  while (!ready.empty()) {
    const int next = ready.front();
    ready.pop_front();
    order.push_back(next);
    placed[next] = true;
    for (int held : out_edges[next]) {
      if (--in_degree[held] == 0) ready.push_back(held);
    }
  }
  for (int i = 0; i < n; ++i) {
    if (!placed[i]) order.push_back(i);  // On or below a cycle: iterated to convergence.
  }
  return order;
}

absl::StatusOr<std::shared_ptr<const OwnershipAnalysis>> OwnershipAnalysis::Compute(
    std::shared_ptr<const EntityIndex> entities, const std::vector<const OwnershipEdge*>& edges,
    const OwnershipThresholds& thresholds) {
  std::shared_ptr<OwnershipAnalysis> analysis(new OwnershipAnalysis());
  const size_t n = entities->ids.size();
  analysis->entities_ = std::move(entities);
  analysis->thresholds_ = thresholds;
  analysis->in_edges_.resize(n);
  analysis->out_edges_.resize(n);
  for (const OwnershipEdge* edge : edges) {
    const std::optional<int> holder = analysis->entities_->Find(edge->holder_id);
    const std::optional<int> held = analysis->entities_->Find(edge->held_id);
    if (!holder.has_value() || !held.has_value()) {
      return absl::InternalError(absl::StrCat("edge ", edge->holder_id, " -> ", edge->held_id,
                                              " names an entity missing from the structure"));
    }
    // The structure validates every share into [0, 1]; the arithmetic below relies on it.
    if (!IsShare(edge->equity_share) || !IsShare(edge->voting_share)) {
      return absl::InternalError(absl::StrCat("edge ", edge->holder_id, " -> ", edge->held_id,
                                              " carries equity ", edge->equity_share.ToString(),
                                              " and votes ", edge->voting_share.ToString(),
                                              "; shares must be in [0, 1]"));
    }
    analysis->in_edges_[*held].push_back(
        {*holder, edge->equity_share, edge->voting_share, edge->explicit_control});
    analysis->out_edges_[*holder].push_back(*held);
  }
  RETURN_IF_ERROR(analysis->ComputeEffective(HoldingOrder(analysis->out_edges_)));
  RETURN_IF_ERROR(analysis->ComputeControl());
  return std::shared_ptr<const OwnershipAnalysis>(std::move(analysis));
}

absl::Status OwnershipAnalysis::ComputeEffective(const std::vector<int>& order) {
  const Decimal diverged = DivergedShare();
  effective_.assign(in_edges_.size(), {});
  absl::flat_hash_map<int, Decimal> sums;
  for (int pass = 0; pass < kMaxPasses; ++pass) {
    bool moved = false;
    for (int held : order) {
      sums.clear();
      for (const InEdge& edge : in_edges_[held]) {
        if (edge.equity.is_zero()) continue;
        // Edge shares are in [0, 1] and effective shares at most `diverged` (checked below),
        // so none of these can overflow (ShareArithmetic).
        ASSIGN_OR_RETURN(
            sums[edge.holder],
            ShareArithmetic(Decimal::Add(sums[edge.holder], edge.equity), "a direct holding"));
        for (const auto& [holder, share] : effective_[edge.holder]) {
          ASSIGN_OR_RETURN(const Decimal through, ShareArithmetic(Decimal::Mul(edge.equity, share),
                                                                  "a holding through a chain"));
          ASSIGN_OR_RETURN(sums[holder],
                           ShareArithmetic(Decimal::Add(sums[holder], through), "a holding's sum"));
        }
      }
      Column column;
      column.reserve(sums.size());
      for (const auto& [holder, share] : sums) {
        if (share > diverged) {
          return absl::FailedPreconditionError(
              absl::StrCat("cross-holdings make the effective ownership of ", entities_->ids[held],
                           " diverge (a cycle of 100% holdings)"));
        }
        if (!share.is_zero()) column.emplace_back(holder, share);
      }
      std::sort(column.begin(), column.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
      if (!Close(column, effective_[held], pass == 0 ? -1 : kConvergenceTolerance)) moved = true;
      effective_[held] = std::move(column);
    }
    if (!moved) {
      // The loops through an entity back to itself were needed for the sums above; they
      // are not an ownership of itself, so drop them from the answers.
      for (size_t held = 0; held < effective_.size(); ++held) {
        auto& column = effective_[held];
        column.erase(std::remove_if(column.begin(), column.end(),
                                    [held](const auto& e) { return e.first == int(held); }),
                     column.end());
      }
      return absl::OkStatus();
    }
  }
  return absl::FailedPreconditionError(
      absl::StrCat("cross-holdings do not converge within ", kMaxPasses, " passes"));
}

absl::Status OwnershipAnalysis::ComputeControl() {
  const int n = static_cast<int>(in_edges_.size());
  controllers_.assign(n, {});
  std::vector<int> controlled_count(n, 0);
  // Voting edges by holder, for the expansion below.
  std::vector<std::vector<const InEdge*>> votes_out(n);
  std::vector<std::vector<int>> votes_out_target(n);
  for (int held = 0; held < n; ++held) {
    for (const InEdge& edge : in_edges_[held]) {
      votes_out[edge.holder].push_back(&edge);
      votes_out_target[edge.holder].push_back(held);
    }
  }
  absl::flat_hash_map<int, Decimal> votes;
  absl::flat_hash_set<int> members;
  for (int parent = 0; parent < n; ++parent) {
    if (votes_out[parent].empty()) continue;
    votes.clear();
    members.clear();
    members.insert(parent);
    std::deque<int> frontier = {parent};
    while (!frontier.empty()) {
      const int member = frontier.front();
      frontier.pop_front();
      for (size_t e = 0; e < votes_out[member].size(); ++e) {
        const int x = votes_out_target[member][e];
        if (members.contains(x)) continue;
        Decimal& held_votes = votes[x];
        // At most one term per edge into x, each in [0, 1]: cannot overflow.
        ASSIGN_OR_RETURN(
            held_votes,
            ShareArithmetic(Decimal::Add(held_votes, votes_out[member][e]->voting), "group votes"));
        if (held_votes > thresholds_.control || votes_out[member][e]->explicit_control) {
          members.insert(x);
          frontier.push_back(x);
        }
      }
    }
    controlled_count[parent] = static_cast<int>(members.size()) - 1;
    for (int x : members) {
      if (x != parent) controllers_[x].push_back(parent);
    }
  }
  // Control sets nest: a controller of a controller controls more. Sort each chain from
  // the immediate controller (fewest controlled) up to the ultimate parent.
  for (auto& chain : controllers_) {
    std::sort(chain.begin(), chain.end(), [&](int a, int b) {
      return controlled_count[a] != controlled_count[b] ? controlled_count[a] < controlled_count[b]
                                                        : a < b;
    });
  }
  return absl::OkStatus();
}

Decimal OwnershipAnalysis::EffectiveShare(int holder, int held) const {
  if (holder == held) return Decimal::FromUnits(1);
  const auto& column = effective_[held];
  const auto it = std::lower_bound(column.begin(), column.end(), holder,
                                   [](const auto& e, int h) { return e.first < h; });
  return it != column.end() && it->first == holder ? it->second : Decimal();
}

bool OwnershipAnalysis::Controls(int parent, int x) const {
  if (parent == x) return true;
  const auto& chain = controllers_[x];
  return std::find(chain.begin(), chain.end(), parent) != chain.end();
}

int OwnershipAnalysis::UltimateParent(int x) const {
  return controllers_[x].empty() ? x : controllers_[x].back();
}

std::optional<int> OwnershipAnalysis::FirstCommonParent(int a, int b) const {
  if (Controls(a, b)) return a;
  for (int candidate : controllers_[a]) {
    if (Controls(candidate, b)) return candidate;
  }
  return std::nullopt;
}

Decimal OwnershipAnalysis::GroupVotes(int parent, int x) const {
  // Summed in raw units, which cannot overflow and needs no failure path in this accessor:
  // Compute refused any share outside [0, 1] (raw <= 10^18), and fewer than 2^64 edges of
  // at most 10^18 each total under 1.9e37, inside Decimal's raw range of about 1.7e38.
  static_assert(sizeof(size_t) <= 8, "the bound above assumes at most 2^64 edges");
  absl::int128 total = 0;
  for (const InEdge& edge : in_edges_[x]) {
    if (Controls(parent, edge.holder)) total += edge.voting.raw();
  }
  return Decimal::FromRaw(total);
}

ConsolidationMethod OwnershipAnalysis::Method(int parent, int x) const {
  if (Controls(parent, x)) return ConsolidationMethod::kFull;
  if (GroupVotes(parent, x) >= thresholds_.significant_influence) {
    return ConsolidationMethod::kEquity;
  }
  return ConsolidationMethod::kNone;
}

}  // namespace interco::group
