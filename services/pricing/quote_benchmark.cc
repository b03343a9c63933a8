// Quote throughput in-process on the generated 1,000-entity group (a quarter of the
// entities keep USD books, so half the quotes convert currencies).
//
//   bazel run -c opt //services/pricing:quote_benchmark --
//       --benchmark_out=quote_benchmark.json --benchmark_out_format=json
#include <random>

#include "benchmark/benchmark.h"
#include "services/group/generated_group.h"
#include "services/pricing/quote.h"

namespace interco::pricing {
namespace {

const absl::CivilDay kDay(2024, 6, 30);

const PricingBook& Book() {
  static const PricingBook* const book = [] {
    auto* built = new PricingBook();
    Policy goods;
    goods.id = "goods-cost-plus";
    goods.pattern.transaction_type = TransactionType::kGoods;
    goods.pattern.valid_from = absl::CivilDay(2020, 1, 1);
    goods.method = Method::kCostPlus;
    goods.parameters["markup"] = *Decimal::Parse("0.08");
    Policy services = goods;
    services.id = "services-tnmm";
    services.pattern.transaction_type = TransactionType::kServices;
    services.method = Method::kTnmm;
    services.parameters = {{"net_cost_plus", *Decimal::Parse("0.05")}};
    services.comparables = {*Decimal::Parse("0.03"), *Decimal::Parse("0.045"),
                            *Decimal::Parse("0.05"), *Decimal::Parse("0.07")};
    services.range = RangeStrategy::kUsInterquartile;
    (void)built->Apply(goods);
    (void)built->Apply(services);
    (void)built->Apply(
        FxRate{"EUR", "USD", RateType::kSpot, kDay, kDay + 1, *Decimal::Parse("1.1")});
    return built;
  }();
  return *book;
}

std::vector<QuoteRequest> Requests(TransactionType type, size_t count) {
  std::mt19937 random(11);
  std::vector<QuoteRequest> requests;
  while (requests.size() < count) {
    const int a = random() % group::kGeneratedEntities, b = random() % group::kGeneratedEntities;
    if (a == b) continue;
    QuoteRequest request;
    request.seller = {group::PartyKind::kEntity, "E" + std::to_string(a)};
    request.buyer = {group::PartyKind::kEntity, "E" + std::to_string(b)};
    request.date = kDay;
    request.transaction_type = type;
    request.quantity = Decimal::FromUnits(1 + random() % 100);
    request.currency = "EUR";
    request.inputs[type == TransactionType::kGoods ? "cost" : "total_costs"] =
        Decimal::FromUnits(10 + random() % 1000);
    if (type == TransactionType::kServices) request.tested_unit_price = Decimal::FromUnits(500);
    requests.push_back(std::move(request));
  }
  return requests;
}

void Run(benchmark::State& state, TransactionType type) {
  static const std::shared_ptr<group::GroupStructure> structure = group::GenerateGroup();
  const PricingBook& book = Book();
  const std::vector<QuoteRequest> requests = Requests(type, 4096);
  (void)structure->AnalysisOn(kDay);
  size_t i = 0, priced = 0;
  for (auto _ : state) {
    auto quote = PriceTransaction(*structure, book, requests[i++ & 4095]);
    priced += quote.ok() && quote->transfer_pricing_applies ? 1 : 0;
    benchmark::DoNotOptimize(quote);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["priced_share"] =
      benchmark::Counter(static_cast<double>(priced) / static_cast<double>(state.iterations()));
}

void BM_QuoteCostPlus(benchmark::State& state) { Run(state, TransactionType::kGoods); }
BENCHMARK(BM_QuoteCostPlus)->UseRealTime();

void BM_QuoteTnmmWithRangeTest(benchmark::State& state) { Run(state, TransactionType::kServices); }
BENCHMARK(BM_QuoteTnmmWithRangeTest)->UseRealTime();

}  // namespace
}  // namespace interco::pricing

BENCHMARK_MAIN();
