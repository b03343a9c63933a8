#include "services/cli/report_model.h"

#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/cli/wire.h"
#include "services/common/decimal.h"

namespace interco::cli {
namespace {

// Exact sums of decimal text. The server's amounts are at most 9 decimal places and far
// inside Decimal's range; a sum that would leave it is shown as "overflow", never wrapped.
class Sum {
 public:
  void Add(const std::string& text) {
    absl::StatusOr<Decimal> value = Decimal::Parse(text);
    const std::optional<Decimal> sum =
        value.ok() && total_.has_value() ? Decimal::Add(*total_, *value) : std::nullopt;
    total_ = sum;
  }
  std::string Text() const { return total_.has_value() ? total_->ToString() : "overflow"; }

 private:
  std::optional<Decimal> total_ = Decimal();
};

// Pair by column, each cell the sum of its amounts; pairs and columns sorted.
struct Pivot {
  std::map<std::pair<std::string, std::string>, std::map<std::string, Sum>> cells;
  std::set<std::string> columns;

  void Add(const std::string& entity, const std::string& counterparty, const std::string& column,
           const std::string& amount) {
    cells[{entity, counterparty}][column].Add(amount);
    columns.insert(column);
  }

  ReportSection Section(std::string id, std::string title) const {
    ReportSection section{std::move(id), std::move(title), {"entity", "counterparty"}};
    section.columns.insert(section.columns.end(), columns.begin(), columns.end());
    for (const auto& [pair, row_cells] : cells) {
      std::vector<ReportCell> row = {ReportCell::Text(pair.first), ReportCell::Text(pair.second)};
      for (const std::string& column : columns) {
        const auto it = row_cells.find(column);
        row.push_back(it == row_cells.end() ? ReportCell::Text("")
                                            : ReportCell::Amount(it->second.Text()));
      }
      section.rows.push_back(std::move(row));
    }
    return section;
  }
};

ReportSection ScopeSection(const ConsolidationFacts& facts) {
  ReportSection section{"scope", "Scope", {"entity", "method", "effective share"}};
  for (const v1::ConsolidationChunk& chunk : facts.chunks) {
    for (const v1::ScopeEntry& s : chunk.scope()) {
      section.rows.push_back({ReportCell::Text(s.entity_id()),
                              ReportCell::Text(Unprefixed(v1::ConsolidationMethod_Name(s.method()),
                                                          "CONSOLIDATION_METHOD_")),
                              ReportCell::Share(s.effective_share().value())});
    }
  }
  return section;
}

ReportSection BalancesSection(const ConsolidationFacts& facts) {
  ReportSection section{"balances", "Consolidated trial balance", {"account", "amount"}};
  Sum total;
  for (const v1::ConsolidationChunk& chunk : facts.chunks) {
    for (const v1::ConsolidatedBalance& b : chunk.balances()) {
      section.rows.push_back(
          {ReportCell::Text(b.account()), ReportCell::Amount(MoneyText(b.amount()))});
      total.Add(MoneyText(b.amount()));
    }
  }
  section.rows.push_back(
      {ReportCell::Text("total (debit positive)"), ReportCell::Amount(total.Text())});
  section.last_row_is_total = true;
  return section;
}

ReportSection EliminationsSection(const ConsolidationFacts& facts) {
  ReportSection section{"eliminations",
                        "Elimination journal",
                        {"level", "entity", "counterparty", "account", "amount", "reason"}};
  Sum total;
  for (const v1::ConsolidationChunk& chunk : facts.chunks) {
    for (const v1::EliminationEntry& e : chunk.eliminations()) {
      section.rows.push_back(
          {ReportCell::Text(e.level_parent_id()), ReportCell::Text(e.entity_id()),
           ReportCell::Text(e.counterparty_id()), ReportCell::Text(e.account()),
           ReportCell::Amount(MoneyText(e.amount())), ReportCell::Text(e.reason())});
      total.Add(MoneyText(e.amount()));
    }
  }
  section.rows.push_back({ReportCell::Text("total"), ReportCell::Text(""), ReportCell::Text(""),
                          ReportCell::Text(""), ReportCell::Amount(total.Text()),
                          ReportCell::Text("")});
  section.last_row_is_total = true;
  return section;
}

}  // namespace

ReportSection EliminationMatrix(const ConsolidationFacts& facts, const ReportChart& chart) {
  Pivot pivot;
  std::set<std::string> unclassified;
  for (const v1::ConsolidationChunk& chunk : facts.chunks) {
    for (const v1::EliminationEntry& e : chunk.eliminations()) {
      const v1::GroupAccount* account = chart.Find(e.entity_id(), e.account());
      if (account == nullptr) unclassified.insert(e.account());
      pivot.Add(e.entity_id(), e.counterparty_id(),
                account == nullptr ? "not in the chart"
                                   : EliminationFamilyText(account->elimination_family()),
                MoneyText(e.amount()));
    }
  }
  ReportSection section = pivot.Section("elimination_matrix", "Elimination matrix");
  section.heat_map = true;
  if (!unclassified.empty()) {
    section.note = absl::StrCat(
        "The group chart classifies no account ", absl::StrJoin(unclassified, ", "),
        " (neither a chart account nor mapped to one for the entity): their eliminations are "
        "in the column \"not in the chart\". interco tb accounts and tb mappings load the chart.");
  }
  return section;
}

void CaptionAccounts(const ReportChart& chart, std::vector<ReportSection>* sections) {
  for (ReportSection& section : *sections) {
    for (size_t column = 0; column < section.columns.size(); ++column) {
      if (section.columns[column] != "account") continue;
      for (std::vector<ReportCell>& row : section.rows) {
        if (column < row.size() && row[column].kind == ReportCell::Kind::kText) {
          row[column].text = chart.Caption(row[column].text);
        }
      }
    }
  }
}

namespace {

ReportSection NciSection(const ConsolidationFacts& facts) {
  ReportSection section{
      "nci", "Non-controlling interests", {"entity", "share", "profit", "net assets", "cta"}};
  for (const v1::ConsolidationChunk& chunk : facts.chunks) {
    for (const v1::NciEntry& n : chunk.nci()) {
      // What the NCI own: the wire's debit-positive figures negated, as the table shows.
      section.rows.push_back({ReportCell::Text(n.entity_id()),
                              ReportCell::Share(n.nci_share().value()),
                              ReportCell::Amount(MoneyText(Negated(n.profit()))),
                              ReportCell::Amount(MoneyText(Negated(n.net_assets()))),
                              ReportCell::Amount(MoneyText(Negated(n.cta())))});
    }
  }
  return section;
}

ReportSection CtaSection(const ConsolidationFacts& facts) {
  ReportSection section{"cta", "Cumulative translation adjustment", {"item", "amount"}};
  for (const v1::ConsolidationChunk& chunk : facts.chunks) {
    if (!chunk.has_cta()) continue;
    section.rows.push_back({ReportCell::Text("CTA (credit positive)"),
                            ReportCell::Amount(MoneyText(Negated(chunk.cta())))});
  }
  return section;
}

}  // namespace

const ReportSection* Report::Section(const std::string& id) const {
  for (const ReportSection& section : sections) {
    if (section.id == id) return &section;
  }
  return nullptr;
}

std::string CsvHeaderLines(const std::vector<std::pair<std::string, std::string>>& facts) {
  std::string lines;
  for (const auto& [fact, value] : facts) {
    std::string name = fact;
    for (char& c : name) {
      if (c == ' ') c = '_';
    }
    std::string clean;
    for (const char c : value) {
      if (static_cast<unsigned char>(c) >= 0x20) clean += c;
    }
    // CRLF, as the rows that follow (RFC 4180).
    absl::StrAppend(&lines, "# ", name, "=", clean, "\r\n");
  }
  return lines;
}

std::string AccountFamilyText(v1::AccountFamily family) {
  switch (family) {
    case v1::ACCOUNT_FAMILY_RECEIVABLE_PAYABLE:
      return "receivable/payable";
    case v1::ACCOUNT_FAMILY_INCOME_EXPENSE:
      return "income/expense";
    default:
      return "unspecified";
  }
}

std::vector<std::pair<std::string, std::string>> ConsolidationHeader(
    const ConsolidationFacts& facts) {
  std::vector<std::pair<std::string, std::string>> header = {
      {"parent", facts.parent},
      {"period", facts.period},
      {"currency", facts.currency},
      {"ledger sequence", absl::StrCat(facts.head.as_of_sequence())},
      {"ledger hash", facts.head.chain_hash()},
      {"structure version", absl::StrCat(facts.head.structure_version())},
      {"pricing version", absl::StrCat(facts.head.pricing_version())}};
  if (facts.head.basis() == v1::CONSOLIDATION_BASIS_TRIAL_BALANCES) {
    header.emplace_back("basis", "trial balances");
    header.emplace_back("import sequence", absl::StrCat(facts.head.as_of_import_sequence()));
    header.emplace_back("chart version", absl::StrCat(facts.head.chart_version()));
  }
  return header;
}

std::vector<ReportSection> ConsolidationSections(const ConsolidationFacts& facts,
                                                 const ReportChart& chart) {
  return {ScopeSection(facts),        BalancesSection(facts),
          EliminationsSection(facts), EliminationMatrix(facts, chart),
          NciSection(facts),          CtaSection(facts)};
}

// An amount the answer set, or an empty cell for one it left unset (consolidation.proto:
// pairs have no general ledger figures, LEDGER_VS_GL no sides).
ReportCell AmountCell(bool set, const google::type::Money& money) {
  return set ? ReportCell::Amount(MoneyText(money)) : ReportCell::Text("");
}

ReportSection MismatchSection(const v1::GetMismatchesResponse& mismatches) {
  ReportSection section{"mismatches",
                        "Intercompany mismatches",
                        {"entity", "counterparty", "family", "entity side", "counterparty side",
                         "difference", "type", "account", "general ledger", "ledger"}};
  for (const v1::Mismatch& m : mismatches.mismatches()) {
    section.rows.push_back(
        {ReportCell::Text(m.entity_id()), ReportCell::Text(m.counterparty_id()),
         ReportCell::Text(AccountFamilyText(m.account_family())),
         AmountCell(m.has_entity_amount(), m.entity_amount()),
         AmountCell(m.has_counterparty_amount(), m.counterparty_amount()),
         ReportCell::Amount(MoneyText(m.difference())),
         ReportCell::Text(Unprefixed(v1::MismatchType_Name(m.type()), "MISMATCH_TYPE_")),
         ReportCell::Text(m.group_account()),
         AmountCell(m.has_general_ledger_amount(), m.general_ledger_amount()),
         AmountCell(m.has_ledger_amount(), m.ledger_amount())});
  }
  return section;
}

ReportSection MismatchHeatMap(const v1::GetMismatchesResponse& mismatches) {
  Pivot pivot;
  for (const v1::Mismatch& m : mismatches.mismatches()) {
    // A pair matrix: a trial balance against the ledger has no counterparty; the list
    // (MismatchSection) shows it.
    if (m.type() == v1::MISMATCH_TYPE_LEDGER_VS_GL) continue;
    // Gross: a pair's differences of +50.60 (balances) and -50.60 (income) are 101.20 to
    // look into, not a net 0.00 that shades nothing.
    const std::string difference = MoneyText(m.difference());
    pivot.Add(m.entity_id(), m.counterparty_id(),
              Unprefixed(v1::MismatchType_Name(m.type()), "MISMATCH_TYPE_"),
              absl::StartsWith(difference, "-") ? difference.substr(1) : difference);
  }
  ReportSection section =
      pivot.Section("mismatch_heat_map", "Mismatch heat map (gross differences)");
  section.heat_map = true;
  return section;
}

}  // namespace interco::cli
