// ServerProcess: the real interco_server binary, started as a child process for
// end-to-end tests. Hermetic: port 0 and a data directory of the test's choosing.
#ifndef INTERCO_TESTS_SERVER_PROCESS_H_
#define INTERCO_TESTS_SERVER_PROCESS_H_

#include <sys/types.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"

namespace interco::testing {

// A fresh, empty directory under the test's TEST_TMPDIR.
std::string FreshTempDir(const std::string& name);

// The path of `path` (relative to the workspace, e.g. "services/cli/interco") among the
// test's runfiles.
std::string Runfile(const std::string& path);

// The whole text of the file at `path`; "" when it cannot be read.
std::string ReadText(const std::string& path);

class ServerProcess {
 public:
  // Starts the server with `flags` and waits (up to `timeout`) for its
  // "listening on HOST:PORT" line. Fails if it exits or prints nothing in time; the
  // status message then holds what it wrote to stderr.
  static absl::StatusOr<std::unique_ptr<ServerProcess>> Start(
      const std::vector<std::string>& flags, absl::Duration timeout = absl::Seconds(20));

  // Runs the server to completion (for start-up failures) and returns its exit code
  // and stderr. Kills it after `timeout`.
  struct Exit {
    int code = -1;
    std::string stderr_text;
  };
  static Exit RunToExit(const std::vector<std::string>& flags,
                        absl::Duration timeout = absl::Seconds(20));

  // Runs any program to completion (killed after `timeout`): its exit code, stdout and
  // stderr.
  struct Output {
    int code = -1;
    std::string stdout_text;
    std::string stderr_text;
  };
  static Output RunProgram(const std::string& binary, const std::vector<std::string>& args,
                           absl::Duration timeout = absl::Seconds(60));

  ~ServerProcess();  // SIGKILLs the server if still running.

  const std::string& address() const { return address_; }
  pid_t pid() const { return pid_; }
  // HOST:PORT of the Prometheus endpoint; empty if the server serves no metrics.
  const std::string& metrics_address() const { return metrics_address_; }
  // The file the server's stderr (its JSON log) goes to; it stays after the exit.
  const std::string& stderr_path() const { return stderr_path_; }
  std::shared_ptr<grpc::Channel> Channel() const;

  // Sends `signal` and waits up to `timeout` for exit; nullopt on time-out.
  std::optional<int> SignalAndWait(int signal, absl::Duration timeout);

 private:
  ServerProcess(pid_t pid, std::string address, std::string metrics_address,
                std::string stderr_path)
      : pid_(pid),
        address_(std::move(address)),
        metrics_address_(std::move(metrics_address)),
        stderr_path_(std::move(stderr_path)) {}
  pid_t pid_;
  std::string address_;
  std::string metrics_address_;
  std::string stderr_path_;
};

}  // namespace interco::testing

#endif  // INTERCO_TESTS_SERVER_PROCESS_H_
