#include "services/cli/report_html.h"

#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/cli/share_percent.h"
#include "services/common/decimal.h"

namespace interco::cli {
namespace {

constexpr char kStyle[] = R"(
body { font-family: "DejaVu Sans", sans-serif; margin: 2em; color: #1d2433; }
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 1.6em; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { border: 1px solid #c9d0dc; padding: 0.25em 0.6em; }
th { background: #eef1f6; text-align: left; }
td.amount { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total td { font-weight: bold; border-top: 2px solid #1d2433; }
dl.facts { display: grid; grid-template-columns: max-content auto; gap: 0.2em 1em; }
dl.facts dt { font-weight: bold; } dl.facts dd { margin: 0; font-family: monospace; }
section#structure svg { max-width: 100%; height: auto; }
)";

// Graphviz's SVG without what may not appear inside HTML: the XML declaration, DOCTYPE and
// comments before the <svg> element.
std::string InlineSvg(const std::string& svg) {
  const size_t start = svg.find("<svg");
  return start == std::string::npos ? "" : svg.substr(start);
}

std::optional<Decimal> Magnitude(const std::string& text) {
  absl::StatusOr<Decimal> value = Decimal::Parse(text);
  if (!value.ok()) return std::nullopt;
  return value->is_negative() ? Decimal::Sub(Decimal(), *value) : std::optional<Decimal>(*value);
}

// 0 to 100: |value| as a share of `max`, for a heat map's shading.
int HeatPercent(const std::string& text, std::optional<Decimal> max) {
  const std::optional<Decimal> magnitude = Magnitude(text);
  if (!magnitude.has_value() || !max.has_value() || max->is_zero()) return 0;
  const std::optional<Decimal> scaled = Decimal::Mul(*magnitude, Decimal::FromUnits(100));
  const std::optional<Decimal> ratio =
      scaled.has_value() ? Decimal::Div(*scaled, *max) : std::nullopt;
  int percent = 0;
  if (!ratio.has_value() || !absl::SimpleAtoi(ratio->ToString(0), &percent)) return 0;
  return percent;
}

std::optional<Decimal> MaxMagnitude(const ReportSection& section) {
  std::optional<Decimal> max = Decimal();
  for (const auto& row : section.rows) {
    for (const ReportCell& cell : row) {
      if (cell.kind != ReportCell::Kind::kAmount) continue;
      const std::optional<Decimal> magnitude = Magnitude(cell.text);
      if (magnitude.has_value() && *magnitude > *max) max = magnitude;
    }
  }
  return max;
}

std::string CellHtml(const ReportCell& cell, bool heat_map, std::optional<Decimal> max) {
  switch (cell.kind) {
    case ReportCell::Kind::kText:
      return absl::StrCat("<td>", HtmlEscape(cell.text), "</td>");
    case ReportCell::Kind::kShare:
      return absl::StrCat("<td class=\"amount\">", HtmlEscape(SharePercent(cell.text)), "</td>");
    case ReportCell::Kind::kAmount:
      break;
  }
  std::string style;
  if (heat_map) {
    // Shade: transparent for zero, full red for the section's largest difference.
    style = absl::StrCat(" style=\"background: rgba(214, 69, 65, ",
                         HeatPercent(cell.text, max) * 85 / 100, "%)\"");
  }
  return absl::StrCat("<td class=\"amount\"", style, ">", HtmlEscape(FormatAmount(cell.text)),
                      "</td>");
}

std::string SectionHtml(const ReportSection& section) {
  std::string html = absl::StrCat("<section id=\"", HtmlEscape(section.id), "\">\n<h2>",
                                  HtmlEscape(section.title), "</h2>\n");
  if (section.rows.empty()) return absl::StrCat(html, "<p>none</p>\n</section>\n");
  absl::StrAppend(&html, "<table>\n<thead><tr>");
  for (const std::string& column : section.columns) {
    absl::StrAppend(&html, "<th>", HtmlEscape(column), "</th>");
  }
  absl::StrAppend(&html, "</tr></thead>\n<tbody>\n");
  const std::optional<Decimal> max = MaxMagnitude(section);
  for (size_t i = 0; i < section.rows.size(); ++i) {
    const bool total = section.last_row_is_total && i + 1 == section.rows.size();
    absl::StrAppend(&html, total ? "<tr class=\"total\">" : "<tr>");
    for (const ReportCell& cell : section.rows[i]) {
      absl::StrAppend(&html, CellHtml(cell, section.heat_map && !total, max));
    }
    absl::StrAppend(&html, "</tr>\n");
  }
  absl::StrAppend(&html, "</tbody>\n</table>\n");
  if (!section.note.empty())
    absl::StrAppend(&html, "<p class=\"note\">", HtmlEscape(section.note), "</p>\n");
  return absl::StrCat(html, "</section>\n");
}

}  // namespace

std::string HtmlEscape(const std::string& text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string FormatAmount(const std::string& decimal) {
  if (!Decimal::Parse(decimal).ok()) return decimal;
  const bool negative = !decimal.empty() && decimal[0] == '-';
  const std::string digits = negative ? decimal.substr(1) : decimal;
  const size_t point = digits.find('.');
  const std::string whole = digits.substr(0, point);
  std::string fraction = point == std::string::npos ? "" : digits.substr(point + 1);
  while (fraction.size() < 2) fraction += '0';
  std::string grouped;
  for (size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped += ',';
    grouped += whole[i];
  }
  return absl::StrCat(negative ? "-" : "", grouped, ".", fraction);
}

std::string ReportHtml(const Report& report, const std::string& svg) {
  std::string html = absl::StrCat(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>",
      HtmlEscape(report.title), "</title>\n<style>", kStyle, "</style>\n</head>\n<body>\n<h1>",
      HtmlEscape(report.title), "</h1>\n<section id=\"header\">\n<dl class=\"facts\">\n");
  for (const auto& [fact, value] : report.header) {
    absl::StrAppend(&html, "<dt>", HtmlEscape(fact), "</dt><dd>", HtmlEscape(value), "</dd>\n");
  }
  absl::StrAppend(&html, "</dl>\n</section>\n<section id=\"structure\">\n<h2>Group</h2>\n");
  const std::string inline_svg = InlineSvg(svg);
  absl::StrAppend(&html, inline_svg.empty() ? "<p>no picture</p>" : inline_svg, "\n</section>\n");
  for (const ReportSection& section : report.sections) absl::StrAppend(&html, SectionHtml(section));
  return absl::StrCat(html, "</body>\n</html>\n");
}

}  // namespace interco::cli
