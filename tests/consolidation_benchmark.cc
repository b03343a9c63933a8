// consolidation_benchmark: consolidation of a generated group from a ledger of 1M postings.
//
// Builds a 100-entity, 3-tier group (1, 9, 90), appends 1,000,000 intercompany postings
// (4 lines each) through the real LedgerStore (synced batches of 5,000), then measures:
// consolidation from the maintained balances (the current period's fast path), reading the
// balances "as of" a sequence by scanning the journal (lines/s), and peak memory. Prints the
// figures and writes them as JSON to the path given as the first argument.
//   bazel build -c opt //tests:consolidation_benchmark &&
//     bazel-bin/tests/consolidation_benchmark var/bench/consolidation.json [postings]
#include <cstdio>
#include <ctime>
#include <fstream>
#include <random>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "services/consolidation/consolidator.h"
#include "services/consolidation/period_balances.h"
#include "services/group/structure.h"
#include "storage/database.h"
#include "storage/ledger_store.h"
#include "tests/server_process.h"

namespace interco::testing {
namespace {

constexpr int kBatch = 5000;

// CPU seconds of the calling thread: the scan runs on it, and on a shared machine its CPU
// time says more than its wall time.
double ThreadCpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

long PeakRssKb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  }
  return 0;
}

std::shared_ptr<group::GroupStructure> Group(std::vector<std::string>* ids) {
  auto structure = std::make_shared<group::GroupStructure>(group::OwnershipThresholds{});
  std::mt19937 random(5);
  const int tiers[] = {1, 9, 90};
  std::vector<std::vector<std::string>> by_tier(3);
  for (int t = 0, n = 0; t < 3; ++t) {
    for (int i = 0; i < tiers[t]; ++i, ++n) {
      const std::string id = "G" + std::to_string(n);
      (void)structure->Apply(group::LegalEntity{id, "Entity " + id, "DE", "EUR", "", {}, {}});
      by_tier[t].push_back(id);
      ids->push_back(id);
      if (t == 0) continue;
      group::OwnershipEdge edge;
      edge.holder_id = by_tier[t - 1][random() % by_tier[t - 1].size()];
      edge.held_id = id;
      edge.equity_share = Decimal::FromRaw(DecimalScale() / 100 * (60 + random() % 41));
      edge.voting_share = edge.equity_share;
      edge.valid_from = absl::CivilDay(2020, 1, 1);
      (void)structure->Apply(edge);
    }
  }
  return structure;
}

ledger::LedgerLine Line(const std::string& entity, const std::string& counterparty,
                        const char* account, ledger::Side side, Decimal amount) {
  ledger::LedgerLine line;
  line.entity_id = entity;
  line.counterparty_id = counterparty;
  line.account = account;
  line.side = side;
  line.amount = amount;
  line.currency = "EUR";
  line.functional_amount = amount;
  line.functional_currency = "EUR";
  line.fx_rate = Decimal::FromUnits(1);
  line.fx_rate_date = absl::CivilDay(2024, 6, 30);
  line.period = *ledger::Period::Parse("period", "2024-06");
  return line;
}

int Run(const std::string& output, int64_t postings) {
  std::vector<std::string> ids;
  const auto structure = Group(&ids);
  auto database = storage::Database::Open({.path = FreshTempDir("consolidation_bench")});
  if (!database.ok()) return 1;
  auto store = storage::LedgerStore::Open(database->get());
  if (!store.ok()) return 1;
  std::mt19937_64 random(9);
  const absl::Time load_start = absl::Now();
  for (int64_t done = 0; done < postings;) {
    std::vector<ledger::PendingPosting> batch;
    for (int i = 0; i < kBatch && done < postings; ++i, ++done) {
      const std::string& seller = ids[random() % ids.size()];
      std::string buyer = ids[random() % ids.size()];
      if (buyer == seller) buyer = ids[(random() % (ids.size() - 1) + 1) % ids.size()];
      if (buyer == seller) continue;
      const Decimal amount =
          Decimal::FromRaw(absl::int128(random() % 10000000) * 10000000000000000);
      ledger::PendingPosting p;
      p.request_id = "bench-" + std::to_string(done);
      p.fingerprint = p.request_id;
      p.posting.transaction_id = p.request_id;
      p.posting.date = absl::CivilDay(2024, 6, 30);
      p.posting.relation = group::Relation::kIntercompany;
      p.posting.lines = {
          Line(seller, buyer, "1310 IC receivable", ledger::Side::kDebit, amount),
          Line(seller, buyer, "4010 IC revenue goods", ledger::Side::kCredit, amount),
          Line(buyer, seller, "1400 inventory", ledger::Side::kDebit, amount),
          Line(buyer, seller, "2310 IC payable", ledger::Side::kCredit, amount)};
      batch.push_back(std::move(p));
    }
    if (!(*store)->Append(std::move(batch)).ok()) return 1;
  }
  const double load_seconds = absl::ToDoubleSeconds(absl::Now() - load_start);
  const uint64_t head = (*store)->head().sequence;
  auto analysis = structure->AnalysisOn(absl::CivilDay(2024, 6, 30));
  consolidation::ConsolidationInput input;
  input.parent_id = "G0";
  input.presentation_currency = "EUR";
  const Decimal one = Decimal::FromUnits(1);
  for (const std::string& id : ids) input.rates[id] = {one, one, one};

  // Fast path: the maintained balances of the head.
  const absl::Time fast_start = absl::Now();
  auto balances = (*store)->Balances(std::nullopt);
  const absl::Time read_done = absl::Now();
  const ledger::Period june = *ledger::Period::Parse("period", "2024-06");
  input.balances = *consolidation::BalancesForPeriod(balances->balances, june);
  const absl::Time fold_done = absl::Now();
  auto result = consolidation::Consolidate(**analysis, input);
  const double fast_ms = absl::ToDoubleMilliseconds(absl::Now() - fast_start);
  std::printf("  read %.1f ms, fold %.1f ms, consolidate %.1f ms\n",
              absl::ToDoubleMilliseconds(read_done - fast_start),
              absl::ToDoubleMilliseconds(fold_done - read_done),
              absl::ToDoubleMilliseconds(absl::Now() - fold_done));
  if (!result.ok()) {
    std::fprintf(stderr, "%s\n", std::string(result.status().message()).c_str());
    return 1;
  }
  // The same after the balances are compacted (the steady state background compaction
  // reaches): one value per balance instead of one merge operand per line.
  const absl::Time compact_start = absl::Now();
  if (!(*store)->CompactBalances().ok()) return 1;
  const double compact_seconds = absl::ToDoubleSeconds(absl::Now() - compact_start);
  const absl::Time steady_start = absl::Now();
  auto steady = (*store)->Balances(std::nullopt);
  input.balances = *consolidation::BalancesForPeriod(steady->balances, june);
  if (!consolidation::Consolidate(**analysis, input).ok()) return 1;
  const double steady_ms = absl::ToDoubleMilliseconds(absl::Now() - steady_start);
  std::printf("consolidation from compacted balances: %.1f ms (compaction took %.1f s)\n",
              steady_ms, compact_seconds);
  // "As of" one before the head: the journal is scanned line by line.
  const absl::Time scan_start = absl::Now();
  const double scan_cpu_start = ThreadCpuSeconds();
  auto as_of = (*store)->Balances(head - 1);
  const double scan_seconds = absl::ToDoubleSeconds(absl::Now() - scan_start);
  const double scan_cpu_seconds = ThreadCpuSeconds() - scan_cpu_start;
  const double lines_per_second = 4.0 * static_cast<double>(head - 1) / scan_seconds;
  const long peak_kb = PeakRssKb();
  std::printf(
      "group: %zu entities, 3 tiers; ledger: %llu postings, %llu lines (loaded in %.1f s)\n",
      ids.size(), static_cast<unsigned long long>(head), static_cast<unsigned long long>(4 * head),
      load_seconds);
  std::printf("consolidation from balances: %.1f ms (%zu balances, %zu eliminations)\n", fast_ms,
              balances->balances.size(), result->eliminations.size());
  std::printf("balances as of %llu from the journal: %.2f s, %.0f lines/s (%.0f per CPU second)\n",
              static_cast<unsigned long long>(head - 1), scan_seconds, lines_per_second,
              4.0 * static_cast<double>(head - 1) / scan_cpu_seconds);
  std::printf("peak memory: %.1f MiB\n", peak_kb / 1024.0);
  std::ofstream(output) << absl::StrFormat(
      "{\"postings\": %d, \"consolidation_from_balances_ms\": %.3f, "
      "\"consolidation_from_compacted_balances_ms\": %.3f, "
      "\"as_of_scan_lines_per_second\": %.0f, \"peak_rss_mib\": %.1f, \"balances\": %d}\n",
      head, fast_ms, steady_ms, lines_per_second, peak_kb / 1024.0, balances->balances.size());
  std::printf("results: %s\n", output.c_str());
  return as_of.ok() ? 0 : 1;
}

}  // namespace
}  // namespace interco::testing

int main(int argc, char** argv) {
  int64_t postings = 1000000;
  if (argc > 2 && !absl::SimpleAtoi(argv[2], &postings)) return 2;
  return interco::testing::Run(argc > 1 ? argv[1] : "consolidation_benchmark.json", postings);
}
