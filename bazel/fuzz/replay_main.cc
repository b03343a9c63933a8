// A main() for fuzz targets built without libFuzzer: feeds LLVMFuzzerTestOneInput every
// file named on the command line (the seed corpus), the empty input, and then
// --mutations=N deterministic mutations of the seeds (bytes flipped, inserted, removed,
// truncated, spliced). A crash, sanitizer report or abort fails the test; the seed of the
// run is printed so that any failure can be replayed.
#include <signal.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

constexpr long kDefaultMutations = 20000;
constexpr size_t kMaxInputBytes = 4096;

// The input being run, for the fault handler to report.
const std::string* current_input = nullptr;

// Writes the faulting input as C escapes to stderr, then lets the fault proceed.
void ReportInput(int signal) {
  if (current_input != nullptr) {
    static const char kHex[] = "0123456789abcdef";
    const char kHead[] = "\nfault on input: \"";
    (void)!write(2, kHead, sizeof(kHead) - 1);
    for (unsigned char c : *current_input) {
      const char escaped[4] = {'\\', 'x', kHex[c >> 4], kHex[c & 15]};
      (void)!write(2, escaped, 4);
    }
    (void)!write(2, "\"\n", 2);
  }
  ::signal(signal, SIG_DFL);
  ::raise(signal);
}

void Run(const std::string& input) {
  current_input = &input;
  // A copy of exactly input.size() bytes, so that reading past the end is detectable.
  std::vector<uint8_t> bytes(input.begin(), input.end());
  LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
}

std::string Mutate(std::string input, const std::vector<std::string>& seeds, std::mt19937_64& rng) {
  const int steps = 1 + static_cast<int>(rng() % 4);
  for (int i = 0; i < steps; ++i) {
    const size_t at = input.empty() ? 0 : rng() % input.size();
    switch (rng() % 6) {
      case 0:  // Flip a bit.
        if (!input.empty()) input[at] = static_cast<char>(input[at] ^ (1 << (rng() % 8)));
        break;
      case 1:  // Insert a random byte.
        input.insert(input.begin() + at, static_cast<char>(rng()));
        break;
      case 2:  // Remove a byte.
        if (!input.empty()) input.erase(at, 1);
        break;
      case 3:  // Truncate.
        input.resize(at);
        break;
      case 4:  // Insert an interesting byte.
        input.insert(input.begin() + at, "\0\xff\x7f\x80.-,\"\n0 "[rng() % 11]);
        break;
      default: {  // Splice in part of another seed.
        const std::string& other = seeds[rng() % seeds.size()];
        if (other.empty()) break;
        const size_t from = rng() % other.size();
        input.insert(at, other.substr(from, 1 + rng() % (other.size() - from)));
      }
    }
  }
  if (input.size() > kMaxInputBytes) input.resize(kMaxInputBytes);
  return input;
}

}  // namespace

int main(int argc, char** argv) {
  long mutations = kDefaultMutations;
  uint64_t seed = 1;
  std::vector<std::string> seeds = {""};
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--mutations=", 12) == 0) {
      mutations = std::strtol(argv[i] + 12, nullptr, 10);
    } else if (std::strncmp(argv[i], "--seed=", 7) == 0) {
      seed = std::strtoull(argv[i] + 7, nullptr, 10);
    } else {
      std::ifstream file(argv[i], std::ios::binary);
      if (!file) {
        std::fprintf(stderr, "cannot read seed %s\n", argv[i]);
        return 2;
      }
      seeds.emplace_back(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
    }
  }
  for (int fault : {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL}) ::signal(fault, ReportInput);
  for (const std::string& input : seeds) Run(input);
  std::mt19937_64 rng(seed);
  for (long i = 0; i < mutations; ++i) Run(Mutate(seeds[rng() % seeds.size()], seeds, rng));
  std::printf("%zu seeds and %ld mutations (seed %llu) ran without a fault\n", seeds.size(),
              mutations, static_cast<unsigned long long>(seed));
  return 0;
}
