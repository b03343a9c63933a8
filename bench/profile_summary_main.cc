// profile_summary: turns the `perf script` output of each profiled scenario into what
// docs/BENCHMARKS.md quotes. For every DIR/<scenario>.script (scripts/benchmark.sh writes
// them from DIR/<scenario>.data) it writes
//   DIR/<scenario>.folded  folded stacks (flamegraph.pl, speedscope and the like read them)
//   DIR/<scenario>.txt     threads, the stages of a posting, top frames by self and
//                          inclusive share, and a text flame graph
// and DIR/where_time_goes.md: the stages' server CPU microseconds per posting for every
// scenario, each stage's sampled share times the CPU per posting of the unprofiled run in
// --results. Scenario names: unary-<in flight>, batch-<size>, stream-<streams>, and
// groups-<active groups> (bench/groups_main.cc's profiles, its figures under "groups").
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "bench/stack_profile.h"
#include "nlohmann/json.hpp"

ABSL_FLAG(std::string, perf_dir, "var/bench/perf", "directory of the <scenario>.script files");
ABSL_FLAG(std::string, results, "var/bench/results.json",
          "interco_bench results whose CPU per posting the stage shares are scaled by");
ABSL_FLAG(int, top, 25, "frames listed by self and by inclusive share");
ABSL_FLAG(double, min_share, 0.01, "smallest node of the text flame graph, 0..1");

namespace interco::bench {
namespace {

struct Profile {
  std::string name;  // "unary-64".
  std::vector<StackSample> samples;
  std::vector<double> stage_shares;  // By PostingStages() index.
  // By stage: the frames that decided it, and their weight.
  std::vector<std::map<std::string, int64_t>> deciding_frames;
  double allocator_share = 0;
  std::optional<double> cpu_us_per_posting;  // Of the unprofiled run.
};

// The unprofiled run's CPU per posting for the scenario `name` names: groups-<N> from the
// groups benchmark's rows (bench/groups_main.cc), the others from interco_bench's results.
std::optional<double> CpuPerPosting(const nlohmann::json& results, const std::string& name) {
  std::pair<std::string, std::string> kind_number = absl::StrSplit(name, '-');
  int number = 0;
  if (!absl::SimpleAtoi(kind_number.second, &number)) return std::nullopt;
  if (kind_number.first == "groups") {
    if (!results.contains("groups") || !results["groups"].contains("throughput")) {
      return std::nullopt;
    }
    for (const nlohmann::json& row : results["groups"]["throughput"]) {
      const double us = row.value("cpu_us_per_posting", -1.0);
      if (row.value("groups", 0) == number && us >= 0) return us;
    }
    return std::nullopt;
  }
  if (!results.contains("results")) return std::nullopt;
  for (const nlohmann::json& r : results["results"]) {
    if (r.value("system", "") != "interco" || r.value("scenario", "") != kind_number.first) {
      continue;
    }
    const int key =
        kind_number.first == "batch" ? r.value("batch_size", 0) : r.value("in_flight", 0);
    const double us = r.value("cpu_us_per_posting", -1.0);
    if (key == number && us >= 0) return us;
  }
  return std::nullopt;
}

std::string Summary(const Profile& p) {
  const std::vector<Stage>& stages = PostingStages();
  int64_t total = 0;
  std::map<std::string, int64_t> threads;
  for (const StackSample& s : p.samples) {
    total += s.weight;
    threads[s.thread] += s.weight;
  }
  std::string out = absl::StrFormat("%s: %d samples, %.2f CPU seconds sampled\n\n", p.name,
                                    p.samples.size(), total / 1e9);
  absl::StrAppend(&out, "threads:\n");
  for (const auto& [thread, weight] : threads) {
    absl::StrAppendFormat(&out, "  %5.1f%% %s\n", 100.0 * weight / total, thread);
  }
  absl::StrAppend(&out, "\nstages of a posting (share; us per posting at ",
                  p.cpu_us_per_posting ? absl::StrFormat("%.1f", *p.cpu_us_per_posting) : "?",
                  " us of server CPU per posting):\n");
  for (size_t s = 0; s < stages.size(); ++s) {
    absl::StrAppendFormat(&out, "  %5.1f%% %7s  %s\n", 100 * p.stage_shares[s],
                          p.cpu_us_per_posting
                              ? absl::StrFormat("%.1f", p.stage_shares[s] * *p.cpu_us_per_posting)
                              : "-",
                          stages[s].name);
  }
  absl::StrAppendFormat(&out, "  (of all these, in malloc/free/new/delete: %.1f%%)\n",
                        100 * p.allocator_share);
  absl::StrAppend(&out, "\nthe frames that put samples in each stage (to check the table):\n");
  for (size_t s = 0; s < stages.size(); ++s) {
    std::vector<std::pair<int64_t, std::string>> frames;
    for (const auto& [frame, weight] : p.deciding_frames[s]) frames.push_back({weight, frame});
    std::sort(frames.rbegin(), frames.rend());
    if (frames.empty()) continue;
    absl::StrAppend(&out, "  ", stages[s].name, ":\n");
    for (size_t i = 0; i < frames.size() && i < 6; ++i) {
      absl::StrAppendFormat(&out, "    %5.1f%% %s\n", 100.0 * frames[i].first / total,
                            frames[i].second);
    }
  }
  const size_t top = static_cast<size_t>(std::max(1, absl::GetFlag(FLAGS_top)));
  absl::StrAppend(&out, "\ntop frames by self share:\n");
  for (const FrameShare& f : TopSelf(p.samples, top)) {
    absl::StrAppendFormat(&out, "  %5.1f%% %s\n", 100 * f.share, f.frame);
  }
  absl::StrAppend(&out, "\ntop frames by inclusive share:\n");
  for (const FrameShare& f : TopInclusive(p.samples, top)) {
    absl::StrAppendFormat(&out, "  %5.1f%% %s\n", 100 * f.share, f.frame);
  }
  absl::StrAppend(&out, "\ntext flame graph (inclusive share; nodes under ",
                  100 * absl::GetFlag(FLAGS_min_share), "% left out):\n",
                  TextFlameGraph(p.samples, absl::GetFlag(FLAGS_min_share)));
  return out;
}

Profile Analyze(const std::string& name, const std::string& script_path,
                const nlohmann::json& results) {
  Profile p{name};
  std::ifstream in(script_path);
  p.samples = ParsePerfScript(in);
  const std::vector<Stage>& stages = PostingStages();
  std::vector<int64_t> weights(stages.size());
  p.deciding_frames.resize(stages.size());
  int64_t total = 0, allocator = 0;
  for (const StackSample& s : p.samples) {
    total += s.weight;
    size_t frame = 0;
    const size_t stage = StageOf(s, stages, &frame);
    weights[stage] += s.weight;
    p.deciding_frames[stage][frame < s.frames.size() ? ShortSymbol(s.frames[frame]) : "(none)"] +=
        s.weight;
    if (InAllocator(s)) allocator += s.weight;
  }
  for (int64_t w : weights) p.stage_shares.push_back(total > 0 ? 1.0 * w / total : 0);
  p.allocator_share = total > 0 ? 1.0 * allocator / total : 0;
  p.cpu_us_per_posting = CpuPerPosting(results, name);
  return p;
}

// Scenarios in the order the benchmark runs them.
bool RunOrder(const Profile& a, const Profile& b) {
  auto rank = [](const std::string& name) {
    std::pair<std::string, std::string> kind_number = absl::StrSplit(name, '-');
    int number = 0;
    (void)absl::SimpleAtoi(kind_number.second, &number);
    const int kind = kind_number.first == "unary" ? 0 : kind_number.first == "batch" ? 1 : 2;
    return std::make_pair(kind, number);
  };
  return rank(a.name) < rank(b.name);
}

std::string StageTable(const std::vector<Profile>& profiles) {
  std::string out = "| stage |";
  for (const Profile& p : profiles) absl::StrAppend(&out, " ", p.name, " |");
  absl::StrAppend(&out, "\n| --- |");
  for (size_t i = 0; i < profiles.size(); ++i) absl::StrAppend(&out, " --- |");
  auto cell = [](const Profile& p, double share) {
    return p.cpu_us_per_posting
               ? absl::StrFormat("%.1f (%.0f%%)", share * *p.cpu_us_per_posting, 100 * share)
               : absl::StrFormat("(%.0f%%)", 100 * share);
  };
  const std::vector<Stage>& stages = PostingStages();
  for (size_t s = 0; s < stages.size(); ++s) {
    absl::StrAppend(&out, "\n| ", stages[s].name, " |");
    for (const Profile& p : profiles) absl::StrAppend(&out, " ", cell(p, p.stage_shares[s]), " |");
  }
  absl::StrAppend(&out, "\n| **server CPU per posting** |");
  for (const Profile& p : profiles) absl::StrAppend(&out, " **", cell(p, 1.0), "** |");
  absl::StrAppend(&out, "\n| of which in malloc/free/new/delete |");
  for (const Profile& p : profiles) absl::StrAppend(&out, " ", cell(p, p.allocator_share), " |");
  absl::StrAppend(&out, "\n| samples |");
  for (const Profile& p : profiles) absl::StrAppend(&out, " ", p.samples.size(), " |");
  return out + "\n";
}

int Main() {
  const std::string dir = absl::GetFlag(FLAGS_perf_dir);
  std::ifstream results_file(absl::GetFlag(FLAGS_results));
  const nlohmann::json results = nlohmann::json::parse(results_file, nullptr, false);
  std::vector<Profile> profiles;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    if (entry.path().extension() != ".script") continue;
    const std::string name = entry.path().stem().string();
    profiles.push_back(Analyze(name, entry.path().string(), results));
    std::ofstream(absl::StrCat(dir, "/", name, ".folded")) << FoldedStacks(profiles.back().samples);
    std::ofstream(absl::StrCat(dir, "/", name, ".txt")) << Summary(profiles.back());
  }
  if (error || profiles.empty()) {
    std::fprintf(stderr, "profile_summary: no .script files in %s\n", dir.c_str());
    return 1;
  }
  std::sort(profiles.begin(), profiles.end(), RunOrder);
  std::ofstream(dir + "/where_time_goes.md") << StageTable(profiles);
  std::printf("profile_summary: %zu profiles; %s/where_time_goes.md\n", profiles.size(),
              dir.c_str());
  return 0;
}

}  // namespace
}  // namespace interco::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return interco::bench::Main();
}
