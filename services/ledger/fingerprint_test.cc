#include "services/ledger/fingerprint.h"

#include "absl/strings/str_format.h"
#include "gtest/gtest.h"

namespace interco::ledger {
namespace {

// Fingerprints are stored on disk: these values must never change.
TEST(ReversalFingerprintTest, IsTheStoredFormByteForByte) {
  // SHA-256 of "\x02" "R" "2:42" "10:2024-06-30" and of "\x02" "R" "1:0" "10:0099-01-09",
  // computed independently (Python's hashlib).
  EXPECT_EQ(ReversalFingerprint(42, absl::CivilDay(2024, 6, 30)),
            "v2:f327f07c0960be4a74ea5802f610ce7c2d32641df295d19fbeda4242719730fe");
  EXPECT_EQ(ReversalFingerprint(0, absl::CivilDay(99, 1, 9)),
            "v2:1af2683cc9de3a1e329d83240585cc4d11d72bead2601fa291f6b0eb75280c1e");
}

TEST(CanonicalEncodingTest, DaysAreWrittenAsFormattedForEveryYear) {
  for (int year : {-1, 0, 1, 9, 10, 99, 100, 999, 1000, 1900, 2024, 9999, 10000, 123456}) {
    for (const auto& [month, day] : {std::pair{1, 1}, {6, 30}, {12, 31}, {10, 9}}) {
      const absl::CivilDay date(year, month, day);
      const std::string formatted =
          absl::StrFormat("%04d-%02d-%02d", date.year(), date.month(), date.day());
      EXPECT_EQ(CanonicalEncoding('x').Day(date).Finish(),
                CanonicalEncoding('x').Str(formatted).Finish())
          << formatted;
    }
  }
}

TEST(CanonicalEncodingTest, NumbersAreWrittenInDecimal) {
  for (uint64_t n : {uint64_t{0}, uint64_t{7}, uint64_t{1234567890}, ~uint64_t{0}}) {
    EXPECT_EQ(CanonicalEncoding('x').Num(n).Finish(),
              CanonicalEncoding('x').Str(std::to_string(n)).Finish());
  }
}

}  // namespace
}  // namespace interco::ledger
