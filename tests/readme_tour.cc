#include "tests/readme_tour.h"

#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace interco::testing {
namespace {

constexpr absl::string_view kMarkerPrefix = "<!-- readme-test:";
constexpr absl::string_view kMarkerSuffix = "-->";
constexpr absl::string_view kUntested = "untested";
constexpr absl::string_view kFence = "```";

std::string StripTrailing(absl::string_view line) {
  return std::string(absl::StripTrailingAsciiWhitespace(line));
}

// The session a marker line names, "" for an untested block, nullopt for other lines.
std::optional<std::string> MarkerSession(absl::string_view line) {
  line = absl::StripAsciiWhitespace(line);
  if (!absl::ConsumePrefix(&line, kMarkerPrefix) || !absl::ConsumeSuffix(&line, kMarkerSuffix)) {
    return std::nullopt;
  }
  line = absl::StripAsciiWhitespace(line);
  if (absl::StartsWith(line, kUntested)) return std::string();
  return std::string(line);
}

// Appends the block's commands (lines [begin, end) of `lines`) to `out`.
void ParseBlock(const std::vector<absl::string_view>& lines, size_t begin, size_t end,
                std::vector<TourCommand>* out) {
  for (size_t i = begin; i < end; ++i) {
    absl::string_view line = lines[i];
    if (absl::ConsumePrefix(&line, "$ ")) {
      TourCommand command;
      command.line = static_cast<int>(i) + 1;
      command.command = std::string(line);
      // A trailing backslash continues the command on the next line, as in a shell.
      while (absl::EndsWith(command.command, "\\") && i + 1 < end) {
        absl::StrAppend(&command.command, "\n", lines[++i]);
      }
      out->push_back(std::move(command));
    } else if (!out->empty()) {
      out->back().expected.push_back(StripTrailing(line));
    }
  }
}

bool HasCommands(const std::vector<absl::string_view>& lines, size_t begin, size_t end) {
  for (size_t i = begin; i < end; ++i) {
    if (absl::StartsWith(lines[i], "$ ")) return true;
  }
  return false;
}

TourSession* SessionNamed(const std::string& name, std::vector<TourSession>* sessions) {
  for (TourSession& session : *sessions) {
    if (session.name == name) return &session;
  }
  sessions->push_back(TourSession{name, {}});
  return &sessions->back();
}

}  // namespace

absl::StatusOr<std::vector<TourSession>> ParseReadmeTour(absl::string_view markdown) {
  const std::vector<absl::string_view> lines = absl::StrSplit(markdown, '\n');
  std::vector<TourSession> sessions;
  std::optional<std::string> marker;  // the marker of the line just before, if any
  for (size_t i = 0; i < lines.size(); ++i) {
    if (!absl::StartsWith(lines[i], kFence)) {
      if (absl::StripAsciiWhitespace(lines[i]).empty()) continue;
      if (marker.has_value()) {
        return absl::InvalidArgumentError(
            absl::StrCat("README.md:", i, ": a readme-test marker not followed by a code block"));
      }
      marker = MarkerSession(lines[i]);
      continue;
    }
    size_t close = i + 1;
    while (close < lines.size() && !absl::StartsWith(lines[close], kFence)) ++close;
    if (close == lines.size()) {
      return absl::InvalidArgumentError(
          absl::StrCat("README.md:", i + 1, ": code block never closed"));
    }
    if (!marker.has_value() && HasCommands(lines, i + 1, close)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "README.md:", i + 1,
          ": a code block with \"$ \" commands needs <!-- readme-test: SESSION --> (or "
          "<!-- readme-test: untested REASON -->) on the line before it"));
    }
    if (marker.has_value() && !marker->empty()) {
      ParseBlock(lines, i + 1, close, &SessionNamed(*marker, &sessions)->commands);
    }
    marker.reset();
    i = close;
  }
  return sessions;
}

bool OutputMatches(const std::vector<std::string>& expected, absl::string_view actual) {
  std::vector<std::string> got;
  for (absl::string_view line : absl::StrSplit(actual, '\n')) got.push_back(StripTrailing(line));
  while (!got.empty() && got.back().empty()) got.pop_back();
  std::vector<std::string> want = expected;
  while (!want.empty() && want.back().empty()) want.pop_back();
  // matches[i][j]: want[i..] matches got[j..]; filled from the end (glob matching by lines).
  std::vector<std::vector<bool>> matches(want.size() + 1, std::vector<bool>(got.size() + 1));
  matches[want.size()][got.size()] = true;
  for (size_t i = want.size(); i-- > 0;) {
    const bool gap = absl::StripAsciiWhitespace(want[i]) == "...";
    for (size_t j = got.size() + 1; j-- > 0;) {
      if (gap) {
        matches[i][j] = matches[i + 1][j] || (j < got.size() && matches[i][j + 1]);
      } else {
        matches[i][j] = j < got.size() && want[i] == got[j] && matches[i + 1][j + 1];
      }
    }
  }
  return matches[0][0];
}

}  // namespace interco::testing
