#include "services/cli/report_xlsx.h"

#include <algorithm>
#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/common/decimal.h"
#include "xlsxwriter.h"

namespace interco::cli {
namespace {

constexpr int kSignificantDigitsMax = 15;  // a double's exact decimal round trip
constexpr int kSheetNameLengthMax = 31;    // Excel's limit
constexpr double kColumnWidthMax = 60;     // characters
constexpr int kRangeLengthMax = 32;        // "XFD1048576:XFD1048576" and its NUL fit

struct WorkbookCloser {
  void operator()(lxw_workbook* workbook) const { workbook_close(workbook); }
};

// The formats every sheet uses; owned by the workbook.
struct Formats {
  lxw_format* bold;
  lxw_format* amount;
  lxw_format* amount_total;
  lxw_format* share;
};

Formats AddFormats(lxw_workbook* workbook) {
  Formats formats{workbook_add_format(workbook), workbook_add_format(workbook),
                  workbook_add_format(workbook), workbook_add_format(workbook)};
  format_set_bold(formats.bold);
  format_set_num_format(formats.amount, "#,##0.00");
  format_set_num_format(formats.amount_total, "#,##0.00");
  format_set_bold(formats.amount_total);
  format_set_num_format(formats.share, "0.00%");
  return formats;
}

// "1200 trade receivable" as {"1200", "trade receivable"}. Text that does not start with
// digits and a space (a bare "1200", a total row's label) stays whole, with no name.
std::pair<std::string, std::string> AccountNumberAndName(const std::string& account) {
  const size_t space = account.find(' ');
  if (space == 0 || space == std::string::npos) return {account, ""};
  for (size_t i = 0; i < space; ++i) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(account[i]))) return {account, ""};
  }
  return {account.substr(0, space), account.substr(space + 1)};
}

// `section` with each "account" column (captioned: "1200 trade receivable") as two,
// "account number" and "account name", so that a spreadsheet sorts and filters the
// accounts by number. The HTML page keeps one column: people read it, nothing sorts it.
ReportSection WithAccountsSplit(ReportSection section) {
  for (size_t c = section.columns.size(); c-- > 0;) {
    if (section.columns[c] != "account") continue;
    section.columns[c] = "account number";
    section.columns.insert(section.columns.begin() + c + 1, "account name");
    for (std::vector<ReportCell>& row : section.rows) {
      if (c >= row.size()) continue;
      auto [number, name] = AccountNumberAndName(row[c].text);
      row[c] = ReportCell::Text(std::move(number));
      row.insert(row.begin() + c + 1, ReportCell::Text(std::move(name)));
    }
  }
  return section;
}

// The formula of the total row's cell in `column`: "=SUM(C2:C8)" over the rows above it
// (ReportSection::last_row_is_total: the total is their sum). "" when there are none, or
// when one of them is not a number cell: a figure too long for a double is written as
// text, which SUM would skip, so the plain total is written instead.
std::string TotalFormula(const ReportSection& section, size_t column) {
  const size_t total_row = section.rows.size() - 1;
  if (total_row == 0) return "";
  for (size_t r = 0; r < total_row; ++r) {
    if (column >= section.rows[r].size()) continue;
    const ReportCell& cell = section.rows[r][column];
    if (cell.kind == ReportCell::Kind::kText && cell.text.empty()) continue;
    if (cell.kind != ReportCell::Kind::kAmount || !WorkbookNumber(cell.text).has_value()) {
      return "";
    }
  }
  char range[kRangeLengthMax];
  // Sheet row 0 holds the column names: the section's rows 0..total_row-1 are 1..total_row.
  lxw_rowcol_to_range(range, 1, column, total_row, column);
  return absl::StrCat("=SUM(", range, ")");
}

// `formula` non-empty: the cell is that formula, with `cell`'s exact value as its cached
// result, so that a reader that does not recalculate shows the same total.
lxw_error WriteCell(lxw_worksheet* sheet, int row, int column, const ReportCell& cell, bool total,
                    const std::string& formula, const Formats& formats) {
  const std::optional<double> number =
      cell.kind == ReportCell::Kind::kText ? std::nullopt : WorkbookNumber(cell.text);
  if (!number.has_value()) {
    return worksheet_write_string(sheet, row, column, cell.text.c_str(),
                                  total ? formats.bold : nullptr);
  }
  lxw_format* format = cell.kind == ReportCell::Kind::kShare ? formats.share
                       : total                               ? formats.amount_total
                                                             : formats.amount;
  if (!formula.empty()) {
    return worksheet_write_formula_num(sheet, row, column, formula.c_str(), format, *number);
  }
  return worksheet_write_number(sheet, row, column, *number, format);
}

lxw_error WriteSection(lxw_workbook* workbook, const ReportSection& given,
                       const Formats& formats) {
  const ReportSection section = WithAccountsSplit(given);
  lxw_worksheet* sheet =
      workbook_add_worksheet(workbook, section.id.substr(0, kSheetNameLengthMax).c_str());
  if (sheet == nullptr) return LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE;
  std::vector<size_t> widths(section.columns.size(), 8);
  for (size_t c = 0; c < section.columns.size(); ++c) {
    widths[c] = std::max(widths[c], section.columns[c].size());
    lxw_error error = worksheet_write_string(sheet, 0, c, section.columns[c].c_str(), formats.bold);
    if (error != LXW_NO_ERROR) return error;
  }
  for (size_t r = 0; r < section.rows.size(); ++r) {
    const bool total = section.last_row_is_total && r + 1 == section.rows.size();
    for (size_t c = 0; c < section.rows[r].size() && c < widths.size(); ++c) {
      widths[c] = std::max(widths[c], section.rows[r][c].text.size() + 2);
      const ReportCell& cell = section.rows[r][c];
      const std::string formula =
          total && cell.kind == ReportCell::Kind::kAmount ? TotalFormula(section, c) : "";
      lxw_error error = WriteCell(sheet, r + 1, c, cell, total, formula, formats);
      if (error != LXW_NO_ERROR) return error;
    }
  }
  if (!section.note.empty()) {
    // One empty row between the table and what people should know about it.
    lxw_error error =
        worksheet_write_string(sheet, section.rows.size() + 2, 0, section.note.c_str(), nullptr);
    if (error != LXW_NO_ERROR) return error;
  }
  for (size_t c = 0; c < widths.size(); ++c) {
    worksheet_set_column(sheet, c, c, std::min<double>(widths[c], kColumnWidthMax), nullptr);
  }
  worksheet_freeze_panes(sheet, 1, 0);  // the column names stay in view
  if (!widths.empty()) {
    // Over the column names and the rows, not the total: sorting must not move the total.
    const size_t last_row =
        section.rows.size() - (section.last_row_is_total && !section.rows.empty() ? 1 : 0);
    worksheet_autofilter(sheet, 0, 0, last_row, widths.size() - 1);
  }
  return LXW_NO_ERROR;
}

lxw_error WriteHeader(lxw_workbook* workbook, const Report& report, const Formats& formats) {
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, "header");
  if (sheet == nullptr) return LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE;
  worksheet_write_string(sheet, 0, 0, "report", formats.bold);
  worksheet_write_string(sheet, 0, 1, report.title.c_str(), nullptr);
  int row = 1;
  for (const auto& [fact, value] : report.header) {
    worksheet_write_string(sheet, row, 0, fact.c_str(), formats.bold);
    // Text: a ledger sequence or hash is an identifier, not a quantity to sum.
    lxw_error error = worksheet_write_string(sheet, row++, 1, value.c_str(), nullptr);
    if (error != LXW_NO_ERROR) return error;
  }
  worksheet_set_column(sheet, 0, 0, 20, nullptr);
  worksheet_set_column(sheet, 1, 1, 70, nullptr);
  return LXW_NO_ERROR;
}

}  // namespace

std::optional<double> WorkbookNumber(const std::string& decimal) {
  if (!Decimal::Parse(decimal).ok()) return std::nullopt;
  std::string digits;
  for (const char c : decimal) {
    if (c >= '0' && c <= '9') digits += c;
  }
  // Significant digits: without leading or trailing zeros (a power of ten is exact).
  const size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) return 0.0;
  const size_t last = digits.find_last_not_of('0') + 1;
  if (static_cast<int>(last - first) > kSignificantDigitsMax) return std::nullopt;
  double value = 0;
  if (!absl::SimpleAtod(decimal, &value)) return std::nullopt;
  return value;
}

absl::Status WriteReportXlsx(const Report& report, const std::string& path) {
  std::unique_ptr<lxw_workbook, WorkbookCloser> workbook(workbook_new(path.c_str()));
  if (workbook == nullptr) return absl::InternalError("libxlsxwriter: out of memory");
  const Formats formats = AddFormats(workbook.get());
  lxw_error error = WriteHeader(workbook.get(), report, formats);
  for (const ReportSection& section : report.sections) {
    if (error == LXW_NO_ERROR) error = WriteSection(workbook.get(), section, formats);
  }
  if (error != LXW_NO_ERROR) {
    return absl::InternalError(absl::StrCat("libxlsxwriter: ", lxw_strerror(error)));
  }
  // The file is written when the workbook closes; that is where a bad path shows.
  error = workbook_close(workbook.release());
  if (error == LXW_ERROR_CREATING_XLSX_FILE || error == LXW_ERROR_CREATING_TMPFILE) {
    return absl::InvalidArgumentError(
        absl::StrCat("--out: cannot write ", path, " (", lxw_strerror(error), ")"));
  }
  if (error != LXW_NO_ERROR) {
    return absl::InternalError(absl::StrCat("libxlsxwriter: ", lxw_strerror(error)));
  }
  return absl::OkStatus();
}

}  // namespace interco::cli
