#include "services/consolidation/run.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "absl/strings/str_cat.h"
#include "services/common/field_error.h"
#include "services/common/status_macros.h"
#include "services/consolidation/capital_sources.h"
#include "services/consolidation/currency_restatement.h"
#include "services/consolidation/period_balances.h"
#include "services/group/validation.h"
#include "services/ledger/period.h"
#include "services/pricing/money.h"

namespace interco::consolidation {

struct ConsolidationRuns::Context {
  std::shared_ptr<const group::GroupStructure> structure;
  std::shared_ptr<const pricing::PricingBook> book;
  std::shared_ptr<const group::OwnershipAnalysis> analysis;
  int parent = 0;
  ledger::Period period;
  ledger::BalanceSnapshot snapshot;

  RunHeader Header() const {
    return {snapshot.sequence, snapshot.hash, structure->version(), book->version()};
  }
  // The functional currency of `entity` in force in the period (balances of earlier
  // periods in another currency are restated into it: currency_restatement.h).
  const std::string& CurrencyOf(const group::LegalEntity& entity) const {
    return entity.FunctionalCurrencyIn(absl::CivilMonth(period.FirstDay()));
  }
  // Translation rates of `entity` into the presentation currency for the period.
  absl::StatusOr<TranslationRates> Rates(const std::string& entity,
                                         const RunRequest& request) const {
    return RatesFor(book->fx(), CurrencyOf(*structure->FindEntity(entity)),
                    request.presentation_currency, period);
  }
};

absl::StatusOr<ConsolidationRuns::Context> ConsolidationRuns::Open(const RunRequest& request,
                                                                   bool restate) const {
  RETURN_IF_ERROR(group::ValidateId("parent_id", request.parent_id));
  ASSIGN_OR_RETURN(const ledger::Period period, ledger::Period::Parse("period", request.period));
  RETURN_IF_ERROR(
      pricing::MinorUnitsOf(request.presentation_currency, "presentation_currency").status());
  Context context;
  context.period = period;
  ASSIGN_OR_RETURN(context.structure,
                   structures_->AtVersion(request.structure_version, "structure_version"));
  ASSIGN_OR_RETURN(context.book, pricing_->AtVersion(request.pricing_version, "pricing_version"));
  if (context.structure->FindEntity(request.parent_id) == nullptr) {
    return FieldError(absl::StatusCode::kNotFound, "parent_id", request.parent_id, "UNKNOWN_ID",
                      "no legal entity with this id");
  }
  ASSIGN_OR_RETURN(context.analysis, context.structure->AnalysisOn(period.LastDay()));
  context.parent = *context.analysis->entities().Find(request.parent_id);
  ASSIGN_OR_RETURN(context.snapshot, journal_->Balances(request.as_of));
  const std::shared_ptr<const group::GroupStructure> latest = structures_->Current();
  if (latest->version() != context.structure->version()) {
    RETURN_IF_ERROR(
        CheckStatedCurrencies(*context.structure, *latest, context.snapshot.balances, period));
  }
  if (!restate) return context;
  ASSIGN_OR_RETURN(context.snapshot.balances,
                   RestateForPeriod(std::move(context.snapshot.balances), *context.structure,
                                    context.book->fx(), period, request.presentation_currency));
  return context;
}

absl::StatusOr<std::vector<InventoryOnHand>> ConsolidationRuns::Inventory(
    const Context& context, const std::vector<StatedInventory>& inventory) const {
  std::vector<InventoryOnHand> stated;
  for (const StatedInventory& stock : inventory) {
    const group::LegalEntity* buyer = context.structure->FindEntity(stock.buyer_id);
    if (context.structure->FindEntity(stock.seller_id) == nullptr || buyer == nullptr) {
      return FieldError(absl::StatusCode::kNotFound, stock.field,
                        stock.seller_id + "->" + stock.buyer_id, "UNKNOWN_ID",
                        "names an unknown entity");
    }
    const std::string& buyer_currency = context.CurrencyOf(*buyer);
    if (stock.currency != buyer_currency) {
      return InvalidField(absl::StrCat(stock.field, ".unrealised_profit.currency_code"),
                          stock.currency, "CURRENCY_MISMATCH",
                          absl::StrCat("must be the buyer's functional currency ", buyer_currency));
    }
    stated.push_back({stock.seller_id, stock.buyer_id, stock.unrealised_profit});
  }
  return stated;
}

absl::StatusOr<ConsolidationRun> ConsolidationRuns::Consolidate(
    const RunRequest& request, const std::vector<StatedInventory>& inventory) const {
  ASSIGN_OR_RETURN(const Context context, Open(request));
  ConsolidationInput input;
  input.parent_id = request.parent_id;
  input.presentation_currency = request.presentation_currency;
  ASSIGN_OR_RETURN(input.balances, BalancesForPeriod(context.snapshot.balances, context.period));
  const group::OwnershipAnalysis& analysis = *context.analysis;
  for (int i = 0; i < static_cast<int>(analysis.entities().ids.size()); ++i) {
    if (analysis.Method(context.parent, i) == group::ConsolidationMethod::kNone) continue;
    const std::string& id = analysis.entities().ids[i];
    ASSIGN_OR_RETURN(input.rates[id], context.Rates(id, request));
  }
  ASSIGN_OR_RETURN(input.inventory, Inventory(context, inventory));
  ConsolidationRun run;
  run.header = context.Header();
  RETURN_IF_ERROR(NameInputs(run.header, nullptr));
  ASSIGN_OR_RETURN(run.result, consolidation::Consolidate(analysis, input));
  return run;
}

absl::Status ConsolidationRuns::NameInputs(RunHeader& header,
                                           const EntityBooksReader* books) const {
  if (histories_.structure == nullptr) return absl::OkStatus();  // Not wired: rules tests.
  std::vector<std::pair<const ledger::ChainedFamily*, uint64_t>> read = {
      {histories_.structure, header.structure_version},
      {histories_.pricing, header.pricing_version}};
  if (books != nullptr) {
    read.push_back({histories_.chart, books->chart_version()});
    read.push_back({histories_.trial_balances, books->import_sequence()});
  }
  for (const auto& [family, version] : read) {
    ASSIGN_OR_RETURN(ledger::FamilyHead head, family->HeadAt(version));
    header.inputs.push_back(std::move(head));
  }
  header.inputs_hash = ledger::CombineHeads({header.as_of_sequence, header.chain_hash}, header.inputs);
  return absl::OkStatus();
}

absl::StatusOr<CapitalRun> ConsolidationRuns::ConsolidateTrialBalances(
    const RunRequest& request, const std::vector<StatedInventory>& inventory) const {
  ASSIGN_OR_RETURN(const Context context, Open(request, /*restate=*/false));
  ASSIGN_OR_RETURN(const EntityBooksReader books,
                   OpenBooks(request.as_of_import_sequence, request.chart_version));
  CapitalSources sources;
  sources.structure = context.structure.get();
  sources.fx = &context.book->fx();
  sources.books = &books;
  sources.ledger = &context.snapshot.balances;
  sources.parent_id = request.parent_id;
  sources.presentation_currency = request.presentation_currency;
  ASSIGN_OR_RETURN(GatheredInput gathered, GatherCapitalInput(sources, context.period));
  ASSIGN_OR_RETURN(gathered.input.inventory, Inventory(context, inventory));
  CapitalRun run;
  run.header = context.Header();
  RETURN_IF_ERROR(NameInputs(run.header, &books));
  run.import_sequence = books.import_sequence();
  run.chart_version = books.chart_version();
  run.read = gathered.read;
  std::optional<CapitalConsolidation> opening;
  if (NeedsOpening(gathered.input)) {
    // The NCI's and CTA's openings: the same consolidation at the December before.
    const ledger::Period december =
        *ledger::Period::Of(absl::CivilDay(context.period.year() - 1, 12, 31));
    ASSIGN_OR_RETURN(GatheredInput before, GatherCapitalInput(sources, december));
    ASSIGN_OR_RETURN(opening, ConsolidateCapital(before.input, nullptr));
    run.read.insert(run.read.end(), before.read.begin(), before.read.end());
  }
  ASSIGN_OR_RETURN(run.result, ConsolidateCapital(gathered.input, opening ? &*opening : nullptr));
  // The opening run reads some versions again; each is listed once.
  std::sort(run.read.begin(), run.read.end());
  run.read.erase(std::unique(run.read.begin(), run.read.end()), run.read.end());
  return run;
}

absl::StatusOr<MismatchRun> ConsolidationRuns::Mismatches(const RunRequest& request,
                                                          Decimal tolerance) const {
  ASSIGN_OR_RETURN(const Context context, Open(request));
  ASSIGN_OR_RETURN(const EntityBooksReader books,
                   OpenBooks(request.as_of_import_sequence, request.chart_version));
  std::set<std::string> group;
  std::map<std::string, TranslationRates> rates;
  const group::OwnershipAnalysis& analysis = *context.analysis;
  for (int i = 0; i < static_cast<int>(analysis.entities().ids.size()); ++i) {
    if (!analysis.Controls(context.parent, i)) continue;
    const std::string& id = analysis.entities().ids[i];
    group.insert(id);
    ASSIGN_OR_RETURN(rates[id], context.Rates(id, request));
  }
  MismatchRun run;
  run.header = context.Header();
  RETURN_IF_ERROR(NameInputs(run.header, &books));
  run.import_sequence = books.import_sequence();
  run.chart_version = books.chart_version();
  ASSIGN_OR_RETURN(run.mismatches, FindMismatches(context.snapshot.balances, context.period, group,
                                                  rates, request.presentation_currency, tolerance));
  // The snapshot's balances are restated into each entity's currency of the period (Open),
  // the basis EntityBooksReader::Read asks for.
  ASSIGN_OR_RETURN(const auto entity_books, books.Read(*context.structure, group, context.period,
                                                       context.snapshot.balances));
  std::vector<LedgerGlDifference> differences;
  for (const auto& [id, read] : entity_books) {
    differences.insert(differences.end(), read.differences.begin(), read.differences.end());
  }
  ASSIGN_OR_RETURN(const std::vector<Mismatch> ledger_vs_gl,
                   FindLedgerVsGl(differences, rates, request.presentation_currency, tolerance));
  run.mismatches.insert(run.mismatches.end(), ledger_vs_gl.begin(), ledger_vs_gl.end());
  return run;
}

}  // namespace interco::consolidation
