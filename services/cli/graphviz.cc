#include "services/cli/graphviz.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"

extern char** environ;

namespace interco::cli {
namespace {

// A file's whole content; empty when it cannot be read.
std::string ReadFd(int fd) {
  std::string text;
  char chunk[8192];
  for (ssize_t n; (n = read(fd, chunk, sizeof chunk)) > 0;) text.append(chunk, n);
  return text;
}

// A temporary file holding `text`, or nullopt; removed by the caller.
std::optional<std::string> TempFileWith(const std::string& text, const char* suffix) {
  const char* dir = std::getenv("TMPDIR");
  std::string path = absl::StrCat(dir != nullptr ? dir : "/tmp", "/interco-XXXXXX", suffix);
  const int fd = mkstemps(path.data(), static_cast<int>(std::strlen(suffix)));
  if (fd < 0) return std::nullopt;
  const bool written = write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  close(fd);
  if (!written) {
    unlink(path.c_str());
    return std::nullopt;
  }
  return path;
}

bool DotOnPath() {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return false;
  for (size_t start = 0;;) {
    const size_t end = std::string(path).find(':', start);
    const std::string dir = std::string(path).substr(start, end - start);
    if (access(absl::StrCat(dir.empty() ? "." : dir, "/dot").c_str(), X_OK) == 0) return true;
    if (end == std::string::npos) return false;
    start = end + 1;
  }
}

const char* FormatName(GraphFormat format) {
  switch (format) {
    case GraphFormat::kSvg:
      return "svg";
    case GraphFormat::kPng:
      return "png";
  }
  return "svg";
}

}  // namespace

absl::StatusOr<std::string> RenderGraph(const std::string& dot_source, GraphFormat format) {
  if (!DotOnPath()) {
    return absl::FailedPreconditionError(
        "Graphviz's dot is not on the PATH (install Debian's graphviz: scripts/setup.sh)");
  }
  const std::optional<std::string> input = TempFileWith(dot_source, ".dot");
  const std::string name = FormatName(format);
  const std::optional<std::string> output = TempFileWith("", absl::StrCat(".", name).c_str());
  const std::optional<std::string> errors = TempFileWith("", ".err");
  if (!input || !output || !errors) return absl::InternalError("cannot write a temporary file");
  // Files rather than pipes: no deadlock whatever dot writes, and nothing to poll.
  std::string out_flag = "-o" + *output;
  std::string format_flag = "-T" + name;
  char* argv[] = {const_cast<char*>("dot"), format_flag.data(), out_flag.data(),
                  const_cast<char*>(input->c_str()), nullptr};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, errors->c_str(), O_WRONLY, 0);
  pid_t pid = -1;
  const int spawned = posix_spawnp(&pid, "dot", &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  int wait_status = 0;
  const bool exited_ok = spawned == 0 && waitpid(pid, &wait_status, 0) == pid &&
                         WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == 0;
  const int out_fd = open(output->c_str(), O_RDONLY);
  const std::string picture = out_fd < 0 ? "" : ReadFd(out_fd);
  if (out_fd >= 0) close(out_fd);
  const int err_fd = open(errors->c_str(), O_RDONLY);
  const std::string dot_errors = err_fd < 0 ? "" : ReadFd(err_fd);
  if (err_fd >= 0) close(err_fd);
  for (const std::string* path : {&*input, &*output, &*errors}) unlink(path->c_str());
  if (!exited_ok || picture.empty()) {
    return absl::InternalError(absl::StrCat("dot ", format_flag, " failed: ", dot_errors));
  }
  return picture;
}

}  // namespace interco::cli
