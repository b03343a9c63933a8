#include "services/cli/report_html.h"

#include "gtest/gtest.h"

namespace interco::cli {
namespace {

TEST(FormatAmountTest, GroupsThousandsAndKeepsEveryDigit) {
  EXPECT_EQ(FormatAmount("-1322.7"), "-1,322.70");
  EXPECT_EQ(FormatAmount("2720"), "2,720.00");
  EXPECT_EQ(FormatAmount("1234567.123"), "1,234,567.123");
  EXPECT_EQ(FormatAmount("0.5"), "0.50");
  EXPECT_EQ(FormatAmount("overflow"), "overflow");
}

TEST(ReportHtmlTest, IsOnePageWithEverySectionAndNothingFetched) {
  Report report;
  report.title = "Consolidation of P <&> for 2024-06";
  report.header = {{"parent", "P"}, {"ledger hash", "abc"}};
  ReportSection balances{"balances", "Consolidated trial balance", {"account", "amount"}};
  balances.rows = {{ReportCell::Text("4000 revenue"), ReportCell::Amount("-1322.76")},
                   {ReportCell::Text("total"), ReportCell::Amount("-1322.76")}};
  balances.last_row_is_total = true;
  ReportSection heat{"mismatch_heat_map", "Mismatch heat map", {"entity", "FX"}};
  heat.rows = {{ReportCell::Text("A"), ReportCell::Amount("10")},
               {ReportCell::Text("B"), ReportCell::Amount("-5")}};
  heat.heat_map = true;
  report.sections = {balances, heat};
  const std::string html =
      ReportHtml(report, "<?xml version=\"1.0\"?>\n<!DOCTYPE svg>\n<svg><text>P</text></svg>\n");
  EXPECT_EQ(html.find("<?xml"), std::string::npos);
  EXPECT_NE(html.find("<section id=\"structure\">\n<h2>Group</h2>\n<svg>"), std::string::npos);
  EXPECT_NE(html.find("Consolidation of P &lt;&amp;&gt; for 2024-06"), std::string::npos);
  EXPECT_NE(html.find("<section id=\"header\">"), std::string::npos);
  EXPECT_NE(html.find("<section id=\"balances\">"), std::string::npos);
  EXPECT_NE(html.find("<tr class=\"total\"><td>total</td><td class=\"amount\">-1,322.76</td>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("rgba(214, 69, 65, 85%)\">10.00"), std::string::npos) << html;
  EXPECT_NE(html.find("rgba(214, 69, 65, 42%)\">-5.00"), std::string::npos) << html;
  for (const char* fetching : {"src=", "href=", "<script", "@import", "url("}) {
    EXPECT_EQ(html.find(fetching), std::string::npos) << fetching;
  }
}

// Shares are percentages wherever the report shows them: the group picture says "48%", the
// workbook's cells "48.00%", and the tables said "0.48".
TEST(ReportHtmlTest, SharesArePercentagesAsInThePictureAndTheWorkbook) {
  Report report;
  ReportSection scope{"scope", "Scope", {"entity", "effective share"}};
  scope.rows = {{ReportCell::Text("C"), ReportCell::Share("0.48")},
                {ReportCell::Text("D"), ReportCell::Share("0.333333333333")}};
  report.sections = {scope};
  const std::string html = ReportHtml(report, "<svg></svg>\n");
  EXPECT_NE(html.find("<td class=\"amount\">48%</td>"), std::string::npos) << html;
  EXPECT_NE(html.find("<td class=\"amount\">33.3333333333%</td>"), std::string::npos) << html;
}

TEST(ReportHtmlTest, ASectionWithoutRowsSaysNone) {
  Report report;
  report.sections = {ReportSection{"nci", "Non-controlling interests", {"entity"}}};
  EXPECT_NE(ReportHtml(report, "").find("<h2>Non-controlling interests</h2>\n<p>none</p>"),
            std::string::npos);
}

}  // namespace
}  // namespace interco::cli
