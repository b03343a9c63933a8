#include "services/single_writer_guard.h"

#include "absl/strings/match.h"
#include "gtest/gtest.h"

namespace interco {
namespace {

TEST(SingleWriterGuardTest, WithoutTheGuardEveryPodMayWrite) {
  EXPECT_TRUE(CheckSingleWriter("", "interco-1").ok());
  EXPECT_TRUE(CheckSingleWriter("", "").ok());  // A local run: no pod at all.
}

TEST(SingleWriterGuardTest, TheNamedPodMayWrite) {
  EXPECT_TRUE(CheckSingleWriter("interco-0", "interco-0").ok());
}

TEST(SingleWriterGuardTest, AnotherReplicaIsRefusedNamingBothPodsAndWhatToDo) {
  const absl::Status status = CheckSingleWriter("interco-0", "interco-1");
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(status.message(), "this pod is interco-1")) << status;
  EXPECT_TRUE(absl::StrContains(status.message(), "--single_writer_pod=interco-0")) << status;
  EXPECT_TRUE(absl::StrContains(
      status.message(),
      "embedded mode allows one writer; scale to 1 replica or use replicated mode"))
      << status;
}

TEST(SingleWriterGuardTest, AnUnknownPodNameIsRefusedNamingWhereItComesFrom) {
  const absl::Status status = CheckSingleWriter("interco-0", "");
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(status.message(), "--single_writer_pod=interco-0")) << status;
  EXPECT_TRUE(absl::StrContains(status.message(), "POD_NAME")) << status;
  EXPECT_TRUE(absl::StrContains(status.message(), "--pod_name")) << status;
}

TEST(SingleWriterGuardTest, NamesMustMatchExactlyNotByPrefix) {
  // interco-10 is the eleventh replica, not interco-1; case matters in pod names.
  EXPECT_EQ(CheckSingleWriter("interco-1", "interco-10").code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(CheckSingleWriter("interco-0", "Interco-0").code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(SingleWriterGuardTest, TheMessageIsOneLine) {
  // Log collectors split on newlines; the operator must see the whole reason in one line.
  EXPECT_FALSE(absl::StrContains(CheckSingleWriter("interco-0", "interco-1").message(), "\n"));
  EXPECT_FALSE(absl::StrContains(CheckSingleWriter("interco-0", "").message(), "\n"));
}

}  // namespace
}  // namespace interco
