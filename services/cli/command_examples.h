// Each `interco` command's own examples, for its --help (command_line.cc): a controller who
// asks one command for help sees how that command is typed, not the whole tour.
#ifndef INTERCO_SERVICES_CLI_COMMAND_EXAMPLES_H_
#define INTERCO_SERVICES_CLI_COMMAND_EXAMPLES_H_

#include <string>

namespace interco::cli {

// The examples of the command at `path`, the words after "interco" that name it ("post",
// "tb import"), one "  interco ..." line each; "" for a path without examples.
std::string ExamplesOf(const std::string& path);

}  // namespace interco::cli

#endif  // INTERCO_SERVICES_CLI_COMMAND_EXAMPLES_H_
