#include "services/api/capital_convert.h"

#include <utility>

#include "services/api/consolidation_chunks.h"
#include "services/api/convert.h"
#include "services/api/history_convert.h"
#include "services/api/pricing_convert.h"
#include "services/common/status_macros.h"
#include "services/pricing/money.h"

namespace interco::api {
namespace {

using consolidation::CapitalConsolidation;

v1::EliminationType TypeToProto(consolidation::EliminationType type) {
  switch (type) {
    case consolidation::EliminationType::kCapital:
      return v1::ELIMINATION_TYPE_CAPITAL;
    case consolidation::EliminationType::kNci:
      return v1::ELIMINATION_TYPE_NCI;
    case consolidation::EliminationType::kBalances:
      return v1::ELIMINATION_TYPE_BALANCES;
    case consolidation::EliminationType::kIncomeExpense:
      return v1::ELIMINATION_TYPE_INCOME_EXPENSE;
    case consolidation::EliminationType::kDividends:
      return v1::ELIMINATION_TYPE_DIVIDENDS;
    case consolidation::EliminationType::kUnrealisedProfit:
      return v1::ELIMINATION_TYPE_UNREALISED_PROFIT;
    case consolidation::EliminationType::kEquityMethod:
      return v1::ELIMINATION_TYPE_EQUITY_METHOD;
  }
  return v1::ELIMINATION_TYPE_UNSPECIFIED;
}

// Fills `out` with `amount` in `currency`.
absl::Status Set(Decimal amount, const std::string& currency, google::type::Money* out) {
  ASSIGN_OR_RETURN(*out, MoneyToProto(amount, currency, "balances"));
  return absl::OkStatus();
}

void AddHeader(const consolidation::CapitalRun& run, std::vector<v1::ConsolidationChunk>& chunks,
               int& in_chunk) {
  v1::ConsolidationChunk& header = chunks.front();
  header.set_as_of_sequence(run.header.as_of_sequence);
  header.set_chain_hash(ledger::HashHex(run.header.chain_hash));
  header.set_structure_version(run.header.structure_version);
  SetRunInputs(run.header.inputs, run.header.inputs_hash, &header);
  header.set_pricing_version(run.header.pricing_version);
  header.set_basis(v1::CONSOLIDATION_BASIS_TRIAL_BALANCES);
  header.set_as_of_import_sequence(run.import_sequence);
  header.set_chart_version(run.chart_version);
  for (const consolidation::BooksRead& read : run.read) {
    v1::TrialBalanceRead entry;
    entry.set_entity_id(read.entity_id);
    entry.set_period(read.period.ToString());
    entry.set_version(read.version);
    AddChunked(chunks, in_chunk, &v1::ConsolidationChunk::add_trial_balances, std::move(entry));
  }
  for (const consolidation::ScopeEntry& s : run.result.scope) {
    AddChunked(chunks, in_chunk, &v1::ConsolidationChunk::add_scope, ScopeEntryToProto(s));
  }
}

absl::Status AddStatements(const CapitalConsolidation& result, const std::string& currency,
                           std::vector<v1::ConsolidationChunk>& chunks, int& in_chunk) {
  for (const auto& [lines, add] :
       {std::pair{&result.financial_position, &v1::ConsolidationChunk::add_financial_position},
        std::pair{&result.income_statement, &v1::ConsolidationChunk::add_income_statement}}) {
    for (const consolidation::StatementLine& line : *lines) {
      v1::StatementLine entry;
      entry.set_line(line.line);
      RETURN_IF_ERROR(Set(line.amount, currency, entry.mutable_amount()));
      AddChunked(chunks, in_chunk, add, std::move(entry));
    }
  }
  for (const consolidation::GoodwillEntry& g : result.goodwill) {
    v1::GoodwillEntry entry;
    entry.set_holder_id(g.holder_id);
    entry.set_entity_id(g.entity_id);
    RETURN_IF_ERROR(Set(pricing::RoundToMinor(g.functional, g.currency), g.currency,
                        entry.mutable_functional()));
    RETURN_IF_ERROR(Set(g.at_acquisition, currency, entry.mutable_at_acquisition()));
    RETURN_IF_ERROR(Set(g.closing, currency, entry.mutable_closing()));
    entry.set_bargain_purchase(g.bargain_purchase);
    AddChunked(chunks, in_chunk, &v1::ConsolidationChunk::add_goodwill, std::move(entry));
  }
  return absl::OkStatus();
}

absl::Status AddRollForwards(const CapitalConsolidation& result, const std::string& currency,
                             std::vector<v1::ConsolidationChunk>& chunks, int& in_chunk) {
  for (const consolidation::NciRollForward& n : result.nci) {
    v1::NciRollForward entry;
    entry.set_entity_id(n.entity_id);
    entry.mutable_nci_share()->set_value(n.nci_share.Round(12).ToString());
    RETURN_IF_ERROR(Set(n.opening, currency, entry.mutable_opening()));
    RETURN_IF_ERROR(Set(n.acquisition, currency, entry.mutable_acquisition()));
    RETURN_IF_ERROR(Set(n.profit, currency, entry.mutable_profit()));
    RETURN_IF_ERROR(Set(n.dividends, currency, entry.mutable_dividends()));
    RETURN_IF_ERROR(Set(n.cta, currency, entry.mutable_cta()));
    RETURN_IF_ERROR(Set(n.closing, currency, entry.mutable_closing()));
    AddChunked(chunks, in_chunk, &v1::ConsolidationChunk::add_nci_roll_forward, std::move(entry));
  }
  for (const consolidation::CtaRollForward& c : result.cta) {
    v1::CtaRollForward entry;
    entry.set_entity_id(c.entity_id);
    RETURN_IF_ERROR(Set(c.opening, currency, entry.mutable_opening()));
    RETURN_IF_ERROR(Set(c.movement, currency, entry.mutable_movement()));
    RETURN_IF_ERROR(Set(c.closing, currency, entry.mutable_closing()));
    RETURN_IF_ERROR(Set(c.owners, currency, entry.mutable_owners()));
    RETURN_IF_ERROR(Set(c.nci, currency, entry.mutable_nci()));
    AddChunked(chunks, in_chunk, &v1::ConsolidationChunk::add_cta_roll_forward, std::move(entry));
  }
  return absl::OkStatus();
}

absl::Status AddJournal(const CapitalConsolidation& result, const std::string& currency,
                        std::vector<v1::ConsolidationChunk>& chunks, int& in_chunk) {
  for (const consolidation::JournalLine& line : result.eliminations) {
    v1::EliminationEntry entry;
    entry.set_type(TypeToProto(line.type));
    entry.set_entity_id(line.entity_id);
    entry.set_counterparty_id(line.counterparty_id);
    entry.set_account(line.account);
    RETURN_IF_ERROR(Set(line.amount, currency, entry.mutable_amount()));
    entry.set_reason(line.reason);
    AddChunked(chunks, in_chunk, &v1::ConsolidationChunk::add_eliminations, std::move(entry));
  }
  for (const auto& [account, amount] : result.trial_balance) {
    v1::ConsolidatedBalance balance;
    balance.set_account(account);
    RETURN_IF_ERROR(Set(amount, currency, balance.mutable_amount()));
    AddChunked(chunks, in_chunk, &v1::ConsolidationChunk::add_balances, std::move(balance));
  }
  return absl::OkStatus();
}

absl::Status AddTotals(const CapitalConsolidation& result, const std::string& currency,
                       v1::ConsolidationChunk& last) {
  RETURN_IF_ERROR(Set(result.profit, currency, last.mutable_profit()->mutable_profit()));
  RETURN_IF_ERROR(Set(result.profit_owners, currency, last.mutable_profit()->mutable_owners()));
  RETURN_IF_ERROR(Set(result.profit_nci, currency, last.mutable_profit()->mutable_nci()));
  v1::ConsolidationProofs* proofs = last.mutable_proofs();
  RETURN_IF_ERROR(Set(result.trial_balance_sum, currency, proofs->mutable_trial_balance_sum()));
  RETURN_IF_ERROR(Set(result.assets, currency, proofs->mutable_assets()));
  RETURN_IF_ERROR(Set(result.liabilities, currency, proofs->mutable_liabilities()));
  RETURN_IF_ERROR(Set(result.equity_owners, currency, proofs->mutable_equity_owners()));
  RETURN_IF_ERROR(Set(result.nci_total, currency, proofs->mutable_nci()));
  const auto cta = result.trial_balance.find(consolidation::kGroupCtaAccount);
  return Set(cta == result.trial_balance.end() ? Decimal() : cta->second, currency,
             last.mutable_cta());
}

}  // namespace

v1::ScopeEntry ScopeEntryToProto(const consolidation::ScopeEntry& scope) {
  v1::ScopeEntry entry;
  entry.set_entity_id(scope.entity_id);
  entry.set_method(scope.method == group::ConsolidationMethod::kFull
                       ? v1::CONSOLIDATION_METHOD_FULL
                       : v1::CONSOLIDATION_METHOD_EQUITY);
  entry.mutable_effective_share()->set_value(scope.effective_share.Round(12).ToString());
  return entry;
}

absl::StatusOr<std::vector<v1::ConsolidationChunk>> CapitalChunks(
    const consolidation::CapitalRun& run, const std::string& currency) {
  std::vector<v1::ConsolidationChunk> chunks(1);
  int in_chunk = 0;
  AddHeader(run, chunks, in_chunk);
  RETURN_IF_ERROR(AddStatements(run.result, currency, chunks, in_chunk));
  RETURN_IF_ERROR(AddRollForwards(run.result, currency, chunks, in_chunk));
  RETURN_IF_ERROR(AddJournal(run.result, currency, chunks, in_chunk));
  RETURN_IF_ERROR(AddTotals(run.result, currency, chunks.back()));
  return chunks;
}

}  // namespace interco::api
