// The tables of a consolidation on the trial-balance basis (capital consolidation), as read
// from RunConsolidation's stream: statements, goodwill, NCI and CTA roll-forwards, the
// elimination journal by type, the trial balance versions read, and the proofs.
#ifndef INTERCO_SERVICES_CLI_STATEMENTS_H_
#define INTERCO_SERVICES_CLI_STATEMENTS_H_

#include <string>
#include <vector>

#include "interco/v1/consolidation.pb.h"
#include "services/cli/report_model.h"
#include "services/cli/table.h"

namespace interco::cli {

// The sections `interco consolidate --basis trial-balances --format csv --section S` knows.
inline const std::vector<std::string>& StatementSections() {
  static const auto* const sections = new std::vector<std::string>{
      "financial-position", "income-statement", "goodwill",       "nci",   "cta",
      "eliminations",       "balances",         "trial-balances", "scope", "proofs"};
  return *sections;
}

class StatementTables {
 public:
  StatementTables();

  // Adds what one chunk of the stream carries.
  void Add(const v1::ConsolidationChunk& chunk);

  // One section (StatementSections) as CSV.
  std::string Csv(const std::string& section) const;
  // Every section for people, after a line naming what was read. `title` is "Consolidation
  // of P for 2024-12 in USD".
  std::string Text(const std::string& title) const;
  // Every section for a workbook (report_xlsx.h): one sheet each, named as the sections.
  std::vector<ReportSection> Sections() const;

 private:
  const Table& Section(const std::string& section) const;

  Table position_{{"statement line", "amount"}};
  Table income_{{"statement line", "amount"}};
  Table goodwill_{{"holder", "entity", "functional", "at acquisition", "closing", "bargain"}};
  Table nci_{
      {"entity", "share", "opening", "acquisition", "profit", "dividends", "cta", "closing"}};
  Table cta_{{"entity", "opening", "movement", "closing", "owners", "nci"}};
  Table eliminations_{{"type", "entity", "counterparty", "account", "amount", "reason"}};
  Table balances_{{"account", "amount"}};
  Table read_{{"entity", "period", "version"}};
  Table scope_{{"entity", "method", "effective share"}};
  Table proofs_{{"proof", "amount"}};
  v1::ConsolidationChunk header_;
  bool first_ = true;
  v1::ProfitAttribution profit_;
};

}  // namespace interco::cli

#endif  // INTERCO_SERVICES_CLI_STATEMENTS_H_
