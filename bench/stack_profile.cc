#include "bench/stack_profile.h"

#include <algorithm>
#include <map>
#include <memory>
#include <sstream>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace interco::bench {
namespace {

// "ffffffff81676d50 get_vma_policy ([kernel.kallsyms])" -> "get_vma_policy [k]";
// "897ba [unknown] (/usr/lib/x86_64-linux-gnu/libgrpc++.so.1.51.1)" -> "[libgrpc++.so.1.51.1]".
std::string FrameName(absl::string_view line) {
  line = absl::StripLeadingAsciiWhitespace(line);
  const size_t space = line.find(' ');
  if (space == absl::string_view::npos) return std::string(line);
  absl::string_view rest = line.substr(space + 1);
  absl::string_view dso;
  if (const size_t open = rest.rfind(" ("); open != absl::string_view::npos) {
    dso = rest.substr(open + 2);
    if (absl::EndsWith(dso, ")")) dso.remove_suffix(1);
    rest = rest.substr(0, open);
  }
  if (rest == "[unknown]") {
    const size_t slash = dso.rfind('/');
    return absl::StrCat("[", slash == absl::string_view::npos ? dso : dso.substr(slash + 1), "]");
  }
  return dso == "[kernel.kallsyms]" ? absl::StrCat(rest, " [k]") : std::string(rest);
}

bool IsAllocator(absl::string_view frame) {
  static constexpr absl::string_view kAllocator[] = {
      "malloc",    "free",    "operator new", "operator delete", "_int_malloc",
      "_int_free", "realloc", "calloc",       "tcache",          "unlink_chunk",
      "sysmalloc", "cfree",   "memalign",     "posix_memalign"};
  for (absl::string_view name : kAllocator) {
    if (frame == name || absl::StartsWith(frame, absl::StrCat(name, "(")) ||
        (absl::StartsWith(frame, name) && frame.size() > name.size() && frame[name.size()] == ' '))
      return true;
  }
  return absl::StartsWith(frame, "_int_") || absl::StartsWith(frame, "malloc_");
}

bool IsKernel(absl::string_view frame) { return absl::EndsWith(frame, " [k]"); }

std::vector<FrameShare> Top(const absl::flat_hash_map<std::string, int64_t>& weights, int64_t total,
                            size_t n) {
  std::vector<FrameShare> top;
  for (const auto& [frame, weight] : weights) {
    top.push_back({frame, total > 0 ? static_cast<double>(weight) / total : 0});
  }
  std::sort(top.begin(), top.end(), [](const FrameShare& a, const FrameShare& b) {
    return a.share != b.share ? a.share > b.share : a.frame < b.frame;
  });
  if (top.size() > n) top.resize(n);
  return top;
}

int64_t TotalWeight(const std::vector<StackSample>& samples) {
  int64_t total = 0;
  for (const StackSample& s : samples) total += s.weight;
  return total;
}

struct Node {
  int64_t weight = 0;
  std::map<std::string, std::unique_ptr<Node>> children;
};

void PrintNode(const std::string& name, const Node& node, int depth, int64_t total,
               double min_share, std::string* out) {
  std::vector<std::string> chain = {name};
  const Node* at = &node;
  while (at->children.size() == 1 && at->children.begin()->second->weight == at->weight) {
    chain.push_back(at->children.begin()->first);
    at = at->children.begin()->second.get();
  }
  absl::StrAppendFormat(out, "%5.1f%% %s%s\n", 100.0 * node.weight / total,
                        std::string(2 * depth, ' '), absl::StrJoin(chain, " > "));
  std::vector<std::pair<int64_t, const std::string*>> order;
  for (const auto& [child, sub] : at->children) order.push_back({sub->weight, &child});
  std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a > b; });
  for (const auto& [weight, child] : order) {
    if (static_cast<double>(weight) / total < min_share) break;
    PrintNode(*child, *at->children.at(*child), depth + 1, total, min_share, out);
  }
}

}  // namespace

std::vector<StackSample> ParsePerfScript(std::istream& in) {
  std::vector<StackSample> samples;
  StackSample current;
  bool open = false;
  for (std::string line; std::getline(in, line);) {
    if (absl::StripAsciiWhitespace(line).empty()) {
      if (open) samples.push_back(std::move(current));
      current = StackSample();
      open = false;
    } else if (line[0] == ' ' || line[0] == '\t') {
      if (open) current.frames.push_back(FrameName(line));
    } else {
      // "comm  tid  period": the name may hold spaces, the last two fields are numbers.
      std::vector<absl::string_view> fields = absl::StrSplit(line, ' ', absl::SkipWhitespace());
      current = StackSample();
      open = true;
      if (fields.size() >= 3 && absl::SimpleAtoi(fields.back(), &current.weight)) {
        fields.resize(fields.size() - 2);
      }
      current.thread = absl::StrJoin(fields, " ");
    }
  }
  if (open) samples.push_back(std::move(current));
  return samples;
}

std::string ShortSymbol(const std::string& symbol) {
  std::string out;
  int angle = 0;
  for (size_t i = 0; i < symbol.size(); ++i) {
    const char c = symbol[i];
    // "operator<", "operator<<" and "operator()" are names, not brackets.
    if (absl::StartsWith(absl::string_view(symbol).substr(i), "operator")) {
      if (angle == 0) out += "operator";
      i += 7;
      while (i + 1 < symbol.size() &&
             std::string("<>()=![]+-*/&|^~,").find(symbol[i + 1]) != std::string::npos &&
             angle == 0 && out.size() < 4096) {
        out += symbol[++i];
      }
      continue;
    }
    if (c == '<') ++angle;
    if (angle == 0 && c == '(') {
      // A parameter list: skip to its matching ')', unless it is "(anonymous namespace)".
      if (absl::StartsWith(absl::string_view(symbol).substr(i), "(anonymous namespace)")) {
        out += "(anonymous namespace)";
        i += std::string("(anonymous namespace)").size() - 1;
        continue;
      }
      int paren = 0;
      for (; i < symbol.size(); ++i) {
        paren += symbol[i] == '(' ? 1 : symbol[i] == ')' ? -1 : 0;
        if (paren == 0) break;
      }
      continue;
    }
    if (angle == 0) out += c;
    if (c == '>' && angle > 0 && --angle == 0) out += "<>";
  }
  return out;
}

size_t StageOf(const StackSample& sample, const std::vector<Stage>& stages, size_t* frame) {
  std::vector<std::string> names;
  for (const std::string& f : sample.frames) names.push_back(ShortSymbol(f));
  for (const bool fallback : {false, true}) {
    for (size_t f = 0; f < names.size(); ++f) {
      if (IsAllocator(names[f])) continue;
      for (size_t s = 0; s < stages.size(); ++s) {
        if (stages[s].fallback != fallback) continue;
        for (const std::string& pattern : stages[s].patterns) {
          if (!absl::StrContains(names[f], pattern)) continue;
          if (frame != nullptr) *frame = f;
          return s;
        }
      }
    }
  }
  if (frame != nullptr) *frame = sample.frames.size();
  return stages.empty() ? 0 : stages.size() - 1;
}

bool InAllocator(const StackSample& sample) {
  for (const std::string& frame : sample.frames) {
    if (IsKernel(frame)) continue;
    return IsAllocator(frame);
  }
  return false;
}

std::vector<FrameShare> TopSelf(const std::vector<StackSample>& samples, size_t n) {
  absl::flat_hash_map<std::string, int64_t> self;
  for (const StackSample& s : samples) {
    if (!s.frames.empty()) self[ShortSymbol(s.frames.front())] += s.weight;
  }
  return Top(self, TotalWeight(samples), n);
}

std::vector<FrameShare> TopInclusive(const std::vector<StackSample>& samples, size_t n) {
  absl::flat_hash_map<std::string, int64_t> inclusive;
  for (const StackSample& s : samples) {
    absl::flat_hash_set<std::string> seen;
    for (const std::string& frame : s.frames) {
      std::string name = ShortSymbol(frame);
      if (seen.insert(name).second) inclusive[name] += s.weight;
    }
  }
  return Top(inclusive, TotalWeight(samples), n);
}

std::string FoldedStacks(const std::vector<StackSample>& samples) {
  std::map<std::string, int64_t> folded;
  for (const StackSample& s : samples) {
    std::string stack = s.thread;
    for (auto frame = s.frames.rbegin(); frame != s.frames.rend(); ++frame) {
      std::string name = ShortSymbol(*frame);
      std::replace(name.begin(), name.end(), ';', ':');
      absl::StrAppend(&stack, ";", name);
    }
    folded[stack] += s.weight;
  }
  std::string out;
  for (const auto& [stack, weight] : folded) absl::StrAppend(&out, stack, " ", weight, "\n");
  return out;
}

std::string TextFlameGraph(const std::vector<StackSample>& samples, double min_share) {
  Node root;
  for (const StackSample& s : samples) {
    root.weight += s.weight;
    Node* at = &root;
    auto step = [&at, &s](const std::string& name) {
      std::unique_ptr<Node>& child = at->children[name];
      if (child == nullptr) child = std::make_unique<Node>();
      child->weight += s.weight;
      at = child.get();
    };
    step(absl::StrCat("thread ", s.thread));
    for (auto frame = s.frames.rbegin(); frame != s.frames.rend(); ++frame) {
      step(ShortSymbol(*frame));
    }
  }
  std::string out;
  if (root.weight == 0) return out;
  std::vector<std::pair<int64_t, const std::string*>> order;
  for (const auto& [name, node] : root.children) order.push_back({node->weight, &name});
  std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a > b; });
  for (const auto& [weight, name] : order) {
    if (static_cast<double>(weight) / root.weight < min_share) break;
    PrintNode(*name, *root.children.at(*name), 0, root.weight, min_share, &out);
  }
  return out;
}

}  // namespace interco::bench
