#include "services/cli/report_command.h"

#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace interco::cli {
namespace {

const absl::Time kNow = absl::FromUnixSeconds(1719822600);  // 2024-07-01T08:30:00Z

TEST(GenerationTimeTest, UnsetOrEmptyIsNow) {
  EXPECT_EQ(GenerationTime(nullptr, kNow).value(), kNow);
  EXPECT_EQ(GenerationTime("", kNow).value(), kNow);
}

TEST(GenerationTimeTest, AnRfc3339TimeReplacesTheClock) {
  EXPECT_EQ(GenerationTime("2024-07-01T08:30:00Z", absl::UnixEpoch()).value(), kNow);
  EXPECT_EQ(GenerationTime("2024-07-01T10:30:00+02:00", absl::UnixEpoch()).value(), kNow);
}

TEST(GenerationTimeTest, AnythingElseIsInvalidArgumentNamingTheVariable) {
  const absl::StatusOr<absl::Time> time = GenerationTime("2024-07-01", kNow);
  EXPECT_EQ(time.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(time.status().message().find("INTERCO_GENERATED_AT: must be an RFC 3339 time"),
            std::string::npos)
      << time.status();
}

}  // namespace
}  // namespace interco::cli
