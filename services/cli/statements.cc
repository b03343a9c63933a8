#include "services/cli/statements.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/cli/wire.h"

namespace interco::cli {
StatementTables::StatementTables() {
  position_.SetRightAligned({false, true});
  income_.SetRightAligned({false, true});
  goodwill_.SetRightAligned({false, false, true, true, true, false});
  nci_.SetRightAligned({false, true, true, true, true, true, true, true});
  cta_.SetRightAligned({false, true, true, true, true, true});
  eliminations_.SetRightAligned({false, false, false, false, true, false});
  balances_.SetRightAligned({false, true});
  read_.SetRightAligned({false, false, true});
  proofs_.SetRightAligned({false, true});
}

void StatementTables::Add(const v1::ConsolidationChunk& chunk) {
  if (first_) header_ = chunk;
  first_ = false;
  for (const auto& s : chunk.scope()) {
    scope_.Add({s.entity_id(),
                Unprefixed(v1::ConsolidationMethod_Name(s.method()), "CONSOLIDATION_METHOD_"),
                s.effective_share().value()});
  }
  for (const auto& r : chunk.trial_balances()) {
    read_.Add({r.entity_id(), r.period(), absl::StrCat(r.version())});
  }
  for (const auto& l : chunk.financial_position()) position_.Add({l.line(), MoneyText(l.amount())});
  for (const auto& l : chunk.income_statement()) income_.Add({l.line(), MoneyText(l.amount())});
  for (const auto& g : chunk.goodwill()) {
    goodwill_.Add({g.holder_id(), g.entity_id(),
                   absl::StrCat(MoneyText(g.functional()), " ", g.functional().currency_code()),
                   MoneyText(g.at_acquisition()), MoneyText(g.closing()),
                   g.bargain_purchase() ? "yes" : "no"});
  }
  for (const auto& n : chunk.nci_roll_forward()) {
    nci_.Add({n.entity_id(), n.nci_share().value(), MoneyText(n.opening()),
              MoneyText(n.acquisition()), MoneyText(n.profit()), MoneyText(n.dividends()),
              MoneyText(n.cta()), MoneyText(n.closing())});
  }
  for (const auto& c : chunk.cta_roll_forward()) {
    cta_.Add({c.entity_id(), MoneyText(c.opening()), MoneyText(c.movement()),
              MoneyText(c.closing()), MoneyText(c.owners()), MoneyText(c.nci())});
  }
  for (const auto& e : chunk.eliminations()) {
    eliminations_.Add({Unprefixed(v1::EliminationType_Name(e.type()), "ELIMINATION_TYPE_"),
                       e.entity_id(), e.counterparty_id(), e.account(), MoneyText(e.amount()),
                       e.reason()});
  }
  for (const auto& b : chunk.balances()) balances_.Add({b.account(), MoneyText(b.amount())});
  if (chunk.has_profit()) profit_ = chunk.profit();
  if (chunk.has_proofs()) {
    const v1::ConsolidationProofs& p = chunk.proofs();
    proofs_.Add({"trial balance sum", MoneyText(p.trial_balance_sum())});
    proofs_.Add({"assets", MoneyText(p.assets())});
    proofs_.Add({"liabilities", MoneyText(p.liabilities())});
    proofs_.Add({"equity attributable to owners", MoneyText(p.equity_owners())});
    proofs_.Add({"non-controlling interests", MoneyText(p.nci())});
  }
}

const Table& StatementTables::Section(const std::string& section) const {
  if (section == "income-statement") return income_;
  if (section == "goodwill") return goodwill_;
  if (section == "nci") return nci_;
  if (section == "cta") return cta_;
  if (section == "eliminations") return eliminations_;
  if (section == "balances") return balances_;
  if (section == "trial-balances") return read_;
  if (section == "scope") return scope_;
  if (section == "proofs") return proofs_;
  return position_;
}

std::vector<ReportSection> StatementTables::Sections() const {
  const std::vector<std::string> titles = {"Statement of financial position",
                                           "Income statement",
                                           "Goodwill",
                                           "Non-controlling interests",
                                           "Translation differences (CTA)",
                                           "Elimination journal",
                                           "Consolidated trial balance",
                                           "Trial balances read",
                                           "Scope",
                                           "Proofs"};
  std::vector<ReportSection> sections;
  for (size_t i = 0; i < StatementSections().size(); ++i) {
    const std::string& id = StatementSections()[i];
    const Table& table = Section(id);
    ReportSection section(id, titles[i], table.header());
    for (const std::vector<std::string>& row : table.rows()) {
      std::vector<ReportCell> cells;
      for (size_t column = 0; column < row.size(); ++column) {
        const bool share = absl::StrContains(table.header()[column], "share");
        cells.push_back(!table.right_aligned(column) ? ReportCell::Text(row[column])
                        : share                      ? ReportCell::Share(row[column])
                                                     : ReportCell::Amount(row[column]));
      }
      section.rows.push_back(std::move(cells));
    }
    sections.push_back(std::move(section));
  }
  return sections;
}

std::string StatementTables::Csv(const std::string& section) const {
  return Section(section).Csv();
}

std::string StatementTables::Text(const std::string& title) const {
  return absl::StrCat(
      title, " from trial balances, as of ledger sequence ", header_.as_of_sequence(), " (hash ",
      header_.chain_hash().substr(0, 16), "...), import sequence ", header_.as_of_import_sequence(),
      ", chart version ", header_.chart_version(), ", structure version ",
      header_.structure_version(), ", pricing version ", header_.pricing_version(),
      "\nAmounts are debit positive: credits (equity, income, "
      "a profit, NCI) are negative.\n\nScope\n",
      scope_.Text(), "\nTrial balances read\n", read_.Text(), "\nStatement of financial position\n",
      position_.Text(), "\nIncome statement\n", income_.Text(), "\nProfit for the year ",
      MoneyText(profit_.profit()), ": owners ", MoneyText(profit_.owners()), ", NCI ",
      MoneyText(profit_.nci()), "\n\nGoodwill\n", goodwill_.Text(), "\nNon-controlling interests\n",
      nci_.Text(), "\nTranslation differences (CTA)\n", cta_.Text(), "\nElimination journal\n",
      eliminations_.Text(), "\nProofs\n", proofs_.Text());
}

}  // namespace interco::cli
