// StackProfile: call-stack samples from `perf script`, and what the benchmark reports of
// them: folded stacks (the input format of flame graph tools), the top frames by self and
// by inclusive share, a text flame graph, and the share of each stage of a posting
// (parsing, authorization, idempotency lookups, pricing, building, hashing, RocksDB write,
// WAL sync, reply, ...) by a table of symbol patterns (PostingStages()).
// Plain functions on values; thread-compatible.
#ifndef INTERCO_BENCH_STACK_PROFILE_H_
#define INTERCO_BENCH_STACK_PROFILE_H_

#include <cstdint>
#include <istream>
#include <string>
#include <vector>

namespace interco::bench {

struct StackSample {
  std::string thread;               // The thread's name (comm).
  std::vector<std::string> frames;  // Symbols, leaf first; kernel ones end in " [k]".
  int64_t weight = 1;               // CPU nanoseconds the sample stands for (its period).
};

// Parses the output of `perf script -F comm,tid,period,ip,sym,dso`: a header line per
// sample ("comm tid period"), one indented line per frame ("addr symbol (dso)"), a blank
// line after each sample. Unknown symbols are named after their library.
std::vector<StackSample> ParsePerfScript(std::istream& in);

// A symbol without template arguments and parameter lists, for reading.
std::string ShortSymbol(const std::string& symbol);

// One stage of a posting: a sample belongs to the stage of the first frame, from the leaf
// up, whose short symbol (ShortSymbol: template arguments do not count) contains one of
// `patterns`; stages are tried in table order for each frame. Fallback stages are tried
// only when no other stage matches any frame of the sample. Allocator frames (malloc,
// free, new, delete) are skipped, so that allocation is charged to the stage that
// allocates.
struct Stage {
  std::string name;
  std::vector<std::string> patterns;
  bool fallback = false;
};

// The stages of posting a transaction in today's server, most specific first, ending in
// "gRPC and HTTP/2" and a catch-all (empty patterns). Edit with the code they describe.
const std::vector<Stage>& PostingStages();

// The index in `stages` of the stage `sample` belongs to (the last, catch-all, if none).
// If `frame` is not null, sets it to the index in sample.frames of the frame that decided
// (frames.size() if none did).
size_t StageOf(const StackSample& sample, const std::vector<Stage>& stages,
               size_t* frame = nullptr);

// True if the sample's innermost user-space frame is the allocator's.
bool InAllocator(const StackSample& sample);

struct FrameShare {
  std::string frame;  // ShortSymbol of the frame.
  double share = 0;   // Of all samples' weight, 0..1.
};

// The `n` frames with the most weight as the leaf (self) or anywhere on the stack
// (inclusive, each frame counted once per sample), most first.
std::vector<FrameShare> TopSelf(const std::vector<StackSample>& samples, size_t n);
std::vector<FrameShare> TopInclusive(const std::vector<StackSample>& samples, size_t n);

// Folded stacks: "thread;outermost;...;leaf weight" per distinct stack, short symbols.
std::string FoldedStacks(const std::vector<StackSample>& samples);

// A text flame graph: the call tree from the thread down, one node per line indented by
// depth with its inclusive share; nodes under `min_share` are left out, and a chain of
// calls that holds all its parent's weight is printed on one line joined by " > ".
std::string TextFlameGraph(const std::vector<StackSample>& samples, double min_share);

}  // namespace interco::bench

#endif  // INTERCO_BENCH_STACK_PROFILE_H_
