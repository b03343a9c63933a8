#include "services/cli/command_line.h"

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "services/cli/acquisitions_csv.h"
#include "services/cli/command_examples.h"
#include "services/cli/group_id.h"
#include "services/cli/journal_csv.h"
#include "services/cli/transactions_csv.h"
#include "services/cli/trial_balance_csv.h"

namespace interco::cli {
namespace {

// The release this tool belongs to; services/observability/build_info.h's kServerVersion
// names the server's, and a release changes both.
constexpr char kCliVersion[] = "0.1.0";

constexpr char kExamples[] = R"(Examples:
  interco load examples/group.yaml
  interco post examples/june.csv
  interco tb import examples/trial_balances.csv
  interco acquisitions load examples/acquisitions.csv
  interco consolidate --parent P --period 2024-06 --currency EUR
  interco close --entity A --period 2024-06 --roll-forward
  interco entries --entity A --period 2024-06 --counterparty B
  interco structure --date 2024-06-30
  interco structure --date 2024-06-30 --format svg > group.svg
  interco report --parent P --period 2024-06 --out report.html
  interco drill --parent P --period 2024-06 --account "1200 trade receivable"
  interco groups create acme --display-name "Acme Holdings"
  interco --group acme load examples/group.yaml)";

// Every help page ends with it (README, "Exit codes"; call.h's ExitCode).
constexpr char kExitCodes[] =
    R"(Exit codes: 0 done; 1 the server refused some items (or the ledger is broken);
2 bad arguments or an unreadable file, found by interco or by the server;
3 the server could not be reached or failed.
Every connection flag can come from the environment: INTERCO_SERVER, INTERCO_TLS_CA, ...;
and --group from INTERCO_GROUP (the flag wins; neither: the group "default").)";

// The words after "interco" that name `command` ("tb import").
std::string PathOf(const CLI::App& command) {
  std::string path = command.get_name();
  for (const CLI::App* parent = command.get_parent();
       parent != nullptr && parent->get_parent() != nullptr; parent = parent->get_parent()) {
    path = absl::StrCat(parent->get_name(), " ", path);
  }
  return path;
}

// A command's help footer: its notes (the CSV columns it reads; "" for none), its own
// examples, then the exit codes every help page ends with. It replaces the top-level
// footer CLI11 copies into each command, whose examples are the tour's.
void SetFooter(CLI::App* command, const std::string& notes) {
  const std::string examples = ExamplesOf(PathOf(*command));
  command->footer(absl::StrCat(
      notes, notes.empty() ? "" : "\n\n",
      examples.empty() ? "" : absl::StrCat("Examples:\n", examples, "\n\n"), kExitCodes));
}

// SetFooter for every command below `app` still showing the footer it inherited.
void SetInheritedFooters(CLI::App& app, const std::string& inherited) {
  for (CLI::App* command : app.get_subcommands({})) {
    if (command->get_footer() == inherited) SetFooter(command, "");
    SetInheritedFooters(*command, inherited);
  }
}

// --decimal-comma, on each command that reads amounts from a CSV file.
void AddDecimalCommaFlag(CLI::App* command, Args& args) {
  command->add_flag("--decimal-comma", args.decimal_comma,
                    "amounts are written 1.000,50 (German or French Excel); without it "
                    "1,000.50, and a lone 1,000 is refused as ambiguous");
}

// A sequence, version or count flag. CLI11 would read "-1" into a uint64_t as
// 18446744073709551615 and the server would be asked for it; it is refused here instead.
CLI::Option* AddUnsigned(CLI::App* command, const std::string& flag, uint64_t& value,
                         const std::string& description) {
  static const CLI::Validator* const kNotNegative = new CLI::Validator(
      [](std::string& text) -> std::string {
        return !text.empty() && text[0] == '-' ? "must not be negative (got " + text + ")" : "";
      },
      "0 or more");
  return command->add_option(flag, value, description)->check(*kNotNegative);
}

void AddTrialBalanceCommands(CLI::App& app, Args& args, Commands& commands) {
  CLI::App* tb = app.add_subcommand("tb", "trial balances: the group chart, mappings, imports");
  tb->require_subcommand(1);
  commands.tb_import = tb->add_subcommand(
      "import",
      "import trial balances from a CSV file (safe to re-run: a changed one is a "
      "new version)");
  commands.tb_accounts =
      tb->add_subcommand("accounts", "upsert the group chart's accounts from a CSV file");
  commands.tb_mappings = tb->add_subcommand(
      "mappings", "upsert entities' local-to-group account mappings from a CSV file");
  for (CLI::App* command : {commands.tb_import, commands.tb_accounts, commands.tb_mappings}) {
    command->add_option("file", args.file, "the CSV file")->required();
  }
  AddDecimalCommaFlag(commands.tb_import, args);
  SetFooter(commands.tb_import, absl::StrCat("CSV columns: ", kTrialBalanceCsvColumns,
                                             "; balances debit positive, in the entity's "
                                             "functional currency"));
  SetFooter(commands.tb_accounts,
            "CSV columns: account,name,class,statement_line,elimination_family[,flags]");
  SetFooter(commands.tb_mappings, "CSV columns: entity,valid_from,local_account,group_account");
}

void AddAcquisitionCommands(CLI::App& app, Args& args, Commands& commands) {
  CLI::App* acquisitions = app.add_subcommand(
      "acquisitions", "acquisitions: how and when a holder obtained its stake (IFRS 3)");
  acquisitions->require_subcommand(1);
  commands.acquisitions_load = acquisitions->add_subcommand(
      "load",
      "upsert acquisitions from a CSV file (safe to re-run: a changed one replaces the "
      "record as a new structure version)");
  commands.acquisitions_load->add_option("file", args.file, "the CSV file")->required();
  AddDecimalCommaFlag(commands.acquisitions_load, args);
  SetFooter(commands.acquisitions_load,
            absl::StrCat("CSV columns: ", kAcquisitionsCsvColumns,
                         "\nOne row per fair-value adjustment; an acquisition's own columns repeat "
                         "on each."));
  commands.acquisitions_list = acquisitions->add_subcommand("list", "list the acquisitions");
  AddUnsigned(commands.acquisitions_list, "--structure-version", args.structure_version,
              "group structure version (0: the latest)");
  commands.acquisitions_list->add_option("--format", args.format, "table or csv")
      ->check(CLI::IsMember({"table", "csv"}));
}

void AddConnectionFlags(CLI::App& app, Args& args, Commands& commands) {
  ChannelOptions& connect = args.connect;
  app.add_option("--server", connect.server, "HOST[:PORT] of interco_server (port 50051 if none)")
      ->envname("INTERCO_SERVER");
  app.add_option("--tls-ca", connect.tls_ca, "PEM CA bundle: connect with TLS, verify the server")
      ->envname("INTERCO_TLS_CA");
  app.add_option("--tls-cert", connect.tls_cert, "PEM client certificate (mutual TLS)")
      ->envname("INTERCO_TLS_CERT");
  app.add_option("--tls-key", connect.tls_key, "PEM key of the client certificate")
      ->envname("INTERCO_TLS_KEY");
  app.add_option("--tls-server-name", connect.tls_server_name,
                 "the server name to verify, when it differs from --server's host")
      ->envname("INTERCO_TLS_SERVER_NAME");
  // Not CLI11's envname: GroupOf() must tell a malformed INTERCO_GROUP from a bad --group.
  commands.group =
      app.add_option("--group", args.group,
                     "the group (tenant) whose books every call acts in, a DNS label such as acme; "
                     "default: INTERCO_GROUP, else the server's group \"default\"");
}

void AddPostingCommands(CLI::App& app, Args& args, Commands& commands) {
  commands.load =
      app.add_subcommand("load", "load a group (entities, ownership, policies, rates) from YAML");
  commands.load->add_option("file", args.file, "the YAML file (see examples/group.yaml)")
      ->required();
  commands.post = app.add_subcommand(
      "post", "post transactions from a CSV file (safe to re-run: one posting per invoice)");
  commands.post->add_option("file", args.post.path, "the CSV file")->required();
  commands.post->add_option("--batch", args.post.batch_size, "transactions per request")
      ->check(CLI::Range(1, 1000));
  AddDecimalCommaFlag(commands.post, args);
  commands.post
      ->add_option("--rejects", args.post.rejects_path,
                   "write the rows not posted to this CSV file (replaced), with the "
                   "input's columns and a reason column, to fix and post again")
      ->option_text("FILE");
  SetFooter(commands.post,
            absl::StrCat("CSV columns: ", kTransactionsCsvColumns,
                         "\nComma, semicolon or tab separated, as the header line shows; UTF-8, "
                         "with or without a byte order mark."));
  commands.journal = app.add_subcommand(
      "journal", "post manual journal entries from a CSV file (safe to re-run: one per entry_id)");
  commands.journal->add_option("file", args.file, "the CSV file")->required();
  AddDecimalCommaFlag(commands.journal, args);
  SetFooter(commands.journal, absl::StrCat("CSV columns: ", kJournalCsvColumns));
  commands.head = app.add_subcommand("head", "show the ledger head and the reference versions");
  commands.verify = app.add_subcommand("verify", "verify the ledger's hash chain and balances");
}

void AddReportCommands(CLI::App& app, Args& args, Commands& commands) {
  ConsolidateOptions& options = args.consolidation;
  commands.consolidate =
      app.add_subcommand("consolidate", "consolidate a parent's group for a period");
  commands.mismatches = app.add_subcommand("mismatches", "show intercompany mismatches");
  for (CLI::App* command : {commands.consolidate, commands.mismatches}) {
    command->add_option("--parent", options.parent, "the parent entity")->required();
    command->add_option("--period", options.period, "YYYY-MM")->required();
    command->add_option("--currency", options.currency, "presentation currency");
    command->add_option("--format", options.format, "table, csv or xlsx (a workbook: --out)")
        ->check(CLI::IsMember({"table", "csv", "xlsx"}));
    command->add_option("--out", options.out, "for xlsx: the workbook to write (replaced)");
    command->add_flag("--with-header", options.with_header,
                      "for csv: first '# fact=value' lines naming the ledger sequence and hash "
                      "(and versions) the rows come from");
  }
  CLI::App* consolidate = commands.consolidate;
  AddUnsigned(consolidate, "--as-of", options.as_of, "ledger sequence to reproduce (0: the head)");
  AddUnsigned(consolidate, "--structure-version", options.structure_version,
              "group structure version (0: the current one)");
  AddUnsigned(consolidate, "--pricing-version", options.pricing_version,
              "pricing reference data version (0: the current one)");
  consolidate->add_option("--inventory", options.inventory,
                          "SELLER:BUYER:AMOUNT:CURRENCY, intercompany profit still in the "
                          "buyer's inventory (buyer's functional currency); repeatable");
  consolidate
      ->add_option("--basis", options.basis,
                   "ledger (the intercompany part, from postings) or trial-balances (the whole "
                   "group: capital consolidation, goodwill, NCI, statements)")
      ->check(CLI::IsMember({"ledger", "trial-balances"}));
  AddUnsigned(consolidate, "--as-of-import", options.as_of_import,
              "trial-balances: the import sequence to reproduce (0: every import)");
  AddUnsigned(consolidate, "--chart-version", options.chart_version,
              "trial-balances: the group chart version (0: the current one)");
  consolidate->add_option("--section", options.section,
                          "for csv (refused with another --format): balances (the default), "
                          "eliminations, nci or scope; with --basis trial-balances also "
                          "financial-position, income-statement, goodwill, cta, trial-balances, "
                          "proofs");
  commands.mismatches->add_option("--tolerance", args.tolerance,
                                  "differences up to this are not shown");
  AddUnsigned(commands.mismatches, "--as-of-import", options.as_of_import,
              "LEDGER_VS_GL: the trial balance import sequence to reproduce (0: every import)");
  AddUnsigned(commands.mismatches, "--chart-version", options.chart_version,
              "LEDGER_VS_GL: the group chart version (0: the current one)");
}

void AddReportFileCommand(CLI::App& app, Args& args, Commands& commands) {
  ReportOptions& options = args.report;
  CLI::App* report = commands.report = app.add_subcommand(
      "report", "write a consolidation report for people: one HTML page or a workbook");
  report->add_option("--parent", options.parent, "the parent entity")->required();
  report->add_option("--period", options.period, "YYYY-MM")->required();
  report->add_option("--currency", options.currency, "presentation currency");
  AddUnsigned(report, "--as-of", options.as_of, "ledger sequence to report (0: the head)");
  report
      ->add_option("--format", options.format,
                   "html (self-contained, with the group drawn by Graphviz) or xlsx; default: "
                   "--out's extension (.html, .xlsx), html for a name without one")
      ->check(CLI::IsMember({"html", "xlsx"}));
  report->add_option("--out", options.out, "the file to write (replaced)")->required();
  report
      ->add_option("--basis", options.basis,
                   "ledger (the intercompany part, from postings) or trial-balances (the whole "
                   "group: statements, goodwill, capital consolidation), as consolidate's")
      ->check(CLI::IsMember({"ledger", "trial-balances"}));
  SetFooter(report,
            "Sections: header, structure (html), scope, balances, eliminations,\n"
            "elimination_matrix, nci, cta, mismatches, mismatch_heat_map (docs/REPORTS.md);\n"
            "with --basis trial-balances also financial-position, income-statement, goodwill,\n"
            "trial-balances and proofs, nci and cta as roll-forwards.");
}

void AddDrillDownCommand(CLI::App& app, Args& args, Commands& commands) {
  DrillDownOptions& options = args.drill;
  CLI::App* drill = commands.drill = app.add_subcommand(
      "drill", "from a consolidated balance to the ledger lines and eliminations behind it");
  drill->add_option("--parent", options.parent, "the parent entity")->required();
  drill->add_option("--period", options.period, "YYYY-MM")->required();
  drill
      ->add_option("--account", options.account,
                   "the account as the trial balance names it, \"1200 trade receivable\", or "
                   "its number alone, 1200")
      ->required();
  drill->add_option("--currency", options.currency, "presentation currency");
  AddUnsigned(drill, "--as-of", options.as_of, "ledger sequence (0: the head)");
  drill->add_option("--format", options.format, "table, or csv (the ledger lines)")
      ->check(CLI::IsMember({"table", "csv"}));
}

void AddMonthEndCommands(CLI::App& app, Args& args, Commands& commands) {
  commands.close = app.add_subcommand("close", "close an entity's period");
  commands.reopen = app.add_subcommand("reopen", "reopen an entity's closed period");
  for (CLI::App* command : {commands.close, commands.reopen}) {
    command->add_option("--entity", args.entity, "the entity")->required();
    command->add_option("--period", args.period, "YYYY-MM")->required();
  }
  commands.close->add_flag("--roll-forward", args.roll_forward,
                           "book later postings dated in the period in the next open one "
                           "(default: refuse them)");
  commands.reverse = app.add_subcommand("reverse", "reverse a journal entry (once)");
  commands.reverse->add_option("--sequence", args.sequence, "the entry's ledger sequence")
      ->required()
      ->check(CLI::PositiveNumber);
  commands.reverse->add_option("--date", args.date, "YYYY-MM-DD, in an open period")->required();
  commands.entries = app.add_subcommand("entries", "list an entity's ledger entries, filtered");
  EntryFilter& filter = args.filter;
  commands.entries->add_option("--entity", filter.entity, "the entity")->required();
  commands.entries->add_option("--period", filter.period, "YYYY-MM (default: every period)");
  commands.entries->add_option("--account", filter.account, "only entries with this account");
  commands.entries->add_option("--counterparty", filter.counterparty,
                               "only entries with this counterparty");
  commands.entries->add_option("--transaction", filter.transaction,
                               "only the entries of this transaction_id");
  commands.entries->add_option("--format", args.format, "table or csv")
      ->check(CLI::IsMember({"table", "csv"}));
  commands.entries->add_flag("--with-header", args.with_header,
                             "for csv: first '# fact=value' lines naming the ledger head the "
                             "rows are read as of");
}

void AddReferenceCommands(CLI::App& app, Args& args, Commands& commands) {
  commands.policies = app.add_subcommand("policies", "list the transfer pricing policies");
  commands.rates = app.add_subcommand("rates", "list the FX rates");
  commands.account_maps = app.add_subcommand("account-maps", "list the entities' account maps");
  commands.closed_periods = app.add_subcommand("closed-periods", "list the closed periods");
  commands.closed_periods->add_option("--entity", args.entity, "only this entity's");
  for (CLI::App* command :
       {commands.policies, commands.rates, commands.account_maps, commands.closed_periods}) {
    command->add_option("--format", args.format, "table or csv")
        ->check(CLI::IsMember({"table", "csv"}));
  }
  commands.structure = app.add_subcommand(
      "structure", "show the group's ownership: a text tree, a Graphviz graph or an SVG or PNG picture");
  commands.structure->add_option("--date", args.date, "YYYY-MM-DD (default: today, UTC)");
  AddUnsigned(commands.structure, "--structure-version", args.structure_version,
              "group structure version (0: the latest)");
  commands.structure
      ->add_option("--format", args.structure_format,
                   "tree, dot (Graphviz source), svg or png (drawn by Graphviz's dot; "
                   "each entity with its method and effective share)")
      ->check(CLI::IsMember({"tree", "dot", "svg", "png"}));
}

void AddGroupCommands(CLI::App& app, Args& args, Commands& commands) {
  CLI::App* groups = app.add_subcommand(
      "groups", "groups (tenants): each its own books, named by --group on every command");
  groups->require_subcommand(1);
  commands.groups_list = groups->add_subcommand("list", "list the groups");
  commands.groups_list->add_option("--format", args.format, "table or csv")
      ->check(CLI::IsMember({"table", "csv"}));
  CreateGroupOptions& create = args.group_create;
  commands.groups_create = groups->add_subcommand("create", "create a group with empty books");
  commands.groups_create->add_option("id", create.group_id, "the group's id, a DNS label")
      ->required();
  commands.groups_create->add_option("--display-name", create.display_name,
                                     "its name for people (up to 200 characters)");
  commands.groups_create->add_option("--request-id", create.request_id,
                                     "names the request, so that a retry creates it once "
                                     "(default: a new id per run)");
  DeleteGroupOptions& remove = args.group_delete;
  commands.groups_delete = groups->add_subcommand(
      "delete", "delete a group and all of its data (refused while its ledger has entries)");
  commands.groups_delete->add_option("id", remove.group_id, "the group's id")->required();
  commands.groups_delete->add_flag("--force", remove.force,
                                   "delete even though its ledger has entries, once a "
                                   "checkpoint of the group was taken after its last posting");
  commands.groups_delete->add_option("--request-id", remove.request_id,
                                     "names the request, so that a retry deletes it once "
                                     "(default: a new id per run)");
  commands.checkpoint = app.add_subcommand(
      "checkpoint",
      "write a checkpoint of the group's books on the server (its --backup_dir), while "
      "postings continue");
  commands.checkpoint
      ->add_option("name", args.checkpoint_name,
                   "1-64 of letters, digits, '.', '_' and '-', e.g. 2026-12-07T0200")
      ->required();
}

}  // namespace

void DefineCommandLine(CLI::App& app, Args& args, Commands& commands) {
  app.set_version_flag("--version", std::string("interco ") + kCliVersion);
  // Before the commands are added: each copies its parent's failure message.
  app.failure_message([](const CLI::App* top, const CLI::Error& error) {
    return CommandLineErrorMessage(*top, error);
  });
  // Help shows every default, so a controller sees what a flag left out means.
  app.option_defaults()->always_capture_default();
  app.footer(absl::StrCat(kExamples, "\n\n", kExitCodes));
  app.require_subcommand(1);
  AddConnectionFlags(app, args, commands);
  AddPostingCommands(app, args, commands);
  AddReportCommands(app, args, commands);
  AddReportFileCommand(app, args, commands);
  AddDrillDownCommand(app, args, commands);
  AddMonthEndCommands(app, args, commands);
  AddReferenceCommands(app, args, commands);
  AddTrialBalanceCommands(app, args, commands);
  AddAcquisitionCommands(app, args, commands);
  AddGroupCommands(app, args, commands);
  SetInheritedFooters(app, app.get_footer());
}

absl::StatusOr<std::string> GroupOf(const Args& args, const Commands& commands,
                                    const char* environment) {
  std::optional<std::string> flag;
  if (commands.group->count() > 0) flag = args.group;
  return ChooseGroup(flag, environment);
}

}  // namespace interco::cli
