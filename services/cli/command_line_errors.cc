// How `interco` words a command line it refuses (command_line.h): every line starts with
// "interco: ", and a mistyped command is named with the nearest one there is.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/cli/command_line.h"

namespace interco::cli {
namespace {

// Single-character insertions, deletions and substitutions turning `a` into `b`.
size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// The command a refused line went deepest into: `tb` for "interco tb improt x".
const CLI::App* DeepestCommand(const CLI::App& app) {
  const CLI::App* deepest = &app;
  while (!deepest->get_subcommands().empty()) deepest = deepest->get_subcommands().front();
  return deepest;
}

std::vector<std::string> SubcommandNames(const CLI::App& command) {
  std::vector<std::string> names;
  for (const CLI::App* sub : command.get_subcommands([](const CLI::App*) { return true; })) {
    names.push_back(sub->get_name());
  }
  return names;
}

// "tb import" for tb's import; "" for the tool itself.
std::string CommandPath(const CLI::App& command) {
  std::vector<std::string> names;
  for (const CLI::App* at = &command; at->get_parent() != nullptr; at = at->get_parent()) {
    names.insert(names.begin(), at->get_name());
  }
  return absl::StrJoin(names, " ");
}

// The word where `command` expected one of its subcommands, when the line has one there
// that names none of them ("consolidat"); "" when there is none.
std::string UnknownCommand(const CLI::App& command) {
  if (SubcommandNames(command).empty()) return "";
  for (const std::string& word : command.remaining(/*recurse=*/true)) {
    if (!word.empty() && word[0] != '-') return word;
  }
  return "";
}

std::string UnknownCommandMessage(const CLI::App& command, const std::string& typed) {
  const std::vector<std::string> names = SubcommandNames(command);
  const std::string path = CommandPath(command);
  std::string message = absl::StrCat("interco: unknown command \"", typed, "\"");
  if (!path.empty()) absl::StrAppend(&message, " of \"interco ", path, "\"");
  const std::string nearest = NearestName(typed, names);
  if (!nearest.empty()) {
    absl::StrAppend(&message, "; did you mean \"", path, path.empty() ? "" : " ", nearest, "\"?");
  } else {
    absl::StrAppend(&message, "; the commands are ", absl::StrJoin(names, ", "));
  }
  return message;
}

std::vector<std::string> LongFlags(const CLI::App& command) {
  std::vector<std::string> flags;
  for (const CLI::Option* option : command.get_options()) {
    for (const std::string& name : option->get_lnames()) flags.push_back("--" + name);
  }
  return flags;
}

// What to say of the first flag on the line that no command took ("--parnet"), "" when
// there is none: the nearest flag it has, or that a flag of the tool itself (--server)
// goes before the command.
std::string UnknownFlagMessage(const CLI::App& app, const CLI::App& command) {
  for (const std::string& word : app.remaining(/*recurse=*/true)) {
    if (word.rfind("--", 0) != 0) continue;
    const std::string flag = word.substr(0, word.find('='));
    const std::vector<std::string> tool_flags = LongFlags(app);
    if (&app != &command &&
        std::find(tool_flags.begin(), tool_flags.end(), flag) != tool_flags.end()) {
      return absl::StrCat("interco: ", flag, " goes before the command: interco ", flag, " ... ",
                          CommandPath(command), " ...");
    }
    std::string message =
        absl::StrCat("interco: ", CommandPath(command), ": unknown flag \"", flag, "\"");
    const std::string nearest = NearestName(flag, LongFlags(command));
    if (!nearest.empty()) absl::StrAppend(&message, "; did you mean \"", nearest, "\"?");
    return message;
  }
  return "";
}

}  // namespace

std::string NearestName(const std::string& typed, const std::vector<std::string>& names) {
  std::string nearest;
  size_t nearest_distance = SIZE_MAX;
  for (const std::string& name : names) {
    const size_t distance = EditDistance(typed, name);
    if (distance < nearest_distance) {
      nearest = name;
      nearest_distance = distance;
    }
  }
  // Half the word may be wrong, and at least two letters: "consolidat", "rate", "revrese".
  const size_t tolerated = std::max<size_t>(2, typed.size() / 2);
  return nearest_distance <= tolerated ? nearest : "";
}

std::string CommandLineErrorMessage(const CLI::App& app, const CLI::Error& error) {
  const CLI::App& command = *DeepestCommand(app);
  const std::string path = CommandPath(command);
  const std::string help =
      absl::StrCat("run \"interco ", path, path.empty() ? "" : " ", "--help\" for more\n");
  const std::string typed = UnknownCommand(command);
  if (!typed.empty()) return absl::StrCat(UnknownCommandMessage(command, typed), "; ", help);
  // Before CLI11's own words: "--parnet" is why "--parent is required".
  const std::string flag = UnknownFlagMessage(app, command);
  if (!flag.empty()) return absl::StrCat(flag, "; ", help);
  if (error.get_name() == "RequiredError" && !SubcommandNames(command).empty() &&
      command.get_subcommands().empty()) {
    return absl::StrCat("interco: ", path, path.empty() ? "" : ": ",
                        "a command is needed: ", absl::StrJoin(SubcommandNames(command), ", "),
                        "; ", help);
  }
  return absl::StrCat("interco: ", path, path.empty() ? "" : ": ", error.what(), "; ", help);
}

}  // namespace interco::cli
