#include "services/cli/call.h"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"

namespace interco::cli {
namespace {

constexpr std::chrono::seconds kCallDeadline(60);

// Request fields the commands fill from flags, and those flags. A server message starts
// with the field path it is about ("parent_id: ..."); the user typed the flag.
constexpr std::pair<const char*, const char*> kFlagOfField[] = {
    {"parent_id", "--parent"},
    {"presentation_currency", "--currency"},
    {"as_of_sequence", "--as-of"},
    {"as_of_structure_version", "--structure-version"},
    {"as_of_date", "--date"},
    {"structure_version", "--structure-version"},
    {"pricing_version", "--pricing-version"},
    {"inventory_on_hand", "--inventory"},
    {"period", "--period"},
    {"tolerance", "--tolerance"},
    {"entity_id", "--entity"},
    {"counterparty_id", "--counterparty"},
    {"transaction_id", "--transaction"},
    {"account", "--account"},
    {"sequence", "--sequence"},
    {"date", "--date"},
    {"policy_id", "--policy"},
    {"roll_forward", "--roll-forward"},
    {"display_name", "--display-name"},
    {"force", "--force"},
    // The call's group, which --group (or INTERCO_GROUP) named: an unknown group, say.
    {"x-interco-group", "--group"},
};

std::string Duration(double seconds) {
  const long total = static_cast<long>(seconds + 0.5);
  return total >= 60 ? absl::StrFormat("%ldm%02lds", total / 60, total % 60)
                     : absl::StrFormat("%lds", total);
}

// What a failed call's message says, in the CLI's words; a status without a message (an
// older server's UNIMPLEMENTED, say) is named by its code rather than printed as nothing.
std::string Explained(const grpc::Status& status, const Console& console) {
  if (status.error_code() == grpc::UNIMPLEMENTED) {
    return absl::StrCat("the server at ", console.server,
                        " does not implement this call (an older release?)",
                        status.error_message().empty() ? "" : ": ", status.error_message());
  }
  if (status.error_message().empty()) {
    return absl::StrCat(
        "the server answered ",
        absl::StatusCodeToString(static_cast<absl::StatusCode>(status.error_code())),
        " without a message");
  }
  return InFlagWords(status.error_message());
}

}  // namespace

bool ReadInputFile(const std::string& path, std::string* text, Console& console) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    console.err << "interco: cannot read " << path << "\n";
    return false;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  *text = buffer.str();
  return true;
}

std::unique_ptr<grpc::ClientContext> CallContext() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + kCallDeadline);
  return context;
}

ExitCode ExitCodeOf(grpc::StatusCode code) {
  switch (code) {
    case grpc::OK:
      return kExitOk;
    case grpc::INVALID_ARGUMENT:
    case grpc::OUT_OF_RANGE:
    case grpc::NOT_FOUND:
    case grpc::ALREADY_EXISTS:
    case grpc::FAILED_PRECONDITION:
      return kExitBadInput;
    case grpc::UNAVAILABLE:
    case grpc::DEADLINE_EXCEEDED:
    case grpc::INTERNAL:
    case grpc::UNKNOWN:
    case grpc::DATA_LOSS:
      return kExitUnavailable;
    case grpc::PERMISSION_DENIED:
    case grpc::UNAUTHENTICATED:
    case grpc::RESOURCE_EXHAUSTED:
    case grpc::ABORTED:
    case grpc::CANCELLED:
    case grpc::UNIMPLEMENTED:
    default:
      return kExitSomeFailed;
  }
}

bool Fatal(const grpc::Status& status, Console& console) {
  if (ExitCodeOf(status.error_code()) != kExitUnavailable) return false;
  if (status.error_code() == grpc::UNAVAILABLE) {
    // gRPC's own words ("failed to connect to all addresses; last error: ...") do not
    // say which server; a controller running a month-end script needs that first.
    const std::string why =
        console.explain_unreachable ? console.explain_unreachable(status.error_message()) : "";
    console.err << "interco: cannot reach the server at " << console.server
                << (why.empty() ? "" : ": ") << why << " (" << status.error_message() << ")\n";
  } else {
    console.err << "interco: the server at " << console.server
                << " failed: " << status.error_message() << "\n";
  }
  return true;
}

std::string InFlagWords(absl::string_view message) {
  for (const auto& [field, flag] : kFlagOfField) {
    absl::string_view rest = message;
    if (!absl::ConsumePrefix(&rest, field)) continue;
    if (absl::StartsWith(rest, ":")) return absl::StrCat(flag, rest);
    // "inventory_on_hand[0]: ...": the first --inventory given.
    size_t index = 0;
    const size_t close = rest.find(']');
    if (absl::ConsumePrefix(&rest, "[") && close != absl::string_view::npos &&
        absl::SimpleAtoi(rest.substr(0, close - 1), &index)) {
      return absl::StrCat(flag, " #", index + 1, rest.substr(close - 1 + 1));
    }
  }
  return std::string(message);
}

int Failed(const grpc::Status& status, Console& console) {
  if (Fatal(status, console)) return kExitUnavailable;
  console.err << "interco: " << Explained(status, console) << "\n";
  return ExitCodeOf(status.error_code());
}

ProgressLine::ProgressLine(Console& console, const char* what, size_t total, Clock now)
    : console_(console), what_(what), total_(total), now_(std::move(now)), started_(now_()) {}

void ProgressLine::Update(size_t done) {
  if (!console_.progress) return;
  constexpr int kWidth = 30;
  const int filled = total_ == 0 ? kWidth : static_cast<int>(kWidth * done / total_);
  const double elapsed_s = std::chrono::duration<double>(now_() - started_).count();
  std::string speed;
  if (done > 0 && elapsed_s > 0.5) {
    const double rate = done / elapsed_s;
    speed = absl::StrFormat(", %.0f/s", rate);
    if (done < total_) absl::StrAppend(&speed, ", ", Duration((total_ - done) / rate), " left");
  }
  console_.err << "\r" << what_ << " [" << std::string(filled, '#')
               << std::string(kWidth - filled, ' ') << "] " << done << "/" << total_ << speed
               << "   " << (done == total_ ? "\n" : "") << std::flush;
}

}  // namespace interco::cli
