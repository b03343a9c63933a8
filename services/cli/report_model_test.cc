#include "services/cli/report_model.h"

#include "gtest/gtest.h"

namespace interco::cli {
namespace {

google::type::Money Eur(int64_t units, int32_t nanos = 0) {
  google::type::Money money;
  money.set_currency_code("EUR");
  money.set_units(units);
  money.set_nanos(nanos);
  return money;
}

ConsolidationFacts TwoChunks() {
  ConsolidationFacts facts;
  facts.parent = "P";
  facts.period = "2024-06";
  facts.currency = "EUR";
  v1::ConsolidationChunk first;
  first.set_as_of_sequence(7);
  first.set_chain_hash("abc");
  first.set_structure_version(12);
  first.set_pricing_version(14);
  auto* balance = first.add_balances();
  balance->set_account("1200 trade receivable");
  *balance->mutable_amount() = Eur(420, 80000000);
  auto* elimination = first.add_eliminations();
  elimination->set_entity_id("A");
  elimination->set_counterparty_id("B");
  elimination->set_account("1310 IC receivable");
  *elimination->mutable_amount() = Eur(-100);
  v1::ConsolidationChunk second;
  balance = second.add_balances();
  balance->set_account("4000 revenue");
  *balance->mutable_amount() = Eur(-1322, -760000000);
  elimination = second.add_eliminations();
  elimination->set_entity_id("A");
  elimination->set_counterparty_id("B");
  elimination->set_account("4010 IC revenue goods");
  *elimination->mutable_amount() = Eur(60);
  elimination = second.add_eliminations();
  elimination->set_entity_id("A");
  elimination->set_counterparty_id("B");
  elimination->set_account("4020 IC revenue services");
  *elimination->mutable_amount() = Eur(40);
  facts.head = first;
  facts.chunks = {first, second};
  return facts;
}

TEST(ConsolidationHeaderTest, NamesTheLedgerHeadAndVersions) {
  const auto header = ConsolidationHeader(TwoChunks());
  ASSERT_EQ(header.size(), 7u);
  EXPECT_EQ(header[3], (std::pair<std::string, std::string>{"ledger sequence", "7"}));
  EXPECT_EQ(header[4].second, "abc");
  EXPECT_EQ(header[5].second, "12");
  EXPECT_EQ(header[6].second, "14");
}

TEST(ConsolidationSectionsTest, BalancesFromEveryChunkEndInAnExactTotal) {
  Report report;
  report.sections = ConsolidationSections(TwoChunks(), ReportChart());
  const ReportSection* balances = report.Section("balances");
  ASSERT_NE(balances, nullptr);
  ASSERT_EQ(balances->rows.size(), 3u);
  EXPECT_TRUE(balances->last_row_is_total);
  EXPECT_EQ(balances->rows[2][1].text, "-902.68");
  EXPECT_EQ(balances->rows[2][1].kind, ReportCell::Kind::kAmount);
}

v1::GroupAccount ChartAccount(const std::string& id, const std::string& name,
                              v1::EliminationFamily family) {
  v1::GroupAccount account;
  account.set_account_id(id);
  account.set_name(name);
  account.set_elimination_family(family);
  return account;
}

// A's ledger accounts mapped onto the group chart, as examples/chart_mappings.csv maps them.
ReportChart ExampleChart() {
  ReportChart chart;
  chart.AddAccount(
      ChartAccount("1200", "Intercompany receivables", v1::ELIMINATION_FAMILY_RECEIVABLE_PAYABLE));
  chart.AddAccount(
      ChartAccount("4100", "Intercompany revenue", v1::ELIMINATION_FAMILY_REVENUE_COST));
  chart.AddMapping("A", "2019-01-01", "1310 IC receivable", "1200");
  chart.AddMapping("A", "2019-01-01", "4010 IC revenue goods", "4100");
  return chart;
}

TEST(ConsolidationSectionsTest, TheEliminationMatrixSumsEachPairByTheChartsFamily) {
  Report report;
  report.sections = ConsolidationSections(TwoChunks(), ExampleChart());
  const ReportSection* matrix = report.Section("elimination_matrix");
  ASSERT_NE(matrix, nullptr);
  EXPECT_EQ(matrix->columns, (std::vector<std::string>{"entity", "counterparty", "income/expense",
                                                       "not in the chart", "receivable/payable"}));
  ASSERT_EQ(matrix->rows.size(), 1u);
  EXPECT_EQ(matrix->rows[0][2].text, "60");
  EXPECT_EQ(matrix->rows[0][3].text, "40") << "4020 is not mapped for A: not guessed from its 4";
  EXPECT_EQ(matrix->rows[0][4].text, "-100");
  EXPECT_TRUE(matrix->heat_map);
  EXPECT_NE(matrix->note.find("classifies no account 4020 IC revenue services "), std::string::npos)
      << matrix->note;
}

TEST(ConsolidationSectionsTest, WithoutAChartNothingIsGuessed) {
  const ReportSection matrix = EliminationMatrix(TwoChunks(), ReportChart());
  EXPECT_EQ(matrix.columns,
            (std::vector<std::string>{"entity", "counterparty", "not in the chart"}));
  EXPECT_NE(matrix.note.find("1310 IC receivable, 4010 IC revenue goods, 4020 IC revenue services"),
            std::string::npos)
      << matrix.note;
}

TEST(ReportChartTest, TheLatestMappingInEffectWins) {
  ReportChart chart = ExampleChart();
  chart.AddAccount(
      ChartAccount("2200", "Intercompany payables", v1::ELIMINATION_FAMILY_RECEIVABLE_PAYABLE));
  chart.AddMapping("A", "2024-01-01", "1310 IC receivable", "2200");
  chart.AddMapping("A", "2020-01-01", "1310 IC receivable", "4100");
  ASSERT_NE(chart.Find("A", "1310 IC receivable"), nullptr);
  EXPECT_EQ(chart.Find("A", "1310 IC receivable")->account_id(), "2200");
  EXPECT_EQ(chart.Find("B", "1310 IC receivable"), nullptr) << "B has no mapping";
  EXPECT_EQ(chart.Find("B", "1200")->account_id(), "1200") << "a chart account is its own";
}

TEST(ReportChartTest, CaptionsAreTheChartsNames) {
  const ReportChart chart = ExampleChart();
  EXPECT_EQ(chart.Caption("1200"), "1200 Intercompany receivables");
  EXPECT_EQ(chart.Caption("1200 trade receivable"), "1200 trade receivable");

  std::vector<ReportSection> sections = {ReportSection("balances", "", {"account", "amount"})};
  sections[0].rows = {{ReportCell::Text("1200"), ReportCell::Amount("5")}};
  CaptionAccounts(chart, &sections);
  EXPECT_EQ(sections[0].rows[0][0].text, "1200 Intercompany receivables");
}

TEST(MismatchHeatMapTest, PairsByTypeWithEmptyCellsWhereNothingDiffers) {
  v1::GetMismatchesResponse mismatches;
  for (auto [entity, type, units] :
       {std::tuple{"A", v1::MISMATCH_TYPE_FX, 5}, std::tuple{"A", v1::MISMATCH_TYPE_FX, 2},
        std::tuple{"B", v1::MISMATCH_TYPE_TIMING, 9}}) {
    v1::Mismatch* m = mismatches.add_mismatches();
    m->set_entity_id(entity);
    m->set_counterparty_id("C");
    m->set_type(type);
    *m->mutable_difference() = Eur(units);
  }
  const ReportSection map = MismatchHeatMap(mismatches);
  EXPECT_EQ(map.columns, (std::vector<std::string>{"entity", "counterparty", "FX", "TIMING"}));
  ASSERT_EQ(map.rows.size(), 2u);
  EXPECT_EQ(map.rows[0][2].text, "7");
  EXPECT_EQ(map.rows[0][3].kind, ReportCell::Kind::kText);
  EXPECT_EQ(map.rows[1][3].text, "9");
  EXPECT_EQ(MismatchSection(mismatches).rows.size(), 3u);
}

TEST(MismatchHeatMapTest, OppositeDifferencesOfAPairAddUpGrossNotToZero) {
  v1::GetMismatchesResponse mismatches;
  for (auto [family, units, nanos] :
       {std::tuple{v1::ACCOUNT_FAMILY_RECEIVABLE_PAYABLE, 50, 600000000},
        std::tuple{v1::ACCOUNT_FAMILY_INCOME_EXPENSE, -50, -600000000}}) {
    v1::Mismatch* m = mismatches.add_mismatches();
    m->set_entity_id("A");
    m->set_counterparty_id("B");
    m->set_account_family(family);
    m->set_type(v1::MISMATCH_TYPE_FX);
    *m->mutable_difference() = Eur(units, nanos);
  }
  const ReportSection map = MismatchHeatMap(mismatches);
  ASSERT_EQ(map.rows.size(), 1u);
  EXPECT_EQ(map.rows[0][2].text, "101.2");
  EXPECT_EQ(map.rows[0][2].kind, ReportCell::Kind::kAmount);
}

TEST(CsvHeaderLinesTest, OneCommentLinePerFactWithUnderscoresAndNoControlCharacters) {
  EXPECT_EQ(CsvHeaderLines({{"ledger sequence", "7"}, {"ledger hash", "ab\ncd"}}),
            "# ledger_sequence=7\r\n# ledger_hash=abcd\r\n");
  EXPECT_EQ(CsvHeaderLines({}), "");
}

}  // namespace
}  // namespace interco::cli
