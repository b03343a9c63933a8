// A report as an Excel workbook (libxlsxwriter, Debian's libxlsxwriter-dev): a "header"
// sheet with the report's facts, then one sheet per section named by its id. Amounts and
// shares are number cells with number formats, so that a spreadsheet sums them; text stays
// text. Each section's sheet is a table a spreadsheet can work with: an autofilter over its
// column names and rows, a total row of =SUM formulas (caching the exact total), and an
// "account" column ("1200 trade receivable") as "account number" and "account name".
#ifndef INTERCO_SERVICES_CLI_REPORT_XLSX_H_
#define INTERCO_SERVICES_CLI_REPORT_XLSX_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "services/cli/report_model.h"

namespace interco::cli {

// Writes `report` to `path`, replacing it. INVALID_ARGUMENT naming --out when the file
// cannot be written; INTERNAL for any other libxlsxwriter error.
absl::Status WriteReportXlsx(const Report& report, const std::string& path);

// The double an xlsx number cell holds for `decimal`, or nullopt when the decimal has more
// than 15 significant digits or is not a decimal. An xlsx number is an IEEE double: this is
// the one place an amount becomes binary floating point, and up to 15 significant digits
// the double names exactly one such decimal, so nothing is lost. Longer figures are
// written as text instead (an amount of 10^13 with two decimals still fits).
std::optional<double> WorkbookNumber(const std::string& decimal);

}  // namespace interco::cli

#endif  // INTERCO_SERVICES_CLI_REPORT_XLSX_H_
