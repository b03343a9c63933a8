// interco: the controllers' command-line tool. Flags and dispatch only.
#include <unistd.h>

#include <iostream>

#include "CLI/CLI.hpp"
#include "grpcpp/grpcpp.h"
#include "services/cli/channel.h"
#include "services/cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"interco: load a group, post transactions, consolidate, verify"};
  interco::cli::ChannelOptions connect;
  app.add_option("--server", connect.server, "HOST[:PORT] of interco_server (port 50051 if none)")
      ->envname("INTERCO_SERVER")
      ->capture_default_str();
  app.add_option("--tls-ca", connect.tls_ca, "PEM CA bundle: connect with TLS, verify the server")
      ->envname("INTERCO_TLS_CA");
  app.add_option("--tls-cert", connect.tls_cert, "PEM client certificate (mutual TLS)")
      ->envname("INTERCO_TLS_CERT");
  app.add_option("--tls-key", connect.tls_key, "PEM key of the client certificate")
      ->envname("INTERCO_TLS_KEY");
  app.add_option("--tls-server-name", connect.tls_server_name,
                 "the server name to verify, when it differs from --server's host")
      ->envname("INTERCO_TLS_SERVER_NAME");
  app.require_subcommand(1);

  std::string file;
  auto* load =
      app.add_subcommand("load", "load a group (entities, ownership, policies, rates) from YAML");
  load->add_option("file", file, "the YAML file")->required();

  int batch = 100;
  auto* post = app.add_subcommand("post", "post transactions from a CSV file (safe to re-run)");
  post->add_option("file", file, "the CSV file")->required();
  post->add_option("--batch", batch, "transactions per request")->check(CLI::Range(1, 1000));

  auto* journal = app.add_subcommand(
      "journal", "post manual journal entries from a CSV file, one per entry_id (safe to re-run)");
  journal->add_option("file", file, "the CSV file")->required();
  auto* head = app.add_subcommand("head", "show the ledger head and the reference versions");

  std::string parent, period, currency = "EUR", format = "table", section = "balances", tolerance;
  uint64_t as_of = 0;
  auto* consolidate =
      app.add_subcommand("consolidate", "consolidate a parent's group for a period");
  auto* mismatches = app.add_subcommand("mismatches", "show intercompany mismatches");
  for (CLI::App* command : {consolidate, mismatches}) {
    command->add_option("--parent", parent, "the parent entity")->required();
    command->add_option("--period", period, "YYYY-MM")->required();
    command->add_option("--currency", currency, "presentation currency");
    command->add_option("--format", format, "table or csv")->check(CLI::IsMember({"table", "csv"}));
  }
  consolidate->add_option("--as-of", as_of, "ledger sequence to reproduce (0: the head)");
  consolidate->add_option("--section", section, "for csv: balances, eliminations, nci or scope")
      ->check(CLI::IsMember({"balances", "eliminations", "nci", "scope"}));
  mismatches->add_option("--tolerance", tolerance, "differences up to this are not shown");
  auto* verify = app.add_subcommand("verify", "verify the ledger's hash chain and balances");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11 reports by exception; it stops here, at the edge of the program.
    const int code = app.exit(e);
    return code == 0 ? interco::cli::kExitOk : interco::cli::kExitBadInput;
  }
  const absl::StatusOr<std::shared_ptr<grpc::Channel>> opened = interco::cli::OpenChannel(connect);
  if (!opened.ok()) {
    std::cerr << "interco: " << opened.status().message() << "\n";
    return interco::cli::kExitBadInput;
  }
  const std::shared_ptr<grpc::Channel>& channel = *opened;
  interco::cli::Console console{std::cout, std::cerr, isatty(STDERR_FILENO) == 1,
                                interco::cli::WithDefaultPort(connect.server)};
  if (*load) return interco::cli::LoadGroup(channel, file, console);
  if (*post) return interco::cli::PostTransactions(channel, file, batch, console);
  if (*journal) return interco::cli::PostJournal(channel, file, console);
  if (*head) return interco::cli::ShowHead(channel, console);
  if (*consolidate) {
    return interco::cli::Consolidate(channel, parent, period, currency, as_of, format, section,
                                     console);
  }
  if (*mismatches) {
    return interco::cli::ShowMismatches(channel, parent, period, currency, tolerance, format,
                                        console);
  }
  if (*verify) return interco::cli::VerifyLedger(channel, console);
  return interco::cli::kExitBadInput;
}
