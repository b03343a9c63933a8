#include "services/cli/report_command.h"

#include <fstream>
#include <map>

#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "interco/v1/consolidation.pb.h"
#include "services/cli/graphviz.h"
#include "services/cli/report_html.h"
#include "services/cli/report_model.h"
#include "services/cli/report_sources.h"
#include "services/cli/report_xlsx.h"
#include "services/cli/statements.h"
#include "services/cli/structure_command.h"
#include "services/cli/structure_graph.h"

namespace interco::cli {
namespace {

// The last day of a YYYY-MM period: the date the group picture shows.
absl::StatusOr<google::type::Date> LastDayOf(const std::string& period) {
  absl::CivilMonth month;
  if (!absl::ParseCivilTime(period, &month)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--period: must be YYYY-MM (got \"", period, "\")"));
  }
  const absl::CivilDay last = absl::CivilDay(month + 1) - 1;
  google::type::Date date;
  date.set_year(static_cast<int>(last.year()));
  date.set_month(last.month());
  date.set_day(last.day());
  return date;
}

// The picture shows each entity as this consolidation treats it.
std::map<std::string, EntityStanding> StandingsFromScope(const ConsolidationFacts& facts) {
  std::map<std::string, EntityStanding> standings;
  for (const v1::ConsolidationChunk& chunk : facts.chunks) {
    for (const v1::ScopeEntry& entry : chunk.scope()) {
      std::string method = v1::ConsolidationMethod_Name(entry.method());
      method.erase(0, std::string("CONSOLIDATION_METHOD_").size());
      standings[entry.entity_id()] = {method, entry.effective_share().value()};
    }
  }
  return standings;
}

// The group picture as SVG: the structure version the consolidation used, on the
// period's last day. Returns the exit code.
int ReadPicture(const std::shared_ptr<grpc::Channel>& channel, const ConsolidationFacts& facts,
                Console& console, std::string* svg) {
  absl::StatusOr<google::type::Date> day = LastDayOf(facts.period);
  if (!day.ok()) {
    console.err << "interco: " << day.status().message() << "\n";
    return kExitBadInput;
  }
  v1::GetStructureResponse structure;
  const grpc::Status status =
      ReadStructure(channel, *day, facts.head.structure_version(), &structure);
  if (!status.ok()) return Failed(status, console);
  absl::StatusOr<std::string> drawn =
      RenderGraph(OwnershipDot(structure, StandingsFromScope(facts)), GraphFormat::kSvg);
  if (!drawn.ok()) {
    console.err << "interco: " << drawn.status().message() << "\n";
    return kExitUnavailable;
  }
  *svg = *std::move(drawn);
  return kExitOk;
}

// Reads what the report shows into `report`. Returns the exit code.
int ReadReport(const std::shared_ptr<grpc::Channel>& channel, const ReportOptions& options,
               Console& console, Report* report, ConsolidationFacts* facts) {
  v1::RunConsolidationRequest request;
  request.set_parent_id(options.parent);
  request.set_period(options.period);
  request.set_presentation_currency(options.currency);
  request.set_as_of_sequence(options.as_of);
  const bool trial_balances = options.basis == "trial-balances";
  if (trial_balances) request.set_basis(v1::CONSOLIDATION_BASIS_TRIAL_BALANCES);
  grpc::Status status = ReadConsolidation(channel, request, facts);
  if (!status.ok()) return Failed(status, console);
  v1::GetMismatchesResponse mismatches;
  status = ReadMismatches(channel, *facts, &mismatches);
  if (!status.ok()) return Failed(status, console);
  ReportChart chart;
  status = ReadReportChart(channel, *facts, &chart);
  if (!status.ok()) return Failed(status, console);
  report->title = absl::StrCat("Consolidation of ", options.parent, " for ", options.period);
  report->header = ConsolidationHeader(*facts);
  if (trial_balances) {
    // The sections `consolidate --basis trial-balances --format xlsx` writes, so that the
    // report and the workbook show the capital consolidation alike.
    StatementTables tables;
    for (const v1::ConsolidationChunk& chunk : facts->chunks) tables.Add(chunk);
    report->sections = tables.Sections();
    report->sections.push_back(EliminationMatrix(*facts, chart));
  } else {
    report->sections = ConsolidationSections(*facts, chart);
  }
  report->sections.push_back(MismatchSection(mismatches));
  report->sections.push_back(MismatchHeatMap(mismatches));
  // The group accounts of every table (balances, eliminations, LEDGER_VS_GL mismatches).
  CaptionAccounts(chart, &report->sections);
  return kExitOk;
}

absl::Status WriteText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) return absl::InvalidArgumentError(absl::StrCat("--out: cannot write ", path));
  return absl::OkStatus();
}

// The extension of `path`'s file name, lower case, without the dot; "" for none. Only
// letters make an extension: "P.2024-06" names a period, not a format.
std::string ExtensionOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  const size_t dot = path.rfind('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  const std::string extension = absl::AsciiStrToLower(path.substr(dot + 1));
  for (const char c : extension) {
    if (!absl::ascii_isalpha(static_cast<unsigned char>(c))) return "";
  }
  return extension;
}

}  // namespace

absl::StatusOr<std::string> ReportFormatFor(const std::string& format, const std::string& out) {
  const std::string extension = ExtensionOf(out);
  const std::string named = extension == "html" || extension == "htm" ? "html"
                            : extension == "xlsx"                     ? "xlsx"
                                                                      : "";
  if (!extension.empty() && named.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--out: a report is written as .html or .xlsx, not .", extension, " (", out,
                     "); one section as CSV: interco consolidate --format csv --section SECTION"));
  }
  if (!format.empty() && !named.empty() && format != named) {
    return absl::InvalidArgumentError(absl::StrCat("--format: ", format, " contradicts --out ", out,
                                                   " (a .", extension, " file is ", named,
                                                   "); leave --format out or change the name"));
  }
  if (!format.empty()) return format;
  return named.empty() ? std::string("html") : named;
}

int WriteReport(const std::shared_ptr<grpc::Channel>& channel, const ReportOptions& options,
                Console& console) {
  // Before anything is asked of the server: a file named for one format never holds another.
  const absl::StatusOr<std::string> format = ReportFormatFor(options.format, options.out);
  if (!format.ok()) {
    console.err << "interco: " << format.status().message() << "\n";
    return kExitBadInput;
  }
  Report report;
  ConsolidationFacts facts;
  int code = ReadReport(channel, options, console, &report, &facts);
  if (code != kExitOk) return code;
  absl::Status written;
  if (*format == "xlsx") {
    written = WriteReportXlsx(report, options.out);
  } else {
    std::string svg;
    code = ReadPicture(channel, facts, console, &svg);
    if (code != kExitOk) return code;
    written = WriteText(options.out, ReportHtml(report, svg));
  }
  if (!written.ok()) {
    console.err << "interco: " << written.message() << "\n";
    return kExitBadInput;
  }
  console.out << "wrote the report of " << options.parent << " for " << options.period
              << " as of ledger sequence " << facts.head.as_of_sequence() << " to " << options.out
              << "\n";
  return kExitOk;
}

}  // namespace interco::cli
