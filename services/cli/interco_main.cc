// interco: the controllers' command-line tool. Parsing (command_line.h) and dispatch only.
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "CLI/CLI.hpp"
#include "absl/time/clock.h"
#include "grpcpp/grpcpp.h"
#include "services/cli/acquisition_command.h"
#include "services/cli/channel.h"
#include "services/cli/command_line.h"
#include "services/cli/commands.h"
#include "services/cli/connection_failure.h"
#include "services/cli/consolidate.h"
#include "services/cli/drill_down.h"
#include "services/cli/group_id.h"
#include "services/cli/groups_command.h"
#include "services/cli/month_end.h"
#include "services/cli/reference.h"
#include "services/cli/report_command.h"
#include "services/cli/structure_command.h"
#include "services/cli/trial_balance_command.h"

namespace {

using interco::cli::Args;
using interco::cli::Commands;

interco::cli::DecimalMark MarkOf(const Args& args) {
  return args.decimal_comma ? interco::cli::DecimalMark::kComma : interco::cli::DecimalMark::kPoint;
}

int RunReference(const Args& args, const Commands& commands, interco::cli::Console& console,
                 const std::shared_ptr<grpc::Channel>& channel) {
  namespace cli = interco::cli;
  if (*commands.policies) return cli::ShowPolicies(channel, args.format, console);
  if (*commands.rates) return cli::ShowFxRates(channel, args.format, console);
  if (*commands.account_maps) return cli::ShowAccountMaps(channel, args.format, console);
  if (*commands.closed_periods) {
    return cli::ShowClosedPeriods(channel, args.entity, args.format, console);
  }
  if (*commands.report) return cli::WriteReport(channel, args.report, console);
  if (*commands.tb_import)
    return cli::ImportTrialBalances(channel, args.file, MarkOf(args), console);
  if (*commands.tb_accounts) return cli::LoadGroupAccounts(channel, args.file, console);
  if (*commands.tb_mappings) return cli::LoadChartMappings(channel, args.file, console);
  if (*commands.acquisitions_load)
    return cli::LoadAcquisitions(channel, args.file, MarkOf(args), console);
  if (*commands.acquisitions_list) {
    return cli::ShowAcquisitions(channel, args.structure_version, args.format, console);
  }
  if (*commands.drill) return cli::DrillDown(channel, args.drill, console);
  if (*commands.groups_list) return cli::ListGroups(channel, args.format, console);
  if (*commands.groups_create) return cli::CreateGroup(channel, args.group_create, console);
  if (*commands.groups_delete) return cli::DeleteGroup(channel, args.group_delete, console);
  if (*commands.checkpoint) return cli::Checkpoint(channel, args.checkpoint_name, console);
  if (*commands.structure) {
    return cli::ShowStructure(channel, args.date, args.structure_version, args.structure_format,
                              console);
  }
  return cli::kExitBadInput;
}

int Run(const Args& args, const Commands& commands, interco::cli::Console& console,
        const std::shared_ptr<grpc::Channel>& channel) {
  namespace cli = interco::cli;
  if (*commands.load) return cli::LoadGroup(channel, args.file, console);
  if (*commands.post) return cli::PostTransactions(channel, args.post, MarkOf(args), console);
  if (*commands.journal) return cli::PostJournal(channel, args.file, MarkOf(args), console);
  if (*commands.head) return cli::ShowHead(channel, console);
  if (*commands.verify) return cli::VerifyLedger(channel, console);
  if (*commands.consolidate) return cli::Consolidate(channel, args.consolidation, console);
  if (*commands.mismatches) {
    return cli::ShowMismatches(channel, args.consolidation, args.tolerance, console);
  }
  if (*commands.close) {
    return cli::ClosePeriod(channel, args.entity, args.period, args.roll_forward, console);
  }
  if (*commands.reopen) return cli::ReopenPeriod(channel, args.entity, args.period, console);
  if (*commands.reverse) return cli::ReverseEntry(channel, args.sequence, args.date, console);
  if (*commands.entries) {
    return cli::ListEntries(channel, args.filter, args.format, args.with_header, console);
  }
  return RunReference(args, commands, console, channel);
}

}  // namespace

int main(int argc, char** argv) {
  interco::cli::QuietGrpcLog();
  CLI::App app{"interco: load a group, post transactions, close the month, consolidate, verify"};
  Args args;
  Commands commands{};
  interco::cli::DefineCommandLine(app, args, commands);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11 reports by exception; it stops here, at the edge of the program.
    const int code = app.exit(e);
    return code == 0 ? interco::cli::kExitOk : interco::cli::kExitBadInput;
  }
  const absl::StatusOr<std::string> group =
      interco::cli::GroupOf(args, commands, std::getenv(interco::cli::kGroupEnvironmentVariable));
  if (!group.ok()) {
    std::cerr << "interco: " << group.status().message() << "\n";
    return interco::cli::kExitBadInput;
  }
  args.connect.group = *group;
  const absl::StatusOr<std::shared_ptr<grpc::Channel>> opened =
      interco::cli::OpenChannel(args.connect, absl::Now());
  if (!opened.ok()) {
    std::cerr << "interco: " << opened.status().message() << "\n";
    return interco::cli::kExitBadInput;
  }
  interco::cli::Console console{
      std::cout, std::cerr, isatty(STDERR_FILENO) == 1,
      interco::cli::WithDefaultPort(args.connect.server), [&args](absl::string_view message) {
        return interco::cli::ExplainConnectionFailure(args.connect, message);
      }};
  return Run(args, commands, console, *opened);
}
