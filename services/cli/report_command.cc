#include "services/cli/report_command.h"

#include <fstream>
#include <map>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "interco/v1/consolidation.pb.h"
#include "services/cli/graphviz.h"
#include "services/cli/report_html.h"
#include "services/cli/report_model.h"
#include "services/cli/report_sources.h"
#include "services/cli/report_xlsx.h"
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
  absl::StatusOr<std::string> drawn = RenderSvg(OwnershipDot(structure, StandingsFromScope(facts)));
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
  grpc::Status status = ReadConsolidation(channel, request, facts);
  if (!status.ok()) return Failed(status, console);
  v1::GetMismatchesResponse mismatches;
  status = ReadMismatches(channel, *facts, &mismatches);
  if (!status.ok()) return Failed(status, console);
  report->title = absl::StrCat("Consolidation of ", options.parent, " for ", options.period);
  report->header = ConsolidationHeader(*facts);
  report->sections = ConsolidationSections(*facts);
  report->sections.push_back(MismatchSection(mismatches));
  report->sections.push_back(MismatchHeatMap(mismatches));
  return kExitOk;
}

absl::Status WriteText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) return absl::InvalidArgumentError(absl::StrCat("--out: cannot write ", path));
  return absl::OkStatus();
}

}  // namespace

int WriteReport(const std::shared_ptr<grpc::Channel>& channel, const ReportOptions& options,
                Console& console) {
  Report report;
  ConsolidationFacts facts;
  int code = ReadReport(channel, options, console, &report, &facts);
  if (code != kExitOk) return code;
  absl::Status written;
  if (options.format == "xlsx") {
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
