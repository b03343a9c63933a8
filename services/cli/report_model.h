// A report as data, before it becomes HTML or a workbook: header facts and sections of
// rows whose amounts stay exact decimal text. One model, several renderers
// (report_html.h, report_xlsx.h), so the page and the workbook cannot disagree.
#ifndef INTERCO_SERVICES_CLI_REPORT_MODEL_H_
#define INTERCO_SERVICES_CLI_REPORT_MODEL_H_

#include <string>
#include <utility>
#include <vector>

#include "interco/v1/consolidation.pb.h"
#include "services/cli/report_chart.h"

namespace interco::cli {

struct ReportCell {
  enum class Kind { kText, kAmount, kShare };
  Kind kind = Kind::kText;
  // For kAmount and kShare the exact decimal ("-1322.76", "0.48"); renderers format it.
  std::string text;

  static ReportCell Text(std::string text) { return {Kind::kText, std::move(text)}; }
  static ReportCell Amount(std::string text) { return {Kind::kAmount, std::move(text)}; }
  static ReportCell Share(std::string text) { return {Kind::kShare, std::move(text)}; }
};

struct ReportSection {
  ReportSection() = default;
  ReportSection(std::string id, std::string title, std::vector<std::string> columns)
      : id(std::move(id)), title(std::move(title)), columns(std::move(columns)) {}

  std::string id;     // short and stable ("balances"): the HTML id and the sheet name
  std::string title;  // for people ("Consolidated trial balance")
  std::vector<std::string> columns;
  std::vector<std::vector<ReportCell>> rows;
  // The last row totals the rows above: each of its amounts is its column's sum (a
  // workbook writes it as a =SUM formula).
  bool last_row_is_total = false;
  bool heat_map = false;  // amounts shaded by magnitude
  // For people, below the rows ("The chart classifies no account ..."); "" for none.
  std::string note;
};

struct Report {
  std::string title;
  // Facts that identify what the figures are: parent, period, ledger head, versions.
  std::vector<std::pair<std::string, std::string>> header;
  std::vector<ReportSection> sections;

  // The section with `id`, or nullptr.
  const ReportSection* Section(const std::string& id) const;
};

// What one consolidation run answered, gathered from its stream.
struct ConsolidationFacts {
  std::string parent;
  std::string period;
  std::string currency;
  v1::ConsolidationChunk head;  // the first chunk's as_of_sequence, chain_hash, versions
  std::vector<v1::ConsolidationChunk> chunks;
};

// The header facts of a consolidation: parent, period, currency, ledger sequence and hash,
// structure and pricing versions.
std::vector<std::pair<std::string, std::string>> ConsolidationHeader(
    const ConsolidationFacts& facts);

// The sections of a consolidation: scope, balances (with a total), eliminations (with a
// total), the elimination matrix (EliminationMatrix), NCI and the CTA.
std::vector<ReportSection> ConsolidationSections(const ConsolidationFacts& facts,
                                                 const ReportChart& chart);

// The elimination matrix alone: pair by the elimination family `chart` gives each
// entity's account, each cell the pair's eliminations summed. An account the chart does
// not classify goes to the column "not in the chart" and is named in the section's note,
// not guessed from its number (ConsolidationSections has the matrix; the trial-balance
// basis report adds it to the statements' sections).
ReportSection EliminationMatrix(const ConsolidationFacts& facts, const ReportChart& chart);

// Every cell of a column named "account" captioned from `chart` (ReportChart::Caption):
// the trial-balance basis names group accounts by their bare ids.
void CaptionAccounts(const ReportChart& chart, std::vector<ReportSection>* sections);

// The mismatches as a list (trial balances against the ledger, LEDGER_VS_GL, with their
// group account, general ledger and ledger figures), and as a heat map: pair by mismatch
// type, the gross difference in each cell (the differences' absolute values summed, so
// that opposite differences of a pair do not hide each other; pairs only).
ReportSection MismatchSection(const v1::GetMismatchesResponse& mismatches);
ReportSection MismatchHeatMap(const v1::GetMismatchesResponse& mismatches);

// The facts as CSV comment lines before the rows, "# ledger_sequence=7\r\n" (spaces in a fact's
// name become '_'; control characters in a value are dropped): `--with-header`, so that
// exports can be shown to come from one ledger head. Readers skip them as comments
// (pandas: comment='#').
std::string CsvHeaderLines(const std::vector<std::pair<std::string, std::string>>& facts);

// The wire's account family in words: "receivable/payable", "income/expense".
std::string AccountFamilyText(v1::AccountFamily family);

}  // namespace interco::cli

#endif  // INTERCO_SERVICES_CLI_REPORT_MODEL_H_
