// Classify throughput and structure rebuild time on a generated 1,000-entity, 5-tier group.
//
//   bazel run -c opt //services/group:classifier_benchmark --
//       --benchmark_out=classifier_benchmark.json --benchmark_out_format=json
#include <random>

#include "benchmark/benchmark.h"
#include "services/group/classifier.h"
#include "services/group/generated_group.h"
#include "services/group/structure.h"

namespace interco::group {
namespace {

constexpr int kEntities = kGeneratedEntities;
const absl::CivilDay kDay(2024, 6, 30);

const GroupStructure& Shared() {
  static const std::shared_ptr<GroupStructure> structure = GenerateGroup();
  return *structure;
}

std::vector<std::pair<Party, Party>> Pairs(size_t count) {
  std::mt19937 random(7);
  std::vector<std::pair<Party, Party>> pairs;
  while (pairs.size() < count) {
    const int a = random() % kEntities, b = random() % kEntities;
    if (a == b) continue;
    const bool department = random() % 4 == 0;
    pairs.push_back({{department ? PartyKind::kDepartment : PartyKind::kEntity,
                      "E" + std::to_string(a) + (department ? "-IT" : "")},
                     {PartyKind::kEntity, "E" + std::to_string(b)}});
  }
  return pairs;
}

void BM_Classify(benchmark::State& state) {
  const GroupStructure& structure = Shared();
  const auto pairs = Pairs(4096);
  (void)structure.AnalysisOn(kDay);  // Warm the per-interval cache, as a server does.
  size_t i = 0;
  for (auto _ : state) {
    const auto& [seller, buyer] = pairs[i++ & 4095];
    auto result = Classify(structure, seller, buyer, kDay);
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Classify)->Threads(1)->Threads(2)->UseRealTime();

// A copy of the structure, one change, and the ownership analysis recomputed: what the
// server does to publish a new version.
void BM_RebuildAfterOneChange(benchmark::State& state) {
  const GroupStructure& structure = Shared();
  int n = 0;
  for (auto _ : state) {
    GroupStructure next(structure);
    (void)next.Apply(LegalEntity{"E5", "Renamed " + std::to_string(n++), "DE", "EUR", "", {}, {}});
    auto analysis = next.AnalysisOn(kDay);
    benchmark::DoNotOptimize(analysis);
  }
}
BENCHMARK(BM_RebuildAfterOneChange)->Unit(benchmark::kMillisecond);

void BM_OwnershipAnalysisOnly(benchmark::State& state) {
  const GroupStructure& structure = Shared();
  std::vector<std::string> ids;
  for (const auto& [id, entity] : structure.entities()) ids.push_back(id);
  const auto index = EntityIndex::Build(ids);
  const auto edges = structure.EdgesOn(kDay);
  for (auto _ : state) {
    auto analysis = OwnershipAnalysis::Compute(index, edges, OwnershipThresholds{});
    benchmark::DoNotOptimize(analysis);
  }
}
BENCHMARK(BM_OwnershipAnalysisOnly)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace interco::group

BENCHMARK_MAIN();
