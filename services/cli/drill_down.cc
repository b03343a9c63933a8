#include "services/cli/drill_down.h"

#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "interco/v1/consolidation.pb.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "services/cli/report_model.h"
#include "services/cli/report_sources.h"
#include "services/cli/table.h"
#include "services/cli/wire.h"

namespace interco::cli {
namespace {

constexpr int kPageSize = 1000;
// A balance is drilled to read its entries, not to export the ledger.
constexpr size_t kLinesMax = 100000;

// Appends `entity`'s lines on `account` in `period` up to `sequence_max` to `table`.
// Returns the number of lines, or the call's failure.
grpc::Status AddLines(v1::LedgerService::Stub& ledger, const std::string& entity,
                      const std::string& account, const DrillDownOptions& options,
                      uint64_t sequence_max, Table* table, size_t* lines) {
  v1::ListEntriesRequest request;
  request.set_entity_id(entity);
  request.set_period(options.period);
  request.set_account(account);
  request.set_page_size(kPageSize);
  do {
    v1::ListEntriesResponse page;
    const grpc::Status status = ledger.ListEntries(CallContext().get(), request, &page);
    if (!status.ok()) return status;
    for (const v1::LedgerEntry& entry : page.entries()) {
      if (entry.sequence() > sequence_max) continue;
      for (const v1::LedgerLine& line : entry.lines()) {
        // An entry's lines book both sides; the balance is made of this entity's line.
        if (line.entity_id() != entity || line.account() != account) continue;
        table->Add({absl::StrCat(entry.sequence()), DateText(entry.date()), entry.transaction_id(),
                    line.entity_id(), line.counterparty_id(), SideText(line.side()),
                    MoneyText(line.amount()), line.amount().currency_code(),
                    absl::StrCat(MoneyText(line.functional_amount()), " ",
                                 line.functional_amount().currency_code())});
        ++*lines;
      }
    }
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty() && *lines < kLinesMax);
  return grpc::Status::OK;
}

// The balance on the account, "" when the trial balance has none.
std::string BalanceOn(const ConsolidationFacts& facts, const std::string& account) {
  for (const v1::ConsolidationChunk& chunk : facts.chunks) {
    for (const v1::ConsolidatedBalance& balance : chunk.balances()) {
      if (balance.account() == account) return MoneyText(balance.amount());
    }
  }
  return "";
}

Table EliminationsOn(const ConsolidationFacts& facts, const std::string& account) {
  Table table({"level", "entity", "counterparty", "amount", "reason"});
  table.SetRightAligned({false, false, false, true, false});
  for (const v1::ConsolidationChunk& chunk : facts.chunks) {
    for (const v1::EliminationEntry& e : chunk.eliminations()) {
      if (e.account() != account) continue;
      table.Add({e.level_parent_id(), e.entity_id(), e.counterparty_id(), MoneyText(e.amount()),
                 e.reason()});
    }
  }
  return table;
}

}  // namespace

absl::StatusOr<std::string> AccountNamed(const ConsolidationFacts& facts,
                                         const std::string& typed) {
  std::set<std::string> named;
  for (const v1::ConsolidationChunk& chunk : facts.chunks) {
    for (const v1::ConsolidatedBalance& balance : chunk.balances()) {
      if (balance.account() == typed) return typed;
      if (absl::StartsWith(balance.account(), typed + " ")) named.insert(balance.account());
    }
    for (const v1::EliminationEntry& e : chunk.eliminations()) {
      if (e.account() == typed) return typed;
      if (absl::StartsWith(e.account(), typed + " ")) named.insert(e.account());
    }
  }
  if (named.size() > 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("--account: ", typed, " is the number of ", named.size(), " accounts (\"",
                     absl::StrJoin(named, "\", \""), "\"); name one in full"));
  }
  return named.empty() ? typed : *named.begin();
}

int DrillDown(const std::shared_ptr<grpc::Channel>& channel, const DrillDownOptions& options,
              Console& console) {
  v1::RunConsolidationRequest request;
  request.set_parent_id(options.parent);
  request.set_period(options.period);
  request.set_presentation_currency(options.currency);
  request.set_as_of_sequence(options.as_of);
  ConsolidationFacts facts;
  grpc::Status status = ReadConsolidation(channel, request, &facts);
  if (!status.ok()) return Failed(status, console);
  const absl::StatusOr<std::string> account = AccountNamed(facts, options.account);
  if (!account.ok()) {
    console.err << "interco: " << account.status().message() << "\n";
    return kExitBadInput;
  }
  Table lines({"sequence", "date", "transaction", "entity", "counterparty", "side", "amount",
               "currency", "functional"});
  lines.SetRightAligned({true, false, false, false, false, false, true, false, true});
  size_t line_count = 0;
  auto ledger = v1::LedgerService::NewStub(channel);
  for (const v1::ConsolidationChunk& chunk : facts.chunks) {
    for (const v1::ScopeEntry& entry : chunk.scope()) {
      // Equity-method entities contribute no lines to the consolidated balances.
      if (entry.method() != v1::CONSOLIDATION_METHOD_FULL) continue;
      status = AddLines(*ledger, entry.entity_id(), *account, options, facts.head.as_of_sequence(),
                        &lines, &line_count);
      if (!status.ok()) return Failed(status, console);
    }
  }
  const std::string balance = BalanceOn(facts, *account);
  const Table eliminations = EliminationsOn(facts, *account);
  if (balance.empty() && line_count == 0 && eliminations.size() == 0) {
    console.err << "interco: --account: no balance, entry or elimination on \"" << *account
                << "\" in " << options.parent << "'s consolidation for " << options.period << "\n";
    return kExitBadInput;
  }
  if (options.format == "csv") {
    console.out << lines.Csv();
    return kExitOk;
  }
  console.out << *account << " in " << options.parent << "'s consolidation for " << options.period
              << " in " << options.currency << ", as of ledger sequence "
              << facts.head.as_of_sequence() << ": " << (balance.empty() ? "0" : balance)
              << "\n\nLedger lines (each entity's books)\n"
              << (lines.size() == 0 ? "none\n" : lines.Text()) << "\nEliminations\n"
              << (eliminations.size() == 0 ? "none\n" : eliminations.Text()) << "\n"
              << line_count << (line_count == 1 ? " line, " : " lines, ") << eliminations.size()
              << (eliminations.size() == 1 ? " elimination\n" : " eliminations\n");
  return kExitOk;
}

}  // namespace interco::cli
