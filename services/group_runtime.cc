#include "services/group_runtime.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "services/chart_accounts.h"
#include "services/common/status_macros.h"
#include "services/group/registry.h"
#include "services/ledger/functional_currency.h"
#include "services/ledger/period.h"
#include "services/ledger/sequencer.h"
#include "services/pricing/pricing_book.h"
#include "services/trial_balance/chart.h"
#include "services/trial_balance/currency_books.h"
#include "services/trial_balance/importer.h"
#include "spdlog/spdlog.h"
#include "storage/chart_store.h"
#include "storage/ledger_store.h"
#include "storage/pricing_store.h"
#include "storage/structure_store.h"
#include "storage/trial_balance_store.h"

namespace interco {

// The group's stores, registries and writer, declared in dependency order: each is
// destroyed before what it uses.
struct GroupRuntime::State {
  std::unique_ptr<storage::StructureStore> structure_store;
  std::unique_ptr<group::StructureRegistry> structures;
  std::unique_ptr<storage::PricingStore> pricing_store;
  std::unique_ptr<pricing::PricingRegistry> pricing;
  std::unique_ptr<storage::ChartStore> chart_store;
  std::unique_ptr<trial_balance::ChartRegistry> chart;
  std::unique_ptr<storage::RocksDbTrialBalanceStore> trial_balance_store;
  std::unique_ptr<trial_balance::TrialBalanceImporter> trial_balance_importer;
  // Imported trial balances, which a change of functional currency must respect.
  std::unique_ptr<ledger::CurrencyBooks> trial_balance_books;
  std::unique_ptr<storage::LedgerStore> ledger_store;
  // WatchJournal streams waiting for a commit; before the writer, which tells them.
  api::JournalWatchers journal_watchers;
  std::unique_ptr<ledger::Sequencer> sequencer;
};

namespace {

api::LedgerLimits WithWatchers(api::LedgerLimits limits, api::JournalWatchers* watchers) {
  limits.watchers = watchers;
  return limits;
}

}  // namespace

// Every service object of the group; they must outlive every call they serve.
struct GroupRuntime::Services {
  Services(State& state, const GroupRuntimeOptions& options,
           api::AdminService::Checkpointer checkpoint)
      : admin(options.backup_dir, std::move(checkpoint), options.authorizer),
        chart_accounts(state.chart.get()),
        group_structure(state.structures.get(), state.ledger_store.get(), state.sequencer.get(),
                        state.trial_balance_books.get(), &chart_accounts, options.authorizer,
                        options.get_structure_records_max),
        transfer_pricing(state.structures.get(), state.pricing.get(), options.authorizer),
        policy(state.pricing.get(), state.structures.get(), state.sequencer.get(),
               options.authorizer),
        ledger(state.structures.get(), state.pricing.get(), state.ledger_store.get(),
               state.sequencer.get(), WithWatchers(options.ledger_limits, &state.journal_watchers),
               options.authorizer,
               std::vector<const ledger::ChainedFamily*>{
                   state.structure_store.get(), state.pricing_store.get(),
                   state.chart_store.get(), state.trial_balance_store.get()}),
        consolidation(state.structures.get(), state.pricing.get(), state.ledger_store.get(),
                      state.trial_balance_store.get(), state.chart.get(), options.authorizer,
                      {state.structure_store.get(), state.pricing_store.get(),
                       state.chart_store.get(), state.trial_balance_store.get()},
                      options.ledger_limits.reads),
        trial_balance(
            state.chart.get(), state.trial_balance_importer.get(), state.structures.get(),
            state.pricing.get(), options.authorizer,
            {options.ledger_limits.max_concurrent_streams,
             options.ledger_limits.stream_idle_timeout, options.ledger_limits.total_streams},
            options.import_limits) {}

  api::AdminService admin;
  RegistryChartAccounts chart_accounts;  // Before group_structure, which reads it.
  api::GroupStructureService group_structure;
  api::TransferPricingService transfer_pricing;
  api::PolicyService policy;
  api::StreamParsingLedgerService ledger;
  api::ConsolidationService consolidation;
  api::TrialBalanceService trial_balance;
};

namespace {

// An invariant asserted before writing, never a client error: every line books an entity of
// the structure version the posting names (0 for the current one).
absl::Status CheckEntitiesKnown(const group::StructureRegistry& structures,
                                const ledger::Posting& posting) {
  absl::StatusOr<std::shared_ptr<const group::GroupStructure>> structure =
      structures.AtVersion(posting.structure_version, "structure_version");
  if (!structure.ok()) {
    return absl::InternalError(absl::StrCat("a posting names structure version ",
                                            posting.structure_version, ", which does not exist"));
  }
  for (const ledger::LedgerLine& line : posting.lines) {
    if ((*structure)->FindEntity(line.entity_id) == nullptr) {
      return absl::InternalError(absl::StrCat("a posting books entity ", line.entity_id,
                                              ", unknown in structure version ",
                                              posting.structure_version));
    }
  }
  return absl::OkStatus();
}

// Reports each group commit to the metrics and the log.
std::function<void(const ledger::CommitStats&)> CommitReporter(
    std::string group, observability::ServerMetrics* metrics, observability::GroupMetrics series,
    const storage::LedgerStore* ledger_store, api::ImportLane* import_lane,
    api::JournalWatchers* watchers) {
  return [group = std::move(group), metrics, series, ledger_store, import_lane,
          watchers](const ledger::CommitStats& stats) {
    if (stats.write_ok && stats.postings_appended > 0) watchers->Committed();
    // Imports make way for postings (import_lane.h).
    if (import_lane != nullptr) import_lane->PostingsCommitted(stats.postings_appended);
    metrics->RecordCommit(series, stats.postings_appended, stats.lines_appended, stats.write_time,
                          stats.write_ok, stats.postings_still_queued);
    metrics->SetLedgerHead(series, ledger_store->head().sequence);
    if (stats.write_status.code() == absl::StatusCode::kInternal) {
      // A broken invariant of what was about to be written: a bug, never a client error.
      spdlog::critical("group {}: commit refused by the journal's invariants, nothing written: {}",
                       group, stats.write_status.ToString());
    } else if (!stats.write_ok) {
      spdlog::error("group {}: commit failed, nothing written: {}", group,
                    stats.write_status.ToString());
    }
  };
}

}  // namespace

GroupRuntime::GroupRuntime(GroupRuntimeOptions options, std::unique_ptr<storage::Database> database)
    : options_(std::move(options)),
      metrics_(options_.metrics->ForGroup(options_.group_id)),
      database_(std::move(database)),
      state_(std::make_unique<State>()) {}

GroupRuntime::~GroupRuntime() { Close().IgnoreError(); }

absl::StatusOr<std::unique_ptr<GroupRuntime>> GroupRuntime::Open(
    GroupRuntimeOptions options, std::unique_ptr<storage::Database> database) {
  std::unique_ptr<GroupRuntime> runtime(new GroupRuntime(std::move(options), std::move(database)));
  RETURN_IF_ERROR(runtime->Load());
  const State& state = *runtime->state_;
  // Every history's chain was checked up to its recorded head while loading (the change
  // logs whole, the trial balances' last link): name the heads, so a log shows what the
  // group opened with.
  spdlog::info(
      "group {}: opened ledger head {}, structure version {}, pricing version {}, chart version "
      "{}, trial balance import {}",
      runtime->id(), state.ledger_store->head().sequence, state.structure_store->Head().version,
      state.pricing_store->Head().version, state.chart_store->Head().version,
      state.trial_balance_store->Head().version);
  return runtime;
}

absl::Status GroupRuntime::Load() {
  State& s = *state_;
  storage::Database* database = database_.get();
  s.structure_store = storage::NewStructureStore(database);
  ASSIGN_OR_RETURN(std::vector<group::StructureChange> history, s.structure_store->LoadAll());
  ASSIGN_OR_RETURN(s.structures,
                   group::StructureRegistry::Create(std::move(history), s.structure_store.get(),
                                                    group::GroupStructure(options_.thresholds)));
  s.pricing_store = storage::NewPricingStore(database);
  ASSIGN_OR_RETURN(std::vector<pricing::PricingChange> pricing_history, s.pricing_store->LoadAll());
  ASSIGN_OR_RETURN(
      s.pricing, pricing::PricingRegistry::Create(std::move(pricing_history), s.pricing_store.get(),
                                                  pricing::PricingBook(options_.fx_staleness)));
  s.chart_store = storage::NewChartStore(database);
  ASSIGN_OR_RETURN(std::vector<trial_balance::ChartChange> chart_history, s.chart_store->LoadAll());
  ASSIGN_OR_RETURN(
      s.chart, trial_balance::ChartRegistry::Create(std::move(chart_history), s.chart_store.get(),
                                                    trial_balance::Chart()));
  ASSIGN_OR_RETURN(s.trial_balance_store, storage::RocksDbTrialBalanceStore::Open(database));
  ASSIGN_OR_RETURN(s.ledger_store, storage::LedgerStore::Open(database));
  options_.metrics->SetLedgerHead(metrics_, s.ledger_store->head().sequence);
  // Period closes and functional currencies are checked as each posting is appended, so a
  // close or a change of currency cannot be raced.
  ledger::SequencerOptions sequencer_options;
  sequencer_options.on_commit =
      CommitReporter(options_.group_id, options_.metrics, metrics_, s.ledger_store.get(),
                     options_.import_limits.lane, &s.journal_watchers);
  pricing::PricingRegistry* pricing = s.pricing.get();
  group::StructureRegistry* structures = s.structures.get();
  std::string group = options_.group_id;
  std::function<void(const std::string&)> test_hook = options_.before_admission_for_testing;
  s.sequencer = std::make_unique<ledger::Sequencer>(
      s.ledger_store.get(), std::move(sequencer_options),
      [pricing, structures, group, test_hook](ledger::Posting& posting) -> absl::Status {
        if (test_hook) test_hook(group);
        if (absl::Status known = CheckEntitiesKnown(*structures, posting); !known.ok()) {
          spdlog::critical("group {}: posting refused before writing: {}", group, known.ToString());
          return known;
        }
        RETURN_IF_ERROR(ledger::AdmitPeriods(*pricing->Current(), posting.lines));
        // After the period rule, which may move a line into a period of another currency.
        return ledger::AdmitCurrencies(*structures->Current(), posting.lines);
      });
  // An import checks the calendar and writes under the commit lock, as period closes are
  // applied (pricing/period_close.h): a close cannot fall between its check and its write.
  ledger::Sequencer* sequencer = s.sequencer.get();
  s.trial_balance_books =
      std::make_unique<trial_balance::TrialBalanceCurrencyBooks>(s.trial_balance_store.get());
  s.trial_balance_importer = std::make_unique<trial_balance::TrialBalanceImporter>(
      s.trial_balance_store.get(),
      [sequencer](absl::FunctionRef<void()> fn) { sequencer->RunExclusive(fn); });
  services_ = std::make_unique<Services>(s, options_, Checkpointer());
  return absl::OkStatus();
}

api::AdminService::Checkpointer GroupRuntime::Checkpointer() {
  return [this](const std::string& directory) -> absl::StatusOr<api::AdminService::Checkpoint> {
    // The head first: everything up to it is on disk, so the checkpoint holds it.
    const storage::LedgerStore::Head head = state_->ledger_store->head();
    RETURN_IF_ERROR(database_->Checkpoint(directory));
    options_.metrics->RecordCheckpoint(metrics_, absl::Now());
    if (options_.on_checkpoint) options_.on_checkpoint(head.sequence);
    spdlog::info("group {}: checkpoint written to {} (ledger sequence {} and any after)",
                 options_.group_id, directory, head.sequence);
    return api::AdminService::Checkpoint{head.sequence, ledger::HashHex(head.hash)};
  };
}

uint64_t GroupRuntime::ledger_sequence() const { return state_->ledger_store->head().sequence; }

void GroupRuntime::EndEndlessStreams() {
  if (!closed_) state_->journal_watchers.Close();
}

absl::Status GroupRuntime::Close() {
  if (closed_) return absl::OkStatus();
  closed_ = true;
  // Every call is answered: write what is queued, then stop the writer before RocksDB.
  if (state_->sequencer != nullptr) state_->sequencer->Shutdown();
  services_.reset();
  state_.reset();
  const absl::Status closed = database_->Close();
  spdlog::info("group {}: closed", options_.group_id);
  return closed;
}

api::AdminService& GroupRuntime::admin() { return services_->admin; }
api::GroupStructureService& GroupRuntime::group_structure() { return services_->group_structure; }
api::TransferPricingService& GroupRuntime::transfer_pricing() {
  return services_->transfer_pricing;
}
api::PolicyService& GroupRuntime::policy() { return services_->policy; }
api::StreamParsingLedgerService& GroupRuntime::ledger() { return services_->ledger; }
api::ConsolidationService& GroupRuntime::consolidation() { return services_->consolidation; }
api::TrialBalanceService& GroupRuntime::trial_balance() { return services_->trial_balance; }

}  // namespace interco
