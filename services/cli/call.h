// What every command of the `interco` tool shares: where it writes, the exit codes scripts
// rely on, the deadline of a call, and how a failed call becomes words and an exit code.
#ifndef INTERCO_SERVICES_CLI_CALL_H_
#define INTERCO_SERVICES_CLI_CALL_H_

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "absl/strings/string_view.h"
#include "grpcpp/grpcpp.h"

namespace interco::cli {

// Exit codes scripts can rely on (README, "Exit codes"; the help's footer says the same).
enum ExitCode : int {
  kExitOk = 0,
  kExitSomeFailed = 1,   // The server refused some items, or verification failed.
  kExitBadInput = 2,     // Bad arguments or an unreadable file, found by the CLI or the server.
  kExitUnavailable = 3,  // The server could not be reached or failed.
};

// The exit code of a command whose call the server answered with `code`: the one table from
// gRPC codes to exit codes. A refusal of what the user typed (an unknown parent, a sequence
// past the head, reopening an open period, creating a group that exists) is kExitBadInput;
// an unreachable or failing server kExitUnavailable; a refusal that no argument could fix
// (permission, quota, a conflict) kExitSomeFailed. An item of a file the server refuses is
// counted by the command instead (kExitSomeFailed: the other items went through).
ExitCode ExitCodeOf(grpc::StatusCode code);

struct Console {
  std::ostream& out;
  std::ostream& err;
  bool progress = false;  // Show progress on err (when it is a terminal).
  std::string server;     // HOST:PORT, to say which server could not be reached.
  // Why gRPC's message of an unreachable server means what it means, given the flags
  // (connection_failure.h); empty: gRPC's message alone. Unset in tests of other things.
  std::function<std::string(absl::string_view grpc_message)> explain_unreachable;
};

// The whole of the file at `path` into `*text`; false, with "interco: cannot read PATH" on
// err, when it cannot be read.
bool ReadInputFile(const std::string& path, std::string* text, Console& console);

// A context with the CLI's deadline (60 s per call; a stream's reply can be long).
std::unique_ptr<grpc::ClientContext> CallContext();

// True (and reported) when the server could not be reached or failed internally
// (ExitCodeOf() is kExitUnavailable): the command stops, since nothing further can succeed.
// An unreachable server is reported with console.explain_unreachable's words first.
bool Fatal(const grpc::Status& status, Console& console);

// Reports a failed call on err and returns its exit code, ExitCodeOf(its code). Field paths of the
// wire are translated to the CLI's flags
// (`parent_id` -> `--parent`), so the message speaks of what the user typed; a status
// without a message is named by its code, and UNIMPLEMENTED says the server (an older
// release) lacks the call.
int Failed(const grpc::Status& status, Console& console);

// The server's field paths in `message` replaced by the CLI's flag names.
std::string InFlagWords(absl::string_view message);

inline constexpr int kListPageSize = 1000;  // The server's largest page.
// A million rows of reference data is a mistake to report, not a table to print.
inline constexpr int kListPagesMax = 1000;

// Calls `list(context, request, &page)` page after page, handing each page to `each`,
// until one has no next_page_token. Returns the exit code: Failed()'s for a failed call,
// kExitSomeFailed (reported on err) after kListPagesMax pages.
template <typename Response, typename Request, typename List, typename Each>
int ReadAllPages(Request request, List list, Each each, Console& console) {
  request.set_page_size(kListPageSize);
  for (int pages = 0; pages < kListPagesMax; ++pages) {
    Response page;
    const grpc::Status status = list(CallContext().get(), request, &page);
    if (!status.ok()) return Failed(status, console);
    each(page);
    if (page.next_page_token().empty()) return kExitOk;
    request.set_page_token(page.next_page_token());
  }
  console.err << "interco: stopped after " << kListPagesMax * kListPageSize << " rows\n";
  return kExitSomeFailed;
}

// A progress line on err, redrawn in place, with the rate and the time left once known.
// The clock is injected so that tests can say what the rate was.
class ProgressLine {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  ProgressLine(Console& console, const char* what, size_t total,
               Clock now = std::chrono::steady_clock::now);
  void Update(size_t done);

 private:
  Console& console_;
  const char* what_;
  size_t total_;
  Clock now_;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace interco::cli

#endif  // INTERCO_SERVICES_CLI_CALL_H_
