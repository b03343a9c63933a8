#include "tests/server_process.h"

#include <atomic>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace interco::testing {
namespace {

std::string ServerBinary() {
  // Load programs run outside `bazel test` and name the binary themselves.
  if (const char* binary = std::getenv("INTERCO_SERVER_BINARY")) return binary;
  const char* root = std::getenv("TEST_SRCDIR");
  return absl::StrCat(root != nullptr ? root : ".", "/interco/services/interco_server");
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Forks and execs the server; its stdout goes to a pipe we return, stderr to a file.
pid_t Spawn(const std::vector<std::string>& flags, const std::string& stderr_path, int* stdout_fd) {
  // Everything that allocates happens before fork(): the test process has threads, and
  // only async-signal-safe calls are allowed between fork() and exec().
  const std::string binary = ServerBinary();
  std::vector<char*> argv = {const_cast<char*>(binary.c_str())};
  for (const std::string& flag : flags) argv.push_back(const_cast<char*>(flag.c_str()));
  argv.push_back(nullptr);
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return -1;
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(pipe_fds[1], STDOUT_FILENO);
    const int err = open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(err, STDERR_FILENO);
    close(pipe_fds[0]);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  close(pipe_fds[1]);
  *stdout_fd = pipe_fds[0];
  return pid;
}

std::optional<int> WaitForExit(pid_t pid, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (absl::Now() < deadline) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    absl::SleepFor(absl::Milliseconds(10));
  }
  return std::nullopt;
}

struct StartLines {
  std::string address;
  std::string metrics_address;  // Empty when the server serves no metrics.
};

// Reads stdout until a full "listening on ..." line or `deadline`, keeping a "metrics on"
// line printed before it.
std::optional<StartLines> ReadStartLines(int fd, absl::Time deadline) {
  std::string buffer;
  StartLines lines;
  while (absl::Now() < deadline) {
    pollfd poll_fd{fd, POLLIN, 0};
    const int ready = poll(&poll_fd, 1, 50);
    if (ready <= 0) continue;
    char chunk[256];
    const ssize_t n = read(fd, chunk, sizeof(chunk));
    if (n <= 0) return std::nullopt;  // The server exited.
    buffer.append(chunk, n);
    for (size_t end = buffer.find('\n'); end != std::string::npos; end = buffer.find('\n')) {
      absl::string_view line(buffer.data(), end);
      if (absl::ConsumePrefix(&line, "listening on ")) {
        lines.address = std::string(line);
        return lines;
      }
      if (!absl::ConsumePrefix(&line, "metrics on ")) return std::nullopt;
      lines.metrics_address = std::string(line);
      buffer.erase(0, end + 1);
    }
  }
  return std::nullopt;
}

// Tests run side by side: unless a test chooses, metrics go to a port of the kernel's.
// Under Bazel's test runner (not the benchmark, which measures production defaults) the
// server also checks every mutex acquisition for lock-order cycles.
std::vector<std::string> WithTestDefaults(std::vector<std::string> flags) {
  bool chose_detection = false;
  for (const std::string& flag : flags) {
    chose_detection = chose_detection || absl::StrContains(flag, "mutex_deadlock_detection");
  }
  if (std::getenv("TEST_SRCDIR") != nullptr && !chose_detection) {
    flags.push_back("--mutex_deadlock_detection");
  }
  for (const std::string& flag : flags) {
    if (absl::StartsWith(flag, "--metrics_listen")) return flags;
  }
  flags.push_back("--metrics_listen=127.0.0.1:0");
  return flags;
}

}  // namespace

std::string Runfile(const std::string& path) {
  const char* base = std::getenv("TEST_SRCDIR");
  return std::string(base != nullptr ? base : ".") + "/interco/" + path;
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string FreshTempDir(const std::string& name) {
  const char* base = std::getenv("TEST_TMPDIR");
  const std::string dir = absl::StrCat(base != nullptr ? base : "/tmp", "/", name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

namespace {

// A log file of its own for every server a test starts: a second server in one test must
// not truncate the first one's log (it did, when all shared one directory).
std::string NewStderrPath(absl::string_view kind) {
  static std::atomic<int> started{0};
  return FreshTempDir(absl::StrCat(kind, "-", started.fetch_add(1))) + "/server.err";
}

}  // namespace

absl::StatusOr<std::unique_ptr<ServerProcess>> ServerProcess::Start(
    const std::vector<std::string>& flags, absl::Duration timeout) {
  const std::string stderr_path = NewStderrPath("stderr");
  int stdout_fd = -1;
  const pid_t pid = Spawn(WithTestDefaults(flags), stderr_path, &stdout_fd);
  if (pid < 0) return absl::InternalError("fork failed");
  const std::optional<StartLines> lines = ReadStartLines(stdout_fd, absl::Now() + timeout);
  close(stdout_fd);
  if (!lines.has_value()) {
    kill(pid, SIGKILL);
    WaitForExit(pid, absl::Seconds(5));
    return absl::UnavailableError(absl::StrCat("server did not start: ", ReadFile(stderr_path)));
  }
  return std::unique_ptr<ServerProcess>(
      new ServerProcess(pid, lines->address, lines->metrics_address, stderr_path));
}

ServerProcess::Exit ServerProcess::RunToExit(const std::vector<std::string>& flags,
                                             absl::Duration timeout) {
  const std::string stderr_path = NewStderrPath("stderr_exit");
  int stdout_fd = -1;
  const pid_t pid = Spawn(WithTestDefaults(flags), stderr_path, &stdout_fd);
  close(stdout_fd);
  Exit exit;
  std::optional<int> code = WaitForExit(pid, timeout);
  if (!code.has_value()) {
    kill(pid, SIGKILL);
    code = WaitForExit(pid, absl::Seconds(5));
  }
  exit.code = code.value_or(-1);
  exit.stderr_text = ReadFile(stderr_path);
  return exit;
}

ServerProcess::Output ServerProcess::RunProgram(const std::string& binary,
                                                const std::vector<std::string>& args,
                                                absl::Duration timeout) {
  const std::string dir = FreshTempDir("program");
  const std::string out_path = dir + "/out", err_path = dir + "/err";
  std::vector<char*> argv = {const_cast<char*>(binary.c_str())};
  for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    const int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(out, STDOUT_FILENO);
    dup2(err, STDERR_FILENO);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  Output output;
  std::optional<int> code = WaitForExit(pid, timeout);
  if (!code.has_value()) {
    kill(pid, SIGKILL);
    code = WaitForExit(pid, absl::Seconds(5));
  }
  output.code = code.value_or(-1);
  output.stdout_text = ReadFile(out_path);
  output.stderr_text = ReadFile(err_path);
  return output;
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    WaitForExit(pid_, absl::Seconds(10));
  }
}

std::shared_ptr<grpc::Channel> ServerProcess::Channel() const {
  return grpc::CreateChannel(address_, grpc::InsecureChannelCredentials());
}

std::optional<int> ServerProcess::SignalAndWait(int signal, absl::Duration timeout) {
  if (pid_ <= 0) return std::nullopt;
  kill(pid_, signal);
  std::optional<int> code = WaitForExit(pid_, timeout);
  if (code.has_value()) pid_ = -1;
  // A server killed by a signal it was not sent (an abort on the way down) is a bug the
  // exit code alone cannot explain: its last words go to the test's log.
  if (code.has_value() && *code >= 128 && *code != 128 + signal) {
    const std::string text = ReadFile(stderr_path_);
    std::cerr << "server exited " << *code << " on signal " << signal << "; its stderr ends:\n"
              << text.substr(text.size() > 8192 ? text.size() - 8192 : 0) << std::endl;
  }
  return code;
}

}  // namespace interco::testing
