#include "services/cli/consolidate.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "interco/v1/consolidation.grpc.pb.h"
#include "services/cli/report_model.h"
#include "services/cli/report_sources.h"
#include "services/cli/report_xlsx.h"
#include "services/cli/statements.h"
#include "services/cli/table.h"
#include "services/cli/wire.h"

namespace interco::cli {

namespace {

// INVALID_ARGUMENT naming --inventory for an unreadable inventory figure.
absl::StatusOr<v1::RunConsolidationRequest> ConsolidationRequest(
    const ConsolidateOptions& options) {
  v1::RunConsolidationRequest request;
  request.set_parent_id(options.parent);
  request.set_period(options.period);
  request.set_presentation_currency(options.currency);
  request.set_as_of_sequence(options.as_of);
  request.set_structure_version(options.structure_version);
  request.set_pricing_version(options.pricing_version);
  if (options.basis == "trial-balances") {
    request.set_basis(v1::CONSOLIDATION_BASIS_TRIAL_BALANCES);
    request.set_as_of_import_sequence(options.as_of_import);
    request.set_chart_version(options.chart_version);
  }
  for (const std::string& text : options.inventory) {
    absl::StatusOr<v1::InventoryOnHand> inventory = ParseInventory(text);
    if (!inventory.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--inventory: ", inventory.status().message()));
    }
    *request.add_inventory_on_hand() = *std::move(inventory);
  }
  return request;
}

}  // namespace

namespace {

// A consolidation's sections as read from its stream, for people or scripts.
class ConsolidationTables {
 public:
  ConsolidationTables() {
    balances_.SetRightAligned({false, true});
    eliminations_.SetRightAligned({false, false, false, false, true, false});
    nci_.SetRightAligned({false, true, true, true, true});
  }

  void Add(const v1::ConsolidationChunk& chunk) {
    if (first_) header_ = chunk;
    first_ = false;
    for (const auto& s : chunk.scope()) {
      scope_.Add({s.entity_id(),
                  Unprefixed(v1::ConsolidationMethod_Name(s.method()), "CONSOLIDATION_METHOD_"),
                  s.effective_share().value()});
    }
    for (const auto& b : chunk.balances()) balances_.Add({b.account(), MoneyText(b.amount())});
    for (const auto& e : chunk.eliminations()) {
      eliminations_.Add({e.level_parent_id(), e.entity_id(), e.counterparty_id(), e.account(),
                         MoneyText(e.amount()), e.reason()});
    }
    for (const auto& n : chunk.nci()) {
      // Controllers read what the NCI own: the wire's debit-positive figures, negated.
      nci_.Add({n.entity_id(), n.nci_share().value(), MoneyText(Negated(n.profit())),
                MoneyText(Negated(n.net_assets())), MoneyText(Negated(n.cta()))});
    }
    if (chunk.has_cta()) cta_ = MoneyText(Negated(chunk.cta()));
  }

  std::string Csv(const std::string& section) const {
    const Table& chosen = section == "eliminations" ? eliminations_
                          : section == "nci"        ? nci_
                          : section == "scope"      ? scope_
                                                    : balances_;
    return chosen.Csv();
  }

  std::string Text(const ConsolidateOptions& options) const {
    return absl::StrCat(
        "Consolidation of ", options.parent, " for ", options.period, " in ", options.currency,
        ", as of ledger sequence ", header_.as_of_sequence(), " (hash ",
        header_.chain_hash().substr(0, 16), "...), structure version ", header_.structure_version(),
        ", pricing version ", header_.pricing_version(), "\n\nScope\n", scope_.Text(),
        "\nConsolidated trial balance\n", balances_.Text(), "\nElimination journal\n",
        eliminations_.Text(), "\nNon-controlling interests\n", nci_.Text(),
        "\nCTA (credit positive): ", cta_, " ", options.currency, "\n");
  }

 private:
  Table balances_{{"account", "amount"}};
  Table eliminations_{{"level", "entity", "counterparty", "account", "amount", "reason"}};
  Table nci_{{"entity", "share", "profit", "net assets", "cta"}};
  Table scope_{{"entity", "method", "effective share"}};
  v1::ConsolidationChunk header_;
  bool first_ = true;
  std::string cta_;
};

}  // namespace

namespace {

// Writes `report` to `path` as a workbook and says so. Returns the exit code.
int WriteWorkbook(const Report& report, const std::string& path, Console& console) {
  const absl::Status written = WriteReportXlsx(report, path);
  if (!written.ok()) {
    console.err << "interco: " << written.message() << "\n";
    return written.code() == absl::StatusCode::kInvalidArgument ? kExitBadInput : kExitUnavailable;
  }
  console.out << "wrote " << report.sections.size() + 1 << " sheets to " << path << "\n";
  return kExitOk;
}

// A workbook needs a file to go to; checked before anything is sent.
bool HasOutForXlsx(const ConsolidateOptions& options, Console& console) {
  if (options.format != "xlsx" || !options.out.empty()) return true;
  console.err << "interco: --out: required with --format xlsx (the workbook to write)\n";
  return false;
}

// A --section must be one the basis has, and chooses among CSV's tables only: a table
// or a workbook that quietly showed every section would not be what was asked for.
// Checked before anything is sent.
bool HasSectionOfBasis(const ConsolidateOptions& options, Console& console) {
  if (options.section.empty()) return true;
  if (options.format != "csv") {
    console.err << "interco: --section: only with --format csv (--format " << options.format
                << " shows every section)\n";
    return false;
  }
  const std::vector<std::string> ledger = {"balances", "eliminations", "nci", "scope"};
  const std::vector<std::string>& known =
      options.basis == "trial-balances" ? StatementSections() : ledger;
  if (std::find(known.begin(), known.end(), options.section) != known.end()) return true;
  console.err << "interco: --section: " << options.section << " is not a section of the "
              << options.basis << " basis (" << absl::StrJoin(known, ", ") << ")\n";
  return false;
}

int PrintStatements(const ConsolidationFacts& facts, const ConsolidateOptions& options,
                    Console& console) {
  StatementTables tables;
  for (const v1::ConsolidationChunk& chunk : facts.chunks) tables.Add(chunk);
  if (options.format == "csv") {
    if (options.with_header) {
      auto header = ConsolidationHeader(facts);
      header.emplace_back("section", options.section);
      console.out << CsvHeaderLines(header);
    }
    console.out << tables.Csv(options.section);
    return kExitOk;
  }
  console.out << tables.Text(absl::StrCat("Consolidation of ", options.parent, " for ",
                                          options.period, " in ", options.currency));
  return kExitOk;
}

}  // namespace

int Consolidate(const std::shared_ptr<grpc::Channel>& channel, const ConsolidateOptions& given,
                Console& console) {
  if (!HasOutForXlsx(given, console) || !HasSectionOfBasis(given, console)) {
    return kExitBadInput;
  }
  ConsolidateOptions options = given;
  if (options.section.empty()) options.section = "balances";
  absl::StatusOr<v1::RunConsolidationRequest> request = ConsolidationRequest(options);
  if (!request.ok()) {
    console.err << "interco: " << request.status().message() << "\n";
    return kExitBadInput;
  }
  ConsolidationFacts facts;
  const grpc::Status status = ReadConsolidation(channel, *request, &facts);
  if (!status.ok()) return Failed(status, console);
  if (options.format == "xlsx") {
    Report report;
    report.title = absl::StrCat("Consolidation of ", options.parent, " for ", options.period);
    report.header = ConsolidationHeader(facts);
    if (options.basis == "trial-balances") {
      StatementTables tables;
      for (const v1::ConsolidationChunk& chunk : facts.chunks) tables.Add(chunk);
      report.sections = tables.Sections();
    } else {
      ReportChart chart;
      const grpc::Status read = ReadReportChart(channel, facts, &chart);
      if (!read.ok()) return Failed(read, console);
      report.sections = ConsolidationSections(facts, chart);
    }
    return WriteWorkbook(report, options.out, console);
  }
  if (options.basis == "trial-balances") return PrintStatements(facts, options, console);
  ConsolidationTables tables;
  for (const v1::ConsolidationChunk& chunk : facts.chunks) tables.Add(chunk);
  if (options.format == "csv" && options.with_header) {
    auto header = ConsolidationHeader(facts);
    header.emplace_back("section", options.section);
    console.out << CsvHeaderLines(header);
  }
  console.out << (options.format == "csv" ? tables.Csv(options.section) : tables.Text(options));
  return kExitOk;
}

namespace {

bool IsLedgerVsGl(const v1::Mismatch& m) { return m.type() == v1::MISMATCH_TYPE_LEDGER_VS_GL; }

// A Money the answer set, or an empty cell for one it left unset (consolidation.proto).
std::string MoneyCell(bool set, const google::type::Money& money) {
  return set ? MoneyText(money) : "";
}

// Text: the pairs, then (when there are any) the trial balances against the ledger.
std::string MismatchText(const v1::GetMismatchesResponse& response) {
  Table pairs({"entity", "counterparty", "family", "entity side", "counterparty side", "difference",
               "type"});
  pairs.SetRightAligned({false, false, false, true, true, true, false});
  Table books({"entity", "account", "family", "general ledger", "ledger", "difference", "type"});
  books.SetRightAligned({false, false, false, true, true, true, false});
  for (const v1::Mismatch& m : response.mismatches()) {
    const std::string type = Unprefixed(v1::MismatchType_Name(m.type()), "MISMATCH_TYPE_");
    if (IsLedgerVsGl(m)) {
      books.Add({m.entity_id(), m.group_account(), AccountFamilyText(m.account_family()),
                 MoneyText(m.general_ledger_amount()), MoneyText(m.ledger_amount()),
                 MoneyText(m.difference()), type});
    } else {
      pairs.Add({m.entity_id(), m.counterparty_id(), AccountFamilyText(m.account_family()),
                 MoneyText(m.entity_amount()), MoneyText(m.counterparty_amount()),
                 MoneyText(m.difference()), type});
    }
  }
  std::string text = pairs.Text();
  if (books.size() == 0) return text;
  return absl::StrCat(text, "\nTrial balances against the ledger (intercompany accounts, ",
                      "trial balance import sequence ", response.import_sequence(),
                      ", chart version ", response.chart_version(), ")\n", books.Text());
}

// CSV: one table for scripts, every row with every column (empty where a type has none).
std::string MismatchCsv(const v1::GetMismatchesResponse& response) {
  Table table({"entity", "counterparty", "family", "entity side", "counterparty side", "difference",
               "type", "account", "general ledger", "ledger"});
  for (const v1::Mismatch& m : response.mismatches()) {
    table.Add({m.entity_id(), m.counterparty_id(), AccountFamilyText(m.account_family()),
               MoneyCell(m.has_entity_amount(), m.entity_amount()),
               MoneyCell(m.has_counterparty_amount(), m.counterparty_amount()),
               MoneyText(m.difference()),
               Unprefixed(v1::MismatchType_Name(m.type()), "MISMATCH_TYPE_"), m.group_account(),
               MoneyCell(m.has_general_ledger_amount(), m.general_ledger_amount()),
               MoneyCell(m.has_ledger_amount(), m.ledger_amount())});
  }
  return table.Csv();
}

}  // namespace

int ShowMismatches(const std::shared_ptr<grpc::Channel>& channel, const ConsolidateOptions& options,
                   const std::string& tolerance, Console& console) {
  if (!HasOutForXlsx(options, console)) return kExitBadInput;
  v1::GetMismatchesRequest request;
  request.set_parent_id(options.parent);
  request.set_period(options.period);
  request.set_presentation_currency(options.currency);
  if (!tolerance.empty()) request.mutable_tolerance()->set_value(tolerance);
  request.set_as_of_import_sequence(options.as_of_import);
  request.set_chart_version(options.chart_version);
  v1::GetMismatchesResponse response;
  const grpc::Status status = v1::ConsolidationService::NewStub(channel)->GetMismatches(
      CallContext().get(), request, &response);
  if (!status.ok()) return Failed(status, console);
  const std::vector<std::pair<std::string, std::string>> header = {
      {"parent", options.parent},
      {"period", options.period},
      {"currency", options.currency},
      {"ledger sequence", absl::StrCat(response.as_of_sequence())},
      {"ledger hash", response.chain_hash()},
      {"import sequence", absl::StrCat(response.import_sequence())},
      {"chart version", absl::StrCat(response.chart_version())},
      {"tolerance", tolerance.empty() ? "0" : tolerance}};
  if (options.format == "xlsx") {
    Report report;
    report.title = absl::StrCat("Mismatches of ", options.parent, " for ", options.period);
    report.header = header;
    report.sections = {MismatchSection(response), MismatchHeatMap(response)};
    return WriteWorkbook(report, options.out, console);
  }
  if (options.format == "csv") {
    if (options.with_header) console.out << CsvHeaderLines(header);
    console.out << MismatchCsv(response);
  } else {
    console.out << MismatchText(response);
  }
  return kExitOk;
}

}  // namespace interco::cli
