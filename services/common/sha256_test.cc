#include "services/common/sha256.h"

#include <string>
#include <thread>
#include <vector>

#include "absl/strings/escaping.h"
#include "gtest/gtest.h"

namespace interco {
namespace {

std::string Hex(const std::optional<Sha256Digest>& digest) {
  if (!digest.has_value()) return "none";
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest->data()), digest->size()));
}

TEST(Sha256Test, MatchesTheStandardsTestVectors) {
  // FIPS 180-2, appendix B.1 and the empty message.
  EXPECT_EQ(Hex(Sha256({"abc"})),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Hex(Sha256({})), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Sha256Test, PartsHashAsTheirConcatenationAndCallsDoNotLeakIntoEachOther) {
  const std::optional<Sha256Digest> whole = Sha256({"abcdbcdecdefdefgefghfghighijhijk"});
  EXPECT_EQ(Sha256({"abcdbcde", "", "cdefdefgefghfghighijhijk"}), whole);
  EXPECT_NE(Sha256({"abc"}), whole);  // The thread's context starts afresh each call.
  EXPECT_EQ(Sha256({"abcdbcdecdefdefgefghfghighijhijk"}), whole);
}

TEST(Sha256Test, ThreadsHashIndependently) {
  const std::optional<Sha256Digest> expected = Sha256({"ledger"});
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 1000; ++i) mismatches[t] += Sha256({"led", "ger"}) != expected;
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

}  // namespace
}  // namespace interco
