#include "services/api/import_pace.h"

#include "gtest/gtest.h"
#include "services/common/field_error.h"

namespace interco::api {
namespace {

const absl::Time kStart = absl::FromUnixSeconds(1700000000);

ImportPaceLimits Limits() {
  ImportPaceLimits limits;
  limits.min_bytes_per_second = 100;
  limits.rate_window = absl::Seconds(10);
  limits.max_duration = absl::Seconds(60);
  return limits;
}

std::string Reason(const absl::Status& status) {
  return GetErrorDetail(status).value_or(ErrorDetail{}).reason;
}

TEST(ImportPaceTest, AFastStreamIsNeverRefusedBeforeItsMaxDuration) {
  ImportPace pace(Limits(), kStart);
  for (int s = 1; s <= 60; ++s) {
    pace.Received(1000);
    ASSERT_TRUE(pace.Check(kStart + absl::Seconds(s)).ok()) << s;
  }
}

TEST(ImportPaceTest, OneLineEveryOneAndAHalfSecondsIsTooSlowAfterOneWindow) {
  // The trickle: 40 bytes every 1.5 s, within a 2 s idle timeout.
  ImportPace pace(Limits(), kStart);
  absl::Time now = kStart;
  absl::Status status;
  while (status.ok() && now < kStart + absl::Seconds(60)) {
    now += absl::Milliseconds(1500);
    pace.Received(40);
    status = pace.Check(now);
  }
  EXPECT_EQ(status.code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(Reason(status), "STREAM_TOO_SLOW");
  EXPECT_EQ(GetErrorDetail(status)->limit, "import_min_bytes_per_second");
  // Refused at the end of its first window, not at the connection's age.
  EXPECT_EQ(now, kStart + absl::Milliseconds(10500));
}

TEST(ImportPaceTest, TheRateIsJudgedPerWindowNotFromTheStart) {
  ImportPace pace(Limits(), kStart);
  pace.Received(100000);  // A fast first window does not pay for a stalled second one.
  ASSERT_TRUE(pace.Check(kStart + absl::Seconds(10)).ok());
  pace.Received(999);  // 100 B/s over 10 s needs 1000.
  const absl::Status status = pace.Check(kStart + absl::Seconds(20));
  EXPECT_EQ(status.code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(Reason(status), "STREAM_TOO_SLOW");
}

TEST(ImportPaceTest, NoMinimumRateWhenZero) {
  ImportPaceLimits limits = Limits();
  limits.min_bytes_per_second = 0;
  ImportPace pace(limits, kStart);
  EXPECT_TRUE(pace.Check(kStart + absl::Seconds(59)).ok());
}

TEST(ImportPaceTest, AStreamPastItsMaxDurationIsRefusedWhateverItsRate) {
  ImportPace pace(Limits(), kStart);
  for (int s = 1; s <= 60; ++s) {
    pace.Received(1 << 20);
    ASSERT_TRUE(pace.Check(kStart + absl::Seconds(s)).ok());
  }
  const absl::Status status = pace.Check(kStart + absl::Seconds(60) + absl::Milliseconds(1));
  EXPECT_EQ(status.code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(Reason(status), "STREAM_TOO_LONG");
  EXPECT_EQ(GetErrorDetail(status)->limit, "import_max_duration_s");
  EXPECT_EQ(GetErrorDetail(status)->limit_value, "60");
}

TEST(ImportPaceTest, LimitsOutOfRangeAreRefusedNamingTheFlag) {
  ImportPaceLimits limits = Limits();
  EXPECT_TRUE(ValidateImportPaceLimits(limits).ok());
  limits.min_bytes_per_second = -1;
  EXPECT_NE(ValidateImportPaceLimits(limits).message().find("--import_min_bytes_per_second"),
            absl::string_view::npos);
  limits = Limits();
  limits.rate_window = absl::ZeroDuration();
  EXPECT_NE(ValidateImportPaceLimits(limits).message().find("--import_rate_window_s"),
            absl::string_view::npos);
  limits = Limits();
  limits.max_duration = absl::ZeroDuration();
  EXPECT_NE(ValidateImportPaceLimits(limits).message().find("--import_max_duration_s"),
            absl::string_view::npos);
}

}  // namespace
}  // namespace interco::api
