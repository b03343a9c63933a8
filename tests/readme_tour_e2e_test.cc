// README.md's tours, run as written: every command of a block marked
// <!-- readme-test: SESSION --> runs in bash against the real server (a fresh data
// directory per session), and its output must be the output README shows ("..." lines
// stand for lines left out). The commands and outputs are read from README.md at test
// time, so changing either side without the other fails here. See tests/readme_tour.h.
#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "gtest/gtest.h"
#include "tests/readme_tour.h"
#include "tests/server_process.h"

namespace interco::testing {
namespace {

// The addresses and paths README shows, replaced by this test's in commands and outputs.
constexpr char kReadmeServer[] = "127.0.0.1:50051";
constexpr char kReadmeMetrics[] = "127.0.0.1:9464";
constexpr char kReadmeBackups[] = "/tmp/tour/backups";

// Lines that set the reader's shell up; the test's shell below does the same its own way.
constexpr const char* kSetupPrefixes[] = {"bazel build ", "npm install ", "alias "};

std::vector<TourSession> ReadmeSessions() {
  absl::StatusOr<std::vector<TourSession>> sessions =
      ParseReadmeTour(ReadText(Runfile("README.md")));
  EXPECT_TRUE(sessions.ok()) << sessions.status();
  return sessions.ok() ? *sessions : std::vector<TourSession>{};
}

bool IsSetup(const std::string& command) {
  for (const char* prefix : kSetupPrefixes) {
    if (absl::StartsWith(command, prefix)) return true;
  }
  return false;
}

class ReadmeTourTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    backups_ = FreshTempDir("backups");
    home_ = FreshTempDir("home");
    auto server = ServerProcess::Start({"--listen=127.0.0.1:0",
                                        "--data_dir=" + FreshTempDir("data_" + GetParam()),
                                        "--backup_dir=" + backups_});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
  }

  std::string Substitute(absl::string_view text) const {
    return absl::StrReplaceAll(text, {{kReadmeServer, server_->address()},
                                      {kReadmeMetrics, server_->metrics_address()},
                                      {kReadmeBackups, backups_}});
  }

  // Runs `command` as a reader's bash would, with `interco`, `icurl` and `npx buf`
  // defined as README's set-up lines define them; stderr goes where stdout goes, as on a
  // terminal.
  ServerProcess::Output Run(const std::string& command) const {
    const std::string buf = absl::StrCat(std::getenv("TEST_SRCDIR"),
                                         "/buf/node_modules/@bufbuild/buf-linux-x64/bin/buf");
    const std::string script = absl::StrCat(
        "export HOME='", home_, "' INTERCO_SERVER='", server_->address(), "'\n", "interco() { '",
        Runfile("services/cli/interco"), "' \"$@\"; }\n", "icurl() { '", buf,
        "' curl --protocol grpc --http2-prior-knowledge \"$@\"; }\n",
        "npx() { [ \"$1\" = buf ] || return 127; shift; '", buf, "' \"$@\"; }\n", "cd '",
        Runfile(""), "' || exit 99\n", "exec 2>&1\n", Substitute(command), "\n");
    return ServerProcess::RunProgram("/bin/bash", {"-c", script});
  }

  std::string backups_;
  std::string home_;
  std::unique_ptr<ServerProcess> server_;
};

TEST(ReadmeTourSessionsTest, ReadmeHasTheThreeToursAndEveryCommandBlockIsMarked) {
  std::vector<std::string> names;
  size_t commands = 0;
  for (const TourSession& session : ReadmeSessions()) {
    names.push_back(session.name);
    commands += session.commands.size();
  }
  EXPECT_EQ(absl::StrJoin(names, ","), "cli,api,api_example");
  EXPECT_GE(commands, 40u) << "README's tours lost commands, or their markers";
}

TEST_P(ReadmeTourTest, EveryCommandPrintsWhatReadmeShows) {
  int run = 0;
  for (const TourSession& session : ReadmeSessions()) {
    if (session.name != GetParam()) continue;
    for (const TourCommand& command : session.commands) {
      if (IsSetup(command.command)) continue;
      ++run;
      const ServerProcess::Output output = Run(command.command);
      if (command.expected.empty()) {
        // README shows no output: the command must at least succeed.
        EXPECT_EQ(output.code, 0) << "README.md:" << command.line << ": $ " << command.command
                                  << "\n"
                                  << output.stdout_text;
        continue;
      }
      std::vector<std::string> expected;
      for (const std::string& line : command.expected) expected.push_back(Substitute(line));
      EXPECT_TRUE(OutputMatches(expected, output.stdout_text))
          << "README.md:" << command.line << ": $ " << command.command << "\nREADME shows:\n"
          << absl::StrJoin(expected, "\n") << "\nthe command printed (exit " << output.code
          << "):\n"
          << output.stdout_text;
    }
  }
  EXPECT_GT(run, 0) << "no commands in README for session " << GetParam();
}

INSTANTIATE_TEST_SUITE_P(Readme, ReadmeTourTest, ::testing::Values("cli", "api", "api_example"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace interco::testing
