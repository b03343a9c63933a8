#include "services/server.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "grpc/health/v1/health.pb.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "services/api/admin_service.h"
#include "services/api/consolidation_service.h"
#include "services/api/group_structure_service.h"
#include "services/api/ledger_service.h"
#include "services/api/policy_service.h"
#include "services/api/stream_parsing_ledger_service.h"
#include "services/api/transfer_pricing_service.h"
#include "services/api/trial_balance_service.h"
#include "services/api/unparsable_request.h"
#include "services/chart_accounts.h"
#include "services/common/field_error.h"
#include "services/common/status_macros.h"
#include "services/ledger/functional_currency.h"
#include "services/ledger/period.h"
#include "services/observability/rpc_observer.h"
#include "services/trial_balance/currency_books.h"
#include "spdlog/spdlog.h"
#include "storage/pricing_store.h"
#include "storage/structure_store.h"

namespace interco {

// Every service object the gRPC server refers to; they must outlive it.
struct InterCoServer::Services {
  Services(group::StructureRegistry* structure, pricing::PricingRegistry* pricing,
           ledger::Journal* journal, ledger::Sequencer* sequencer, api::LedgerLimits ledger_limits,
           const api::Authorizer* authorizer, std::string backup_dir,
           api::AdminService::Checkpointer checkpoint, size_t structure_records_max,
           trial_balance::ChartRegistry* chart, trial_balance::TrialBalanceImporter* importer,
           const ledger::CurrencyBooks* trial_balances,
           const trial_balance::TrialBalanceStore* trial_balance_store)
      : admin(std::move(backup_dir), std::move(checkpoint), authorizer),
        chart_accounts(chart),
        group_structure(structure, journal, sequencer, trial_balances, &chart_accounts, authorizer,
                        structure_records_max),
        transfer_pricing(structure, pricing, authorizer),
        policy(pricing, structure, sequencer, authorizer),
        ledger(structure, pricing, journal, sequencer, ledger_limits, authorizer),
        consolidation(structure, pricing, journal, trial_balance_store, chart, authorizer),
        trial_balance(chart, importer, structure, pricing, authorizer,
                      {ledger_limits.max_concurrent_streams, ledger_limits.stream_idle_timeout}) {}

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

}  // namespace

const std::vector<std::string>& InterCoServer::ServiceNames() {
  static const auto* const kNames = new std::vector<std::string>{
      "interco.v1.AdminService",           "interco.v1.GroupStructureService",
      "interco.v1.TransferPricingService", "interco.v1.PolicyService",
      "interco.v1.LedgerService",          "interco.v1.ConsolidationService",
      "interco.v1.TrialBalanceService"};
  return *kNames;
}

namespace {

// Every method the server serves, as "/package.Service/Method": ours, health and
// reflection. The RPC observer counts calls to any other path under one label. A service
// missing from the descriptor pool would only make its calls count as unknown.
std::vector<std::string> KnownMethods(const std::vector<std::string>& our_services) {
  std::vector<std::string> services = our_services;
  services.push_back("grpc.health.v1.Health");
  services.push_back("grpc.reflection.v1alpha.ServerReflection");
  std::vector<std::string> methods;
  for (const std::string& name : services) {
    const google::protobuf::ServiceDescriptor* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(name);
    if (service == nullptr) continue;
    for (int i = 0; i < service->method_count(); ++i) {
      methods.push_back(absl::StrCat("/", name, "/", service->method(i)->name()));
    }
  }
  return methods;
}

// Metrics are plaintext HTTP readable by whoever reaches the port, so beyond loopback
// they need the same explicit consent as plaintext gRPC (--allow_plaintext).
absl::Status CheckMetricsAddress(const std::string& metrics_listen, bool allow_remote) {
  if (metrics_listen.empty()) return absl::OkStatus();
  absl::StatusOr<ListenAddress> address = ParseListenAddress(metrics_listen);
  if (!address.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid --metrics_listen: ", address.status().message()));
  }
  if (!IsLoopback(address->host) && !allow_remote) {
    return absl::InvalidArgumentError(absl::StrCat(
        "metrics on ", address->host,
        " would be readable by anyone who reaches the port: give --allow_remote_metrics "
        "where a NetworkPolicy restricts who may scrape, or a loopback --metrics_listen"));
  }
  return absl::OkStatus();
}

}  // namespace

InterCoServer::InterCoServer(ServerOptions options, std::unique_ptr<storage::Database> database)
    : options_(std::move(options)), address_(options_.listen), database_(std::move(database)) {}

absl::Status InterCoServer::LoadState() {
  structure_store_ = storage::NewStructureStore(database_.get());
  ASSIGN_OR_RETURN(std::vector<group::StructureChange> history, structure_store_->LoadAll());
  ASSIGN_OR_RETURN(registry_,
                   group::StructureRegistry::Create(std::move(history), structure_store_.get(),
                                                    group::GroupStructure(options_.thresholds)));
  pricing_store_ = storage::NewPricingStore(database_.get());
  ASSIGN_OR_RETURN(std::vector<pricing::PricingChange> pricing_history, pricing_store_->LoadAll());
  ASSIGN_OR_RETURN(
      pricing_, pricing::PricingRegistry::Create(std::move(pricing_history), pricing_store_.get(),
                                                 pricing::PricingBook(options_.fx_staleness)));
  chart_store_ = storage::NewChartStore(database_.get());
  ASSIGN_OR_RETURN(std::vector<trial_balance::ChartChange> chart_history, chart_store_->LoadAll());
  ASSIGN_OR_RETURN(
      chart_, trial_balance::ChartRegistry::Create(std::move(chart_history), chart_store_.get(),
                                                   trial_balance::Chart()));
  ASSIGN_OR_RETURN(trial_balance_store_, storage::RocksDbTrialBalanceStore::Open(database_.get()));
  ASSIGN_OR_RETURN(ledger_store_, storage::LedgerStore::Open(database_.get()));
  // Period closes and functional currencies are checked as each posting is appended, so a
  // close or a change of currency cannot be raced.
  pricing::PricingRegistry* pricing = pricing_.get();
  ledger::SequencerOptions sequencer_options;
  observability::ServerMetrics* metrics = &metrics_;
  storage::LedgerStore* ledger_store = ledger_store_.get();
  metrics_.SetLedgerHead(ledger_store->head().sequence);
  sequencer_options.on_commit = [metrics, ledger_store](const ledger::CommitStats& stats) {
    metrics->RecordCommit(stats.postings_appended, stats.lines_appended, stats.write_time,
                          stats.write_ok, stats.postings_still_queued);
    metrics->SetLedgerHead(ledger_store->head().sequence);
    if (stats.write_status.code() == absl::StatusCode::kInternal) {
      // A broken invariant of what was about to be written: a bug, never a client error.
      spdlog::critical("group commit refused by the journal's invariants, nothing written: {}",
                       stats.write_status.ToString());
    } else if (!stats.write_ok) {
      spdlog::error("group commit failed, nothing written: {}", stats.write_status.ToString());
    }
  };
  storage::Database* database = database_.get();
  metrics_.SetDatabaseFigures([database] {
    std::vector<std::pair<std::string, uint64_t>> figures;
    for (storage::Database::Figure& figure : database->Figures()) {
      figures.emplace_back(std::move(figure.name), figure.value);
    }
    return figures;
  });
  group::StructureRegistry* structures = registry_.get();
  sequencer_ = std::make_unique<ledger::Sequencer>(
      ledger_store_.get(), std::move(sequencer_options),
      [pricing, structures](ledger::Posting& posting) -> absl::Status {
        if (absl::Status known = CheckEntitiesKnown(*structures, posting); !known.ok()) {
          spdlog::critical("posting refused before writing: {}", known.ToString());
          return known;
        }
        RETURN_IF_ERROR(ledger::AdmitPeriods(*pricing->Current(), posting.lines));
        // After the period rule, which may move a line into a period of another currency.
        return ledger::AdmitCurrencies(*structures->Current(), posting.lines);
      });
  // An import checks the calendar and writes under the commit lock, as period closes are
  // applied (pricing/period_close.h): a close cannot fall between its check and its write.
  ledger::Sequencer* sequencer = sequencer_.get();
  trial_balance_books_ =
      std::make_unique<trial_balance::TrialBalanceCurrencyBooks>(trial_balance_store_.get());
  trial_balance_importer_ = std::make_unique<trial_balance::TrialBalanceImporter>(
      trial_balance_store_.get(),
      [sequencer](absl::FunctionRef<void()> fn) { sequencer->RunExclusive(fn); });
  auto checkpoint =
      [database, ledger_store,
       metrics](const std::string& directory) -> absl::StatusOr<api::AdminService::Checkpoint> {
    // The head first: everything up to it is on disk, so the checkpoint holds it.
    const storage::LedgerStore::Head head = ledger_store->head();
    RETURN_IF_ERROR(database->Checkpoint(directory));
    metrics->RecordCheckpoint(absl::Now());
    spdlog::info("checkpoint written to {} (ledger sequence {} and any after)", directory,
                 head.sequence);
    return api::AdminService::Checkpoint{head.sequence, ledger::HashHex(head.hash)};
  };
  services_ = std::make_unique<Services>(
      registry_.get(), pricing_.get(), ledger_store_.get(), sequencer_.get(),
      options_.ledger_limits, authorizer_.get(), options_.backup_dir, checkpoint,
      options_.get_structure_records_max, chart_.get(), trial_balance_importer_.get(),
      trial_balance_books_.get(), trial_balance_store_.get());
  return absl::OkStatus();
}

InterCoServer::~InterCoServer() { Shutdown().IgnoreError(); }

absl::StatusOr<std::unique_ptr<InterCoServer>> InterCoServer::Start(const ServerOptions& options) {
  // Security is checked first: a misconfigured server must not touch its data.
  ASSIGN_OR_RETURN(std::shared_ptr<grpc::ServerCredentials> credentials,
                   MakeServerCredentials(options.security, options.listen));
  RETURN_IF_ERROR(CheckMetricsAddress(options.metrics_listen, options.allow_remote_metrics));
  RETURN_IF_ERROR(ValidateConnectionLimits(options.connection_limits));
  ASSIGN_OR_RETURN(std::unique_ptr<security::AccessPolicy> access_policy,
                   LoadAccessPolicy(options.security.access_policy_file));
  ASSIGN_OR_RETURN(std::unique_ptr<storage::Database> database,
                   storage::Database::Open({.path = options.data_dir}));
  std::unique_ptr<InterCoServer> server(new InterCoServer(options, std::move(database)));
  if (options.security.trust_forwarded_client_cert) {
    // Refused with mutual TLS (MakeServerCredentials), so the port takes callers without
    // a verified certificate: only a sidecar in front of it makes the header trustworthy.
    spdlog::warn(
        "trusting caller identities from x-forwarded-client-cert on {} {} without mutual "
        "TLS: any client that reaches this port other than through the mesh sidecar can "
        "claim any identity, admin included; the port must be reachable only through it",
        options.security.tls_cert_file.empty() ? "plaintext" : "TLS", options.listen.ToString());
  }
  // One authorizer, with or without a policy (without one every caller is admin): every
  // call goes through the same method table.
  server->access_policy_ = std::move(access_policy);
  server->authorizer_ = std::make_unique<api::Authorizer>(
      server->access_policy_.get(), options.security.trust_forwarded_client_cert);
  if (server->access_policy_ != nullptr) {
    spdlog::info("access policy with {} identities; forwarded client certificates {}",
                 server->access_policy_->size(),
                 options.security.trust_forwarded_client_cert ? "trusted" : "ignored");
  }
  RETURN_IF_ERROR(server->LoadState());
  spdlog::info("loaded group structure version {}, pricing version {}, ledger head {}",
               server->registry_->Current()->version(), server->pricing_->Current()->version(),
               server->ledger_store_->head().sequence);

  // gRPC's built-in health service is not generated from health.proto, so its descriptor
  // is not in the pool reflection reads; touching ours links it in, and clients such as
  // `buf curl --list-methods` can then describe every service the server lists.
  grpc::health::v1::HealthCheckRequest::descriptor();
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int bound_port = 0;
  builder.AddListeningPort(options.listen.ToString(), credentials, &bound_port);
  // gRPC sets SO_REUSEPORT by default, which would let a second server bind the same
  // port and silently receive half the calls; a busy port must be a start-up error.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> observers;
  // First: it rewrites the status of a request that did not parse, and the observer after
  // it should record what the caller gets.
  // The authorizer learns each call's method before any handler runs.
  observers.push_back(server->authorizer_->NewCallTracker());
  observers.push_back(api::NewUnparsableRequestInterceptorFactory());
  observers.push_back(
      observability::NewRpcObserverFactory(&server->metrics_, KnownMethods(ServiceNames())));
  builder.experimental().SetInterceptorCreators(std::move(observers));
  ApplyConnectionLimits(options.connection_limits, &builder);
  builder.SetMaxReceiveMessageSize(options.max_message_bytes);
  builder.SetMaxSendMessageSize(options.max_message_bytes);
  Services& services = *server->services_;
  builder.RegisterService(&services.admin);
  builder.RegisterService(&services.group_structure);
  builder.RegisterService(&services.transfer_pricing);
  builder.RegisterService(&services.policy);
  builder.RegisterService(&services.ledger);
  builder.RegisterService(&services.consolidation);
  builder.RegisterService(&services.trial_balance);
  server->server_ = builder.BuildAndStart();
  if (server->server_ == nullptr || bound_port == 0) {
    server->server_.reset();
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options.listen.ToString(),
                     ": the address is in use or not an address of this host, or the TLS "
                     "certificate and key are not a valid PEM pair"));
  }
  server->address_.port = bound_port;
  if (!options.metrics_listen.empty()) {
    ASSIGN_OR_RETURN(server->metrics_endpoint_, observability::MetricsEndpoint::Start(
                                                    options.metrics_listen, server->metrics_));
  }
  grpc::HealthCheckServiceInterface* health = server->server_->GetHealthCheckService();
  health->SetServingStatus("", true);
  for (const std::string& name : ServiceNames()) health->SetServingStatus(name, true);
  observability::ServerMetrics* metrics = &server->metrics_;
  server->write_health_ = std::make_unique<WriteHealthWatch>(
      server->database_.get(), health, ServiceNames(),
      [metrics](bool stopped) { metrics->SetWritesStopped(stopped); });
  return server;
}

int InterCoServer::metrics_port() const {
  return metrics_endpoint_ == nullptr ? 0 : metrics_endpoint_->port();
}

absl::Status InterCoServer::Shutdown() {
  write_health_.reset();  // It reads the database and sets health: stop it first.
  if (server_ != nullptr) {
    // NOT_SERVING first, so load balancers and the mesh stop sending new calls.
    server_->GetHealthCheckService()->Shutdown();
    spdlog::info("draining in-flight calls for up to {} ms",
                 absl::ToInt64Milliseconds(options_.drain_deadline));
    server_->Shutdown(absl::ToChronoTime(absl::Now() + options_.drain_deadline));
    server_->Wait();
    server_.reset();
  }
  // Every call is answered; write what is queued, then stop the writer before RocksDB.
  if (sequencer_ != nullptr) sequencer_->Shutdown();
  if (database_ != nullptr) {
    metrics_.SetDatabaseFigures(nullptr);  // Scrapes may go on until the process exits.
    const absl::Status closed = database_->Close();
    database_.reset();
    return closed;
  }
  return absl::OkStatus();
}

}  // namespace interco
