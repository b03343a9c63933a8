// The `interco` command line: every command and flag (CLI11), the values they set (Args)
// and which command was chosen (Commands). interco_main.cc parses with it and dispatches;
// the commands themselves live in their own libraries.
#ifndef INTERCO_SERVICES_CLI_COMMAND_LINE_H_
#define INTERCO_SERVICES_CLI_COMMAND_LINE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "services/cli/channel.h"
#include "services/cli/commands.h"
#include "services/cli/consolidate.h"
#include "services/cli/drill_down.h"
#include "services/cli/groups_command.h"
#include "services/cli/month_end.h"
#include "services/cli/report_command.h"

namespace interco::cli {

// Every value a command line can set; CLI11 writes into it while parsing.
struct Args {
  ChannelOptions connect;
  std::string file;
  PostOptions post;
  bool decimal_comma = false;  // --decimal-comma of post, journal, tb import, acquisitions load.
  ConsolidateOptions consolidation{"", "", "EUR", 0, 0, 0, {}, "table", "", "", false};
  std::string tolerance;
  std::string entity, period, date;
  bool roll_forward = false;
  bool with_header = false;
  uint64_t sequence = 0;
  uint64_t structure_version = 0;
  EntryFilter filter;
  std::string format = "table";
  std::string structure_format = "tree";
  ReportOptions report{"", "", "EUR", 0, "", "", "ledger"};
  DrillDownOptions drill{"", "", "EUR", "", 0, "table"};
  std::string group;  // --group as given; GroupOf() says which group the run acts in.
  CreateGroupOptions group_create;
  DeleteGroupOptions group_delete;
  std::string checkpoint_name;
};

struct Commands {
  CLI::App *load, *post, *journal, *head, *consolidate, *mismatches, *verify;
  CLI::App *close, *reopen, *reverse, *entries;
  CLI::App *policies, *rates, *account_maps, *closed_periods, *structure, *report, *drill;
  CLI::App *tb_import, *tb_accounts, *tb_mappings;
  CLI::App *acquisitions_load, *acquisitions_list;
  CLI::App *groups_list, *groups_create, *groups_delete, *checkpoint;
  CLI::Option* group;  // --group: given when its count() is not 0.
};

// Adds every command and flag to `app`, CLI11 writing their values into `args` (which must
// outlive the parse) and `commands` naming each command, so that after the parse
// `*commands.post` says whether `post` was chosen.
void DefineCommandLine(CLI::App& app, Args& args, Commands& commands);

// What `interco` says on err about a command line CLI11 refused (`app` is the top-level
// app the parse ran on): "interco: " and the problem, for a mistyped command
// "unknown command \"consolidat\"" with the nearest command there is, then where help is.
// DefineCommandLine() installs it as `app`'s failure message, so app.exit() prints it.
std::string CommandLineErrorMessage(const CLI::App& app, const CLI::Error& error);

// The name in `names` nearest to `typed` (fewest single-character edits), when it is near
// enough to be what was meant; "" otherwise.
std::string NearestName(const std::string& typed, const std::vector<std::string>& names);

// The group the parsed command line acts in (group_id.h's ChooseGroup): --group if it was
// given, else `environment` (INTERCO_GROUP's value, nullptr when unset), else "" (none).
// INVALID_ARGUMENT naming --group or INTERCO_GROUP for a malformed id.
absl::StatusOr<std::string> GroupOf(const Args& args, const Commands& commands,
                                    const char* environment);

}  // namespace interco::cli

#endif  // INTERCO_SERVICES_CLI_COMMAND_LINE_H_
