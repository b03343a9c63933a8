// End to end: the `interco` tool's pictures and reports on the example group against the
// real server: the group drawn by Graphviz, the HTML report opened in headless Chromium,
// workbooks read back by openpyxl.
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/server_process.h"

namespace interco::testing {
namespace {

class CliReportsE2eTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto server =
        ServerProcess::Start({"--listen=127.0.0.1:0", "--data_dir=" + FreshTempDir("cli_reports")});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = server->release();
    ASSERT_EQ(Interco({"load", Runfile("examples/group.yaml")}).code, 0);
    ASSERT_EQ(Interco({"post", Runfile("examples/june.csv")}).code, 1) << "one bad row";
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static ServerProcess::Output Interco(std::vector<std::string> args) {
    args.insert(args.begin(), "--server=" + server_->address());
    return ServerProcess::RunProgram(Runfile("services/cli/interco"), args);
  }
  // A shell command line with `interco` meaning the tool against the test's server.
  static ServerProcess::Output Shell(const std::string& script) {
    return ServerProcess::RunProgram(
        "/bin/bash",
        {"-c", absl::StrCat("interco() { '", Runfile("services/cli/interco"), "' --server='",
                            server_->address(), "' \"$@\"; }\n", script)});
  }
  static ServerProcess* server_;
};

ServerProcess* CliReportsE2eTest::server_ = nullptr;

TEST_F(CliReportsE2eTest, StructureSvgDrawsEveryEntityWithItsMethodAndTheParentOnTop) {
  ServerProcess::Output svg = Interco({"structure", "--date", "2024-06-30", "--format", "svg"});
  ASSERT_EQ(svg.code, 0) << svg.stderr_text;
  EXPECT_NE(svg.stdout_text.find("<svg"), std::string::npos);
  for (const char* text : {">ultimate parent<", ">FULL, 48%<", ">EQUITY, 30%<", ">Gamma KK<"}) {
    EXPECT_NE(svg.stdout_text.find(text), std::string::npos) << text;
  }
  // Graphviz ranks holders above what they hold: P's box is higher (smaller y) than C's.
  const size_t p_title = svg.stdout_text.find("<title>P</title>");
  const size_t c_title = svg.stdout_text.find("<title>C</title>");
  ASSERT_NE(p_title, std::string::npos);
  ASSERT_NE(c_title, std::string::npos);
  auto first_y = [&](size_t from) {
    const size_t y = svg.stdout_text.find(" y=\"", from);
    return std::atof(svg.stdout_text.c_str() + y + 4);
  };
  EXPECT_LT(first_y(p_title), first_y(c_title));
}

TEST_F(CliReportsE2eTest, StructurePngIsTheGroupDrawnByGraphvizAsPngBytes) {
  ServerProcess::Output png = Interco({"structure", "--date", "2024-06-30", "--format", "png"});
  ASSERT_EQ(png.code, 0) << png.stderr_text;
  EXPECT_EQ(png.stdout_text.substr(0, 8), "\x89PNG\r\n\x1a\n");
  EXPECT_GT(png.stdout_text.size(), 5000u) << "six boxes with labels, not an empty image";
}

TEST_F(CliReportsE2eTest, StructureWithAnUnknownFormatExits2) {
  ServerProcess::Output pdf = Interco({"structure", "--format", "pdf"});
  EXPECT_EQ(pdf.code, 2);
  EXPECT_NE(pdf.stderr_text.find("--format: pdf not in {tree,dot,svg,png}"), std::string::npos)
      << pdf.stderr_text;
}

TEST_F(CliReportsE2eTest, StructureSvgWithoutGraphvizExits3NamingThePackage) {
  ServerProcess::Output svg =
      Shell("PATH=/nonexistent interco structure --date 2024-06-30 --format svg");
  EXPECT_EQ(svg.code, 3);
  EXPECT_NE(svg.stderr_text.find("install Debian's graphviz"), std::string::npos)
      << svg.stderr_text;
  EXPECT_EQ(svg.stdout_text, "");
}

// Every section the report promises, as the ids of its <section> elements.
constexpr const char* kReportSections[] = {
    "header", "structure", "scope",      "balances",         "eliminations", "elimination_matrix",
    "nci",    "cta",       "mismatches", "mismatch_heat_map"};

// Headless Chromium (Debian's chromium) on `url` with `mode` (--dump-dom or
// --screenshot=FILE); console messages, if any, go to stderr as "CONSOLE" lines.
ServerProcess::Output Chromium(const std::string& mode, const std::string& url) {
  const std::string profile = FreshTempDir("chromium_profile");
  return ServerProcess::RunProgram(
      "/usr/bin/chromium",
      {"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
       "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0",
       // Anything the page tried to fetch would fail, and show as a console error.
       "--proxy-server=127.0.0.1:9", "--window-size=1200,2400", mode, url},
      absl::Seconds(90));
}

TEST_F(CliReportsE2eTest, HtmlReportOpensInChromiumWithEverySectionAndNoConsoleError) {
  const std::string dir = FreshTempDir("report_html");
  const std::string html = dir + "/report.html";
  ServerProcess::Output wrote =
      Interco({"report", "--parent", "P", "--period", "2024-06", "--out", html});
  ASSERT_EQ(wrote.code, 0) << wrote.stderr_text;
  EXPECT_EQ(wrote.stdout_text,
            "wrote the report of P for 2024-06 as of ledger sequence 7 to " + html + "\n");

  ServerProcess::Output dom = Chromium("--dump-dom", "file://" + html);
  ASSERT_EQ(dom.code, 0) << dom.stderr_text;
  for (const char* section : kReportSections) {
    EXPECT_NE(dom.stdout_text.find(absl::StrCat("<section id=\"", section, "\">")),
              std::string::npos)
        << section;
  }
  for (const char* text : {"<svg", ">EQUITY, 30%<", "<dd>517d6bccf45bbf18", "-1,322.76",
                           "<tr class=\"total\"><td>total (debit positive)</td>"}) {
    EXPECT_NE(dom.stdout_text.find(text), std::string::npos) << text;
  }
  EXPECT_EQ(dom.stderr_text.find("CONSOLE"), std::string::npos) << dom.stderr_text;
  // No group chart is loaded here: the elimination matrix says it cannot classify the
  // ledger's accounts rather than guessing from their numbers.
  for (const char* text : {"<th>not in the chart</th>",
                           "<p class=\"note\">The group chart classifies no account 1310 IC "
                           "receivable, 1400 inventory, "}) {
    EXPECT_NE(dom.stdout_text.find(text), std::string::npos) << text;
  }
  EXPECT_EQ(dom.stdout_text.find("<th>receivable/payable</th>"), std::string::npos);

  const std::string png = dir + "/report.png";
  ServerProcess::Output shot = Chromium("--screenshot=" + png, "file://" + html);
  ASSERT_EQ(shot.code, 0) << shot.stderr_text;
  EXPECT_EQ(shot.stderr_text.find("CONSOLE"), std::string::npos) << shot.stderr_text;
  const std::string image = ReadText(png);
  EXPECT_EQ(image.substr(0, 8), "\x89PNG\r\n\x1a\n");
  EXPECT_GT(image.size(), 20000u) << "a blank page compresses to far less";
}

// The mismatch heat map's rows as Chromium paints them, one "text=background|..." line per
// row, from getComputedStyle in a copy of `html` with a script added (the report has none).
std::vector<std::string> PaintedHeatMap(const std::string& html) {
  std::string page = ReadText(html);
  const size_t end = page.rfind("</body>");
  if (end == std::string::npos) return {};
  page.insert(end, R"(<script>
const lines = [];
for (const row of document.querySelectorAll('#mismatch_heat_map tbody tr')) {
  lines.push([...row.cells].map(c => c.textContent + '=' + getComputedStyle(c).backgroundColor)
                 .join('|'));
}
const painted = document.createElement('pre');
painted.id = 'painted';
painted.textContent = lines.join('\n');
document.body.appendChild(painted);
</script>
)");
  const std::string probe = html + ".painted.html";
  std::ofstream(probe) << page;
  const ServerProcess::Output dom = Chromium("--dump-dom", "file://" + probe);
  EXPECT_EQ(dom.code, 0) << dom.stderr_text;
  const size_t start = dom.stdout_text.find("<pre id=\"painted\">");
  const size_t stop = dom.stdout_text.find("</pre>", start);
  if (start == std::string::npos || stop == std::string::npos) return {};
  std::vector<std::string> rows;
  std::istringstream text(dom.stdout_text.substr(start + 18, stop - start - 18));
  for (std::string row; std::getline(text, row);) rows.push_back(row);
  return rows;
}

TEST_F(CliReportsE2eTest, HeatMapShadesAPairByItsGrossDifferenceInChromium) {
  const std::string html = FreshTempDir("report_heat") + "/report.html";
  ASSERT_EQ(Interco({"report", "--parent", "P", "--period", "2024-06", "--out", html}).code, 0);
  // mismatches lists A-B FX as 50.88 (income/expense) and -50.88 (receivable/payable): a
  // signed sum would show 0.00, unshaded. A-C's 146.38 twice is the largest, fully shaded.
  const std::vector<std::string> rows = PaintedHeatMap(html);
  const std::vector<std::string> expected = {
      "A=rgba(0, 0, 0, 0)|B=rgba(0, 0, 0, 0)|101.76=rgba(214, 69, 65, 0.29)",
      "A=rgba(0, 0, 0, 0)|C=rgba(0, 0, 0, 0)|292.76=rgba(214, 69, 65, 0.85)",
      "B=rgba(0, 0, 0, 0)|C=rgba(0, 0, 0, 0)|164.88=rgba(214, 69, 65, 0.47)"};
  EXPECT_EQ(rows, expected);
}

TEST_F(CliReportsE2eTest, ReportArgumentErrorsExit2InTheToolsWords) {
  ServerProcess::Output period = Interco(
      {"report", "--parent", "P", "--period", "2024-6", "--out", FreshTempDir("r") + "/r.html"});
  EXPECT_EQ(period.code, 2);
  EXPECT_NE(period.stderr_text.find("--period"), std::string::npos) << period.stderr_text;
  ServerProcess::Output no_out = Interco({"report", "--parent", "P", "--period", "2024-06"});
  EXPECT_EQ(no_out.code, 2);
  EXPECT_NE(no_out.stderr_text.find("--out is required"), std::string::npos) << no_out.stderr_text;
  for (const char* format : {"html", "xlsx"}) {
    ServerProcess::Output unwritable =
        Interco({"report", "--parent", "P", "--period", "2024-06", "--format", format, "--out",
                 "/nonexistent/dir/report"});
    EXPECT_EQ(unwritable.code, 2) << format;
    EXPECT_NE(unwritable.stderr_text.find("--out: cannot write /nonexistent/dir/report"),
              std::string::npos)
        << unwritable.stderr_text;
  }
  ServerProcess::Output xlsx_without_out =
      Interco({"consolidate", "--parent", "P", "--period", "2024-06", "--format", "xlsx"});
  EXPECT_EQ(xlsx_without_out.code, 2);
  EXPECT_EQ(xlsx_without_out.stderr_text,
            "interco: --out: required with --format xlsx (the workbook to write)\n");
}

// The workbook's cells as openpyxl reads them (tests/xlsx_dump.py).
std::string DumpWorkbook(const std::string& path) {
  ServerProcess::Output dump =
      ServerProcess::RunProgram("/usr/bin/python3", {Runfile("tests/xlsx_dump.py"), path});
  EXPECT_EQ(dump.code, 0) << dump.stderr_text;
  return dump.stdout_text;
}

TEST_F(CliReportsE2eTest, WorkbooksHaveAHeaderSheetAndOneSheetPerSectionWithRealNumbers) {
  const std::string dir = FreshTempDir("workbooks");
  ServerProcess::Output consolidate =
      Interco({"consolidate", "--parent", "P", "--period", "2024-06", "--format", "xlsx", "--out",
               dir + "/consolidation.xlsx"});
  ASSERT_EQ(consolidate.code, 0) << consolidate.stderr_text;
  const std::string workbook = DumpWorkbook(dir + "/consolidation.xlsx");
  for (const char* line : {
           "sheets\theader,scope,balances,eliminations,elimination_matrix,nci,cta\n",
           "header!B5\ts\tGeneral\t'7'\n",
           "header!B7\ts\tGeneral\t'12'\n",
           "balances!C2\tn\t#,##0.00\t420.08\n",
           "balances!A9\ts\tGeneral\t'total (debit positive)'\n",
           "scope!C3\tn\t0.00%\t0.8\n",
           "nci!C3\tn\t#,##0.00\t-4099.85\n",
       }) {
    EXPECT_NE(workbook.find(line), std::string::npos) << line << workbook;
  }

  ServerProcess::Output mismatches =
      Interco({"mismatches", "--parent", "P", "--period", "2024-06", "--format", "xlsx", "--out",
               dir + "/mismatches.xlsx"});
  ASSERT_EQ(mismatches.code, 0) << mismatches.stderr_text;
  const std::string mismatch_book = DumpWorkbook(dir + "/mismatches.xlsx");
  EXPECT_NE(mismatch_book.find("sheets\theader,mismatches,mismatch_heat_map\n"), std::string::npos)
      << mismatch_book;
  EXPECT_NE(mismatch_book.find("mismatch_heat_map!C1\ts\tGeneral\t'FX'\n"), std::string::npos)
      << mismatch_book;

  ServerProcess::Output report = Interco({"report", "--parent", "P", "--period", "2024-06",
                                          "--format", "xlsx", "--out", dir + "/report.xlsx"});
  ASSERT_EQ(report.code, 0) << report.stderr_text;
  EXPECT_NE(DumpWorkbook(dir + "/report.xlsx")
                .find("sheets\theader,scope,balances,eliminations,elimination_matrix,nci,cta,"
                      "mismatches,mismatch_heat_map\n"),
            std::string::npos);
}

// What a spreadsheet program needs to work with a table: a filter on the column names,
// totals it recomputes (with the exact total cached for readers that do not), and account
// numbers apart from their names, so that a column sorts and filters by number.
TEST_F(CliReportsE2eTest, WorkbookTablesHaveAutofiltersSumFormulasAndSplitAccounts) {
  const std::string path = FreshTempDir("workbook_tables") + "/report.xlsx";
  ServerProcess::Output report =
      Interco({"report", "--parent", "P", "--period", "2024-06", "--out", path});
  ASSERT_EQ(report.code, 0) << report.stderr_text;
  const std::string workbook = DumpWorkbook(path);
  for (const char* line : {
           "autofilter\tbalances\tA1:C8\n",
           "autofilter\teliminations\tA1:G19\n",
           "autofilter\tmismatches\tA1:K7\n",
           "balances!A1\ts\tGeneral\t'account number'\n",
           "balances!B1\ts\tGeneral\t'account name'\n",
           "balances!A2\ts\tGeneral\t'1200'\n",
           "balances!B2\ts\tGeneral\t'trade receivable'\n",
           "balances!C9\tf\t#,##0.00\t'=SUM(C2:C8)'\tcached 0\n",
           "eliminations!F20\tf\t#,##0.00\t'=SUM(F2:F19)'\tcached 0\n",
       }) {
    EXPECT_NE(workbook.find(line), std::string::npos) << line << workbook;
  }
  EXPECT_EQ(workbook.find("autofilter\theader\t"), std::string::npos) << "facts, not a table";
}

// The title says whose group it is in words, and the header when the figures were read;
// INTERCO_GENERATED_AT stands in for the clock so that the test knows the time.
TEST_F(CliReportsE2eTest, ReportTitleNamesTheParentAndTheHeaderTheGenerationTime) {
  const std::string dir = FreshTempDir("report_title");
  for (const char* name : {"report.html", "report.xlsx"}) {
    ServerProcess::Output wrote = Shell(absl::StrCat(
        "INTERCO_GENERATED_AT=2024-07-01T08:30:00Z interco report --parent P --period 2024-06 "
        "--out '", dir, "/", name, "'"));
    ASSERT_EQ(wrote.code, 0) << name << ": " << wrote.stderr_text;
  }
  const std::string html = ReadText(dir + "/report.html");
  for (const char* text : {"<h1>Consolidation of Parent AG (P) for 2024-06</h1>",
                           "<dt>parent name</dt><dd>Parent AG</dd>",
                           "<dt>generated (UTC)</dt><dd>2024-07-01T08:30:00Z</dd>"}) {
    EXPECT_NE(html.find(text), std::string::npos) << text;
  }
  const std::string workbook = DumpWorkbook(dir + "/report.xlsx");
  for (const char* line : {"header!B1\ts\tGeneral\t'Consolidation of Parent AG (P) for 2024-06'\n",
                           "\ts\tGeneral\t'parent name'\n", "\ts\tGeneral\t'Parent AG'\n",
                           "\ts\tGeneral\t'generated (UTC)'\n",
                           "\ts\tGeneral\t'2024-07-01T08:30:00Z'\n"}) {
    EXPECT_NE(workbook.find(line), std::string::npos) << line << workbook;
  }
  ServerProcess::Output bad_time = Shell(absl::StrCat(
      "INTERCO_GENERATED_AT=yesterday interco report --parent P --period 2024-06 --out '", dir,
      "/bad.html'"));
  EXPECT_EQ(bad_time.code, 2);
  EXPECT_NE(bad_time.stderr_text.find("INTERCO_GENERATED_AT"), std::string::npos)
      << bad_time.stderr_text;
}

TEST_F(CliReportsE2eTest, ReportWithoutFormatIsWrittenAsItsExtensionSays) {
  const std::string dir = FreshTempDir("report_extension");
  ServerProcess::Output workbook =
      Interco({"report", "--parent", "P", "--period", "2024-06", "--out", dir + "/month.xlsx"});
  ASSERT_EQ(workbook.code, 0) << workbook.stderr_text;
  EXPECT_EQ(ReadText(dir + "/month.xlsx").substr(0, 2), "PK") << "a workbook is a zip file";
  EXPECT_NE(DumpWorkbook(dir + "/month.xlsx").find("sheets\theader,scope,balances,"),
            std::string::npos);
  ServerProcess::Output page =
      Interco({"report", "--parent", "P", "--period", "2024-06", "--out", dir + "/month.HTM"});
  ASSERT_EQ(page.code, 0) << page.stderr_text;
  EXPECT_EQ(ReadText(dir + "/month.HTM").rfind("<!DOCTYPE html>", 0), 0u);
}

TEST_F(CliReportsE2eTest, DrillGoesFromABalanceToItsLedgerLinesAndEliminations) {
  ServerProcess::Output suspense = Interco(
      {"drill", "--parent", "P", "--period", "2024-06", "--account", "1999 intercompany suspense"});
  ASSERT_EQ(suspense.code, 0) << suspense.stderr_text;
  EXPECT_EQ(suspense.stdout_text.rfind("1999 intercompany suspense in P's consolidation for "
                                       "2024-06 in EUR, as of ledger sequence 7: 164.88\n",
                                       0),
            0u)
      << suspense.stdout_text;
  EXPECT_NE(suspense.stdout_text.find("0 lines, 6 eliminations\n"), std::string::npos)
      << suspense.stdout_text;
  ServerProcess::Output csv = Interco({"drill", "--parent", "P", "--period", "2024-06", "--account",
                                       "1200 trade receivable", "--format", "csv"});
  ASSERT_EQ(csv.code, 0) << csv.stderr_text;
  EXPECT_NE(csv.stdout_text.find("6,2024-06-28,INV-2024-0106,B,retail-customer-77,debit,449.7,"
                                 "USD,449.7 USD\r\n"),
            std::string::npos)
      << csv.stdout_text;
}

TEST_F(CliReportsE2eTest, DrillTakesTheAccountNumberAlone) {
  ServerProcess::Output number =
      Interco({"drill", "--parent", "P", "--period", "2024-06", "--account", "1200"});
  ASSERT_EQ(number.code, 0) << number.stderr_text;
  EXPECT_EQ(number.stdout_text.rfind("1200 trade receivable in P's consolidation for 2024-06", 0),
            0u)
      << number.stdout_text;
  EXPECT_EQ(number.stdout_text, Interco({"drill", "--parent", "P", "--period", "2024-06",
                                         "--account", "1200 trade receivable"})
                                    .stdout_text);
}

TEST_F(CliReportsE2eTest, DrillIntoAnAccountWithNothingOnItExits2NamingAccount) {
  ServerProcess::Output typo = Interco(
      {"drill", "--parent", "P", "--period", "2024-06", "--account", "1200 trade receivabel"});
  EXPECT_EQ(typo.code, 2);
  EXPECT_EQ(typo.stderr_text,
            "interco: --account: no balance, entry or elimination on \"1200 trade receivabel\" "
            "in P's consolidation for 2024-06\n");
  EXPECT_EQ(Interco({"drill", "--parent", "P", "--period", "2024-06"}).code, 2)
      << "--account is required";
  EXPECT_EQ(Interco({"drill", "--parent", "P", "--period", "2024-6", "--account", "x"}).code, 2)
      << "the server's INVALID_ARGUMENT";
}

// The "# fact=value" lines an export starts with.
std::map<std::string, std::string> HeaderFacts(const std::string& csv) {
  std::map<std::string, std::string> facts;
  std::istringstream lines(csv);
  for (std::string line; std::getline(lines, line) && line.rfind("# ", 0) == 0;) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const size_t equals = line.find('=');
    if (equals != std::string::npos) facts[line.substr(2, equals - 2)] = line.substr(equals + 1);
  }
  return facts;
}

TEST_F(CliReportsE2eTest, FourCsvExportsWithHeadersNameOneLedgerHead) {
  const std::vector<std::vector<std::string>> exports = {
      {"consolidate", "--parent", "P", "--period", "2024-06", "--format", "csv", "--section",
       "balances", "--with-header"},
      {"consolidate", "--parent", "P", "--period", "2024-06", "--format", "csv", "--section",
       "eliminations", "--with-header", "--as-of", "7"},
      {"mismatches", "--parent", "P", "--period", "2024-06", "--format", "csv", "--with-header"},
      {"entries", "--entity", "A", "--period", "2024-06", "--format", "csv", "--with-header"}};
  const std::string head = Interco({"head"}).stdout_text;
  for (const std::vector<std::string>& args : exports) {
    ServerProcess::Output csv = Interco(args);
    ASSERT_EQ(csv.code, 0) << args[0] << ": " << csv.stderr_text;
    const std::map<std::string, std::string> facts = HeaderFacts(csv.stdout_text);
    EXPECT_EQ(facts.at("ledger_sequence"), "7") << csv.stdout_text;
    ASSERT_EQ(facts.count("ledger_hash"), 1u) << csv.stdout_text;
    EXPECT_NE(head.find("hash " + facts.at("ledger_hash") + ","), std::string::npos)
        << head << csv.stdout_text;
    if (args[0] != "mismatches") {
      EXPECT_EQ(facts.at("structure_version"), "12");
    }
  }
  ServerProcess::Output plain =
      Interco({"consolidate", "--parent", "P", "--period", "2024-06", "--format", "csv"});
  EXPECT_EQ(plain.stdout_text.rfind("account,amount\r\n", 0), 0u)
      << "no header unless asked: " << plain.stdout_text;
}

}  // namespace
}  // namespace interco::testing
