#include "services/cli/command_examples.h"

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"

namespace interco::cli {
namespace {

// By command path. A group of commands (tb, acquisitions, groups) shows its commands'.
const std::map<std::string, std::vector<std::string>>& Examples() {
  static const auto* const examples = new std::map<std::string, std::vector<std::string>>{
      {"load", {"load examples/group.yaml", "load examples/rates_history.yaml"}},
      {"post", {"post examples/june.csv", "post --decimal-comma --rejects refused.csv export.csv"}},
      {"journal", {"journal examples/opening.csv"}},
      {"head", {"head"}},
      {"verify", {"verify"}},
      {"consolidate",
       {"consolidate --parent P --period 2024-06 --currency EUR",
        "consolidate --parent P --period 2024-06 --format csv --section eliminations --with-header",
        "consolidate --parent P --period 2024-06 --basis trial-balances --format xlsx --out "
        "p.xlsx"}},
      {"mismatches",
       {"mismatches --parent P --period 2024-06 --tolerance 0.05",
        "mismatches --parent P --period 2024-06 --format xlsx --out mismatches.xlsx"}},
      {"report",
       {"report --parent P --period 2024-06 --out report.html",
        "report --parent P --period 2024-06 --basis trial-balances --out report.xlsx"}},
      {"drill",
       {"drill --parent P --period 2024-06 --account 1200",
        "drill --parent P --period 2024-06 --account \"1200 trade receivable\" --format csv"}},
      {"close",
       {"close --entity A --period 2024-06", "close --entity A --period 2024-06 --roll-forward"}},
      {"reopen", {"reopen --entity A --period 2024-06"}},
      {"reverse", {"reverse --sequence 12 --date 2024-07-01"}},
      {"entries",
       {"entries --entity A --period 2024-06 --counterparty B",
        "entries --entity A --transaction INV-2024-0106 --format csv --with-header"}},
      {"policies", {"policies", "policies --format csv"}},
      {"rates", {"rates", "rates --format csv"}},
      {"account-maps", {"account-maps"}},
      {"closed-periods", {"closed-periods --entity A"}},
      {"structure",
       {"structure --date 2024-06-30", "structure --date 2024-06-30 --format svg > group.svg",
        "structure --date 2024-06-30 --format png > group.png"}},
      {"tb import", {"tb import examples/trial_balances.csv"}},
      {"tb accounts", {"tb accounts examples/chart_accounts.csv"}},
      {"tb mappings", {"tb mappings examples/chart_mappings.csv"}},
      {"acquisitions load", {"acquisitions load examples/acquisitions.csv"}},
      {"acquisitions list", {"acquisitions list --structure-version 16"}},
      {"groups list", {"groups list"}},
      {"groups create", {"groups create acme --display-name \"Acme Holdings\""}},
      {"groups delete", {"groups delete acme"}},
      {"checkpoint", {"checkpoint 2026-12-07T0200"}},
  };
  return *examples;
}

}  // namespace

std::string ExamplesOf(const std::string& path) {
  std::string lines;
  for (const auto& [command, examples] : Examples()) {
    // A group's page lists its commands' ("tb" shows "tb import", "tb accounts", ...).
    if (command != path && command.rfind(path + " ", 0) != 0) continue;
    for (const std::string& example : examples) {
      absl::StrAppend(&lines, lines.empty() ? "" : "\n", "  interco ", example);
    }
  }
  return lines;
}

}  // namespace interco::cli
