// End to end: the real interco_server under --single_writer_pod, as a StatefulSet's second
// replica and as its first (services/single_writer_guard.h, docs/OPERATIONS.md "Scale").
#include <stdlib.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/server_process.h"

namespace interco::testing {
namespace {

using ::grpc::health::v1::Health;
using ::grpc::health::v1::HealthCheckRequest;
using ::grpc::health::v1::HealthCheckResponse;

constexpr char kWhatToDo[] =
    "embedded mode allows one writer; scale to 1 replica or use replicated mode";

// The "msg" of each JSON log line at level "error" in `log`.
std::vector<std::string> ErrorMessages(const std::string& log) {
  std::vector<std::string> messages;
  std::istringstream lines(log);
  for (std::string line; std::getline(lines, line);) {
    const nlohmann::json record = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (record.is_object() && record.value("level", "") == "error") {
      messages.push_back(record.value("msg", ""));
    }
  }
  return messages;
}

class SingleWriterGuardE2eTest : public ::testing::Test {
 protected:
  // The child inherits the environment: no POD_NAME unless a test sets one.
  void SetUp() override { unsetenv("POD_NAME"); }
  void TearDown() override { unsetenv("POD_NAME"); }

  // Flags with a data directory that does not exist yet, so a test can tell whether the
  // server created (opened) it.
  std::vector<std::string> Flags(std::vector<std::string> more) {
    data_dir_ = FreshTempDir("guard") + "/data";
    more.insert(more.begin(), {"--listen=127.0.0.1:0", "--data_dir=" + data_dir_});
    return more;
  }

  std::string data_dir_;
};

TEST_F(SingleWriterGuardE2eTest, SecondReplicaExitsTwoNamingBothPodsBeforeOpeningTheData) {
  const ServerProcess::Exit exit =
      ServerProcess::RunToExit(Flags({"--single_writer_pod=interco-0", "--pod_name=interco-1"}));
  EXPECT_EQ(exit.code, 2) << exit.stderr_text;
  const std::vector<std::string> errors = ErrorMessages(exit.stderr_text);
  ASSERT_EQ(errors.size(), 1u) << exit.stderr_text;
  EXPECT_TRUE(absl::StartsWith(errors[0], "FAILED_PRECONDITION: ")) << errors[0];
  EXPECT_TRUE(absl::StrContains(errors[0], "this pod is interco-1")) << errors[0];
  EXPECT_TRUE(absl::StrContains(errors[0], "--single_writer_pod=interco-0")) << errors[0];
  EXPECT_TRUE(absl::StrContains(errors[0], kWhatToDo)) << errors[0];
  EXPECT_FALSE(std::filesystem::exists(data_dir_)) << "the data directory was opened";
}

TEST_F(SingleWriterGuardE2eTest, PodNameDefaultsToThePodNameEnvironmentVariable) {
  setenv("POD_NAME", "interco-1", /*overwrite=*/1);  // As the downward API sets it.
  const ServerProcess::Exit exit =
      ServerProcess::RunToExit(Flags({"--single_writer_pod=interco-0"}));
  EXPECT_EQ(exit.code, 2) << exit.stderr_text;
  const std::vector<std::string> errors = ErrorMessages(exit.stderr_text);
  ASSERT_EQ(errors.size(), 1u) << exit.stderr_text;
  EXPECT_TRUE(absl::StrContains(errors[0], "this pod is interco-1")) << errors[0];
}

TEST_F(SingleWriterGuardE2eTest, UnknownPodNameExitsTwoSayingWhereTheNameComesFrom) {
  const ServerProcess::Exit exit =
      ServerProcess::RunToExit(Flags({"--single_writer_pod=interco-0"}));
  EXPECT_EQ(exit.code, 2) << exit.stderr_text;
  const std::vector<std::string> errors = ErrorMessages(exit.stderr_text);
  ASSERT_EQ(errors.size(), 1u) << exit.stderr_text;
  EXPECT_TRUE(absl::StrContains(errors[0], "POD_NAME")) << errors[0];
  EXPECT_TRUE(absl::StrContains(errors[0], kWhatToDo)) << errors[0];
  EXPECT_FALSE(std::filesystem::exists(data_dir_)) << "the data directory was opened";
}

TEST_F(SingleWriterGuardE2eTest, TheNamedPodServes) {
  setenv("POD_NAME", "interco-0", /*overwrite=*/1);
  absl::StatusOr<std::unique_ptr<ServerProcess>> server =
      ServerProcess::Start(Flags({"--single_writer_pod=interco-0"}));
  ASSERT_TRUE(server.ok()) << server.status();
  auto health = Health::NewStub((*server)->Channel());
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
  HealthCheckRequest request;
  request.set_service("interco.v1.LedgerService");
  HealthCheckResponse response;
  const grpc::Status status = health->Check(&context, request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.status(), HealthCheckResponse::SERVING);
  EXPECT_TRUE(std::filesystem::exists(data_dir_ + "/groups/default/CURRENT"));
}

TEST_F(SingleWriterGuardE2eTest, WithoutTheGuardAnyPodServes) {
  // Local runs and every other test: no --single_writer_pod, no check.
  absl::StatusOr<std::unique_ptr<ServerProcess>> server =
      ServerProcess::Start(Flags({"--pod_name=interco-1"}));
  EXPECT_TRUE(server.ok()) << server.status();
}

}  // namespace
}  // namespace interco::testing
