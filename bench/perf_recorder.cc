#include "bench/perf_recorder.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

extern char** environ;

namespace interco::bench {

absl::StatusOr<std::unique_ptr<PerfRecorder>> PerfRecorder::Start(pid_t pid,
                                                                  const std::string& data_path,
                                                                  const PerfOptions& options) {
  std::vector<std::string> args = {options.perf,
                                   "record",
                                   "--quiet",
                                   "-e",
                                   "cpu-clock",
                                   absl::StrCat("--freq=", options.frequency_hz),
                                   absl::StrCat("--call-graph=", options.call_graph),
                                   "-p",
                                   absl::StrCat(pid),
                                   "-o",
                                   data_path};
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  const std::string log_path = data_path + ".log";
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  pid_t perf_pid = 0;
  const int error =
      posix_spawnp(&perf_pid, options.perf.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot start ", options.perf, ": ", std::strerror(error)));
  }
  absl::SleepFor(absl::Milliseconds(options.attach_wait_ms));
  int status = 0;
  if (waitpid(perf_pid, &status, WNOHANG) == perf_pid) {
    return absl::UnavailableError(
        absl::StrCat("perf record exited at once (status ", status, "); see ", log_path));
  }
  return std::unique_ptr<PerfRecorder>(new PerfRecorder(perf_pid, data_path));
}

PerfRecorder::~PerfRecorder() { Stop().IgnoreError(); }

absl::Status PerfRecorder::Stop() {
  if (perf_pid_ == 0) return absl::OkStatus();
  kill(perf_pid_, SIGINT);
  int status = 0;
  while (waitpid(perf_pid_, &status, 0) < 0 && errno == EINTR) {
  }
  perf_pid_ = 0;
  // perf exits with the signal's status or 0, depending on version, after writing.
  if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
    return absl::InternalError(absl::StrCat("perf record failed (exit ", WEXITSTATUS(status),
                                            "); see ", data_path_, ".log"));
  }
  return absl::OkStatus();
}

}  // namespace interco::bench
