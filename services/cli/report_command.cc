#include "services/cli/report_command.h"

#include <cstdlib>
#include <fstream>
#include <map>

#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
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

// The group as the consolidation saw it: the structure version it used, on the period's
// last day. Returns the exit code.
int ReadGroup(const std::shared_ptr<grpc::Channel>& channel, const ConsolidationFacts& facts,
              Console& console, v1::GetStructureResponse* structure) {
  absl::StatusOr<google::type::Date> day = LastDayOf(facts.period);
  if (!day.ok()) {
    console.err << "interco: " << day.status().message() << "\n";
    return kExitBadInput;
  }
  const grpc::Status status =
      ReadStructure(channel, *day, facts.head.structure_version(), structure);
  return status.ok() ? kExitOk : Failed(status, console);
}

// The group picture as SVG. Returns the exit code.
int DrawPicture(const v1::GetStructureResponse& structure, const ConsolidationFacts& facts,
                Console& console, std::string* svg) {
  absl::StatusOr<std::string> drawn =
      RenderGraph(OwnershipDot(structure, StandingsFromScope(facts)), GraphFormat::kSvg);
  if (!drawn.ok()) {
    console.err << "interco: " << drawn.status().message() << "\n";
    return kExitUnavailable;
  }
  *svg = *std::move(drawn);
  return kExitOk;
}

// The name the structure gives `entity_id`, or "" when it has none.
std::string EntityName(const v1::GetStructureResponse& structure, const std::string& entity_id) {
  for (const v1::LegalEntity& entity : structure.entities()) {
    if (entity.entity_id() == entity_id) return entity.name();
  }
  return "";
}

// The title and the header facts: whose group by name as well as id (an id alone means
// nothing to a reader outside the finance team), and when the report was made.
void NameReport(const ReportOptions& options, const ConsolidationFacts& facts,
                const v1::GetStructureResponse& structure, absl::Time generated,
                Report* report) {
  const std::string name = EntityName(structure, options.parent);
  const std::string parent =
      name.empty() ? options.parent : absl::StrCat(name, " (", options.parent, ")");
  report->title = absl::StrCat("Consolidation of ", parent, " for ", options.period);
  report->header = ConsolidationHeader(facts);
  // Beside the parent's id, the header's first fact.
  if (!name.empty()) report->header.insert(report->header.begin() + 1, {"parent name", name});
  report->header.emplace_back("generated (UTC)", absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", generated,
                                                                  absl::UTCTimeZone()));
}

// Reads what the report shows into `report` (all but its title and header: NameReport),
// and the group into `structure`. Returns the exit code.
int ReadReport(const std::shared_ptr<grpc::Channel>& channel, const ReportOptions& options,
               Console& console, Report* report, ConsolidationFacts* facts,
               v1::GetStructureResponse* structure) {
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
  const int code = ReadGroup(channel, *facts, console, structure);
  if (code != kExitOk) return code;
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

absl::StatusOr<absl::Time> GenerationTime(const char* override_text, absl::Time now) {
  if (override_text == nullptr || *override_text == '\0') return now;
  absl::Time time;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, override_text, &time, &error)) {
    return absl::InvalidArgumentError(
        absl::StrCat(kGeneratedAtEnvironmentVariable, ": must be an RFC 3339 time such as ",
                     "2024-07-01T08:30:00Z (got \"", override_text, "\": ", error, ")"));
  }
  return time;
}

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
  const absl::StatusOr<absl::Time> generated =
      GenerationTime(std::getenv(kGeneratedAtEnvironmentVariable), absl::Now());
  if (!generated.ok()) {
    console.err << "interco: " << generated.status().message() << "\n";
    return kExitBadInput;
  }
  Report report;
  ConsolidationFacts facts;
  v1::GetStructureResponse structure;
  int code = ReadReport(channel, options, console, &report, &facts, &structure);
  if (code != kExitOk) return code;
  NameReport(options, facts, structure, *generated, &report);
  absl::Status written;
  if (*format == "xlsx") {
    written = WriteReportXlsx(report, options.out);
  } else {
    std::string svg;
    code = DrawPicture(structure, facts, console, &svg);
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
