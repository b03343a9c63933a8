// A report as one self-contained HTML page: inline CSS and the group picture as inline
// SVG, no script, no font, image or style sheet fetched from anywhere, so that it opens
// the same offline, attached to an e-mail or archived with the month's close.
#ifndef INTERCO_SERVICES_CLI_REPORT_HTML_H_
#define INTERCO_SERVICES_CLI_REPORT_HTML_H_

#include <string>

#include "services/cli/report_model.h"

namespace interco::cli {

// The page: a <section id="header"> with the report's facts, a <section id="structure">
// with `svg` (Graphviz's output; its XML prologue dropped; the section says so when `svg`
// is empty), then one <section id=SECTION.id> per section, tables with amounts right
// aligned and formatted, totals bold, heat maps shaded by magnitude. All text is escaped.
std::string ReportHtml(const Report& report, const std::string& svg);

// "-1322.7" -> "-1,322.70": thousands grouped, at least two decimals, every digit kept.
// Text that is not a plain decimal comes back unchanged.
std::string FormatAmount(const std::string& decimal);

// &, <, >, " and ' as character references.
std::string HtmlEscape(const std::string& text);

}  // namespace interco::cli

#endif  // INTERCO_SERVICES_CLI_REPORT_HTML_H_
