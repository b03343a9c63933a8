#include "services/server.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "google/protobuf/descriptor.h"
#include "grpc/grpc.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "services/api/unparsable_request.h"
#include "services/common/field_error.h"
#include "services/common/status_macros.h"
#include "services/group_runtime.h"
#include "services/health_service.h"
#include "services/observability/rpc_observer.h"
#include "services/routed_services.h"
#include "services/tenancy/group_id.h"
#include "spdlog/spdlog.h"

namespace interco {

// The services the gRPC server registers; they must outlive it.
struct InterCoServer::RoutedServices {
  RoutedServices(GroupRouter* router, api::GroupsService* groups)
      : admin(router, groups),
        group_structure(router),
        transfer_pricing(router),
        policy(router),
        ledger(router),
        consolidation(router),
        trial_balance(router) {}
  RoutedAdminService admin;
  RoutedGroupStructureService group_structure;
  RoutedTransferPricingService transfer_pricing;
  RoutedPolicyService policy;
  RoutedLedgerService ledger;
  RoutedConsolidationService consolidation;
  RoutedTrialBalanceService trial_balance;
};

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

// Where other pods reach this one: `configured`, else the listen host (this machine's name
// for a wildcard) and the bound port.
std::string AdvertisedAddress(const std::string& configured, const ListenAddress& bound) {
  if (!configured.empty()) return configured;
  ListenAddress address = bound;
  if (address.host == "0.0.0.0" || address.host == "::" || address.host.empty()) {
    const std::string host = HostName();
    if (!host.empty()) address.host = host;
  }
  return address.ToString();
}

}  // namespace

InterCoServer::InterCoServer(ServerOptions options)
    : options_(std::move(options)),
      address_(options_.listen),
      metrics_(options_.metrics_group_label) {}

absl::StatusOr<std::unique_ptr<tenancy::Tenant>> InterCoServer::OpenGroup(const std::string& id) {
  ASSIGN_OR_RETURN(std::unique_ptr<storage::Database> database, directories_->OpenExisting(id));
  if (replicas_ != nullptr) {
    // Only the owner opens a group, and every commit of it goes to the group's log first.
    storage::CommitLog* log = replicas_->LogFor(id);
    if (log == nullptr) return replicas_->CheckServes(id);
    database->AttachCommitLog(log);
  }
  GroupRuntimeOptions group;
  group.group_id = id;
  group.thresholds = options_.thresholds;
  group.fx_staleness = options_.fx_staleness;
  group.ledger_limits = options_.ledger_limits;
  group.ledger_limits.total_streams = total_streams_.get();
  group.import_limits = {options_.import_pace, import_budget_.get(), import_lane_.get()};
  group.ledger_limits.reads = reads_.get();
  group.get_structure_records_max = options_.get_structure_records_max;
  // "default" keeps the place checkpoints had before groups (the CronJob's and restores').
  if (!options_.backup_dir.empty()) {
    group.backup_dir = id == tenancy::kDefaultGroupId
                           ? options_.backup_dir
                           : absl::StrCat(options_.backup_dir, "/groups/", id);
  }
  group.authorizer = authorizer_.get();
  group.before_admission_for_testing = options_.before_admission_for_testing;
  group.metrics = &metrics_;
  tenancy::Groups* groups = groups_.get();
  group.on_checkpoint = [groups, id](uint64_t sequence) {
    if (absl::Status recorded = groups->RecordCheckpoint(id, sequence); !recorded.ok()) {
      spdlog::error("group {}: the checkpoint is written but not recorded: {}", id,
                    recorded.ToString());
    }
  };
  ASSIGN_OR_RETURN(std::unique_ptr<GroupRuntime> runtime,
                   GroupRuntime::Open(std::move(group), std::move(database)));
  return runtime;
}

absl::Status InterCoServer::OpenCatalog() {
  ASSIGN_OR_RETURN(const bool adopted, storage::AdoptSingleGroupLayout(options_.data_dir));
  if (adopted) {
    spdlog::warn("moved the single-group data directory {} into {} (the group \"default\")",
                 options_.data_dir, storage::GroupDirectory(options_.data_dir, "default"));
  }
  ASSIGN_OR_RETURN(catalog_, storage::GroupCatalogStore::Open(options_.data_dir));
  total_streams_ = std::make_unique<api::StreamSlots>(options_.max_streams_total);
  import_budget_ = std::make_unique<api::ImportBufferBudget>(options_.import_buffer_bytes_max);
  RETURN_IF_ERROR(api::ValidateImportLaneOptions(options_.import_lane));
  api::ImportLaneOptions lane = options_.import_lane;
  lane.observe = [metrics = &metrics_](size_t queued, absl::Duration rest) {
    metrics->RecordImportLane(queued, rest);
  };
  import_lane_ = std::make_unique<api::ImportLane>(std::move(lane));
  reads_ = std::make_unique<BoundedRunner>(options_.reads_concurrency_max, options_.reads_queue_max);
  storage::DatabaseOptions database;
  // One block cache for every group: reads' memory is bounded together, not per group.
  database.block_cache = storage::NewSharedBlockCache(database.block_cache_bytes);
  directories_ = std::make_unique<storage::GroupDirectories>(options_.data_dir, database);
  tenancy::OpenGroupsOptions pool;
  pool.open_max = options_.open_groups_max;
  pool.idle_close = options_.group_idle_close;
  pool.idle_check_every = std::min(absl::Seconds(5), options_.group_idle_close / 4);
  observability::ServerMetrics* metrics = &metrics_;
  pool_ = std::make_unique<tenancy::OpenGroups>(
      [this](const std::string& id) { return OpenGroup(id); }, pool,
      [this, metrics](const std::string& id, bool open) {
        metrics->SetGroups(groups_ == nullptr ? 0 : groups_->size(), pool_->open_count());
        if (!open)
          spdlog::info("group {}: closed after {} unused, or to make room", id,
                       absl::FormatDuration(options_.group_idle_close));
      });
  tenancy::GroupsOptions groups;
  groups.groups_max = options_.groups_max;
  const bool replicated = !options_.replication.etcd_endpoints.empty();
  if (replicated) RETURN_IF_ERROR(ShareCatalog(&groups));
  ASSIGN_OR_RETURN(groups_,
                   tenancy::Groups::Open(catalog_.get(), directories_.get(), pool_.get(), groups));
  for (const std::string& id : groups_->unlisted()) {
    spdlog::warn(
        "{} holds data of a group the catalog does not list, \"{}\" (a CreateGroup "
        "that was never acknowledged; the same CreateGroup again adopts it)",
        storage::GroupDirectory(options_.data_dir, id), id);
  }
  std::function<absl::Status(const std::string&)> serves;
  if (replicated) {
    ASSIGN_OR_RETURN(serves, StartReplication());
  }
  router_ = std::make_unique<GroupRouter>(groups_.get(), pool_.get(), authorizer_.get(),
                                          std::move(serves), forwarder_.get());
  groups_service_ = std::make_unique<api::GroupsService>(
      groups_.get(), authorizer_.get(), [this](const std::string& id, bool created) {
        if (!created) metrics_.ForgetGroup(id);
        if (created && replicas_ != nullptr) replicas_->Follow(id);
        metrics_.SetGroups(groups_->size(), pool_->open_count());
        spdlog::info("group {}: {}", id, created ? "created" : "deleted");
      });
  services_ = std::make_unique<RoutedServices>(router_.get(), groups_service_.get());
  // Open "default" now: a damaged data directory must fail the start-up, as before groups.
  // (In replicated mode another pod may own it; the follower's copy is opened instead.)
  if (!replicated) {
    ASSIGN_OR_RETURN(tenancy::OpenGroups::Lease lease, pool_->Acquire(tenancy::kDefaultGroupId));
  }
  metrics_.SetGroups(groups_->size(), pool_->open_count());
  return absl::OkStatus();
}

absl::Status InterCoServer::GroupsWriteHealth(bool try_resume) {
  for (auto& [id, lease] : pool_->LeaseOpen()) {
    storage::Database& database = static_cast<GroupRuntime*>(lease.get())->database();
    absl::Status health = try_resume ? database.TryResume() : database.WriteHealth();
    if (!health.ok()) {
      return absl::Status(health.code(), absl::StrCat("group ", id, ": ", health.message()));
    }
  }
  return absl::OkStatus();
}

std::vector<std::pair<std::string, uint64_t>> InterCoServer::DatabaseFigures() {
  // Summed over the open groups: a figure per group would multiply the series by the groups.
  std::vector<std::pair<std::string, uint64_t>> figures;
  for (auto& [id, lease] : pool_->LeaseOpen()) {
    const storage::Database& database = static_cast<GroupRuntime*>(lease.get())->database();
    std::vector<storage::Database::Figure> group = database.Figures();
    if (figures.empty()) {
      for (storage::Database::Figure& figure : group) {
        figures.emplace_back(std::move(figure.name), 0);
      }
    }
    for (size_t i = 0; i < group.size() && i < figures.size(); ++i) {
      figures[i].second += group[i].value;
    }
  }
  return figures;
}

InterCoServer::~InterCoServer() { Shutdown().IgnoreError(); }

absl::StatusOr<std::unique_ptr<InterCoServer>> InterCoServer::Start(const ServerOptions& options) {
  // Security is checked first: a misconfigured server must not touch its data.
  ASSIGN_OR_RETURN(ServerTransport transport,
                   MakeServerTransport(options.security, options.listen, absl::Now()));
  RETURN_IF_ERROR(CheckMetricsAddress(options.metrics_listen, options.allow_remote_metrics));
  RETURN_IF_ERROR(ValidateConnectionLimits(options.connection_limits));
  RETURN_IF_ERROR(api::ValidateImportBufferBytesMax(
      static_cast<int64_t>(std::min<size_t>(options.import_buffer_bytes_max, INT64_MAX))));
  RETURN_IF_ERROR(api::ValidateImportPaceLimits(options.import_pace));
  // A runner without threads would queue reads that never run (the flags check the same
  // range; a library caller may not).
  if (options.reads_concurrency_max < 1 || options.reads_queue_max < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "reads_concurrency_max must be at least 1 and reads_queue_max at least 0 (got ",
        options.reads_concurrency_max, " and ", options.reads_queue_max, ")"));
  }
  ASSIGN_OR_RETURN(std::unique_ptr<security::AccessPolicy> access_policy,
                   LoadAccessPolicy(options.security.access_policy_file));
  std::unique_ptr<InterCoServer> server(new InterCoServer(options));
  server->peer_credentials_ = transport.peer_credentials;
  if (options.security.trust_forwarded_client_cert) {
    // Refused with mutual TLS (MakeServerTransport), so the port takes callers without
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
  RETURN_IF_ERROR(server->OpenCatalog());
  spdlog::info("{} groups in {}; at most {} open at once", server->groups_->size(),
               options.data_dir, options.open_groups_max);
  InterCoServer* self = server.get();
  server->metrics_.SetDatabaseFigures([self] { return self->DatabaseFigures(); });
  for (const CertificateLifetime& certificate : transport.certificates) {
    server->metrics_.SetCertificateExpiry(certificate.path, certificate.expiry);
  }

  // Our own health service instead of gRPC's default, so that probes are answered on a
  // thread no handler runs on (health_service.h). Being generated from health.proto, it
  // also puts the health descriptor in the pool reflection reads (`buf curl --list-methods`).
  grpc::EnableDefaultHealthCheckService(false);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int bound_port = 0;
  builder.AddListeningPort(options.listen.ToString(), transport.credentials, &bound_port);
  // gRPC sets SO_REUSEPORT by default, which would let a second server bind the same
  // port and silently receive half the calls; a busy port must be a start-up error.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> observers;
  // First: it rewrites the status of a request that did not parse, and the observer after
  // it should record what the caller gets.
  // The authorizer learns each call's method before any handler runs.
  observers.push_back(server->authorizer_->NewCallTracker());
  // Gives each call's group back when the call ends.
  observers.push_back(server->router_->NewCallReleaser());
  observers.push_back(api::NewUnparsableRequestInterceptorFactory());
  observers.push_back(
      observability::NewRpcObserverFactory(&server->metrics_, KnownMethods(ServiceNames())));
  builder.experimental().SetInterceptorCreators(std::move(observers));
  ApplyConnectionLimits(options.connection_limits, &builder);
  builder.SetMaxReceiveMessageSize(options.max_message_bytes);
  builder.SetMaxSendMessageSize(options.max_message_bytes);
  RoutedServices& services = *server->services_;
  builder.RegisterService(&services.admin);
  builder.RegisterService(&services.group_structure);
  builder.RegisterService(&services.transfer_pricing);
  builder.RegisterService(&services.policy);
  builder.RegisterService(&services.ledger);
  builder.RegisterService(&services.consolidation);
  builder.RegisterService(&services.trial_balance);
  server->health_ = std::make_unique<HealthService>();
  grpc::HealthCheckServiceInterface* health = server->health_.get();
  health->SetServingStatus("", true);
  for (const std::string& name : ServiceNames()) health->SetServingStatus(name, true);
  health->SetServingStatus(kLiveness, true);
  health->SetServingStatus(kWrites, true);
  server->health_->Register(&builder);
  server->server_ = builder.BuildAndStart();
  if (server->server_ == nullptr || bound_port == 0) {
    server->server_.reset();
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options.listen.ToString(),
                     ": the address is in use or not an address of this host, or the TLS "
                     "certificate and key are not a valid PEM pair"));
  }
  server->address_.port = bound_port;
  server->health_->Start();
  if (server->replicas_ != nullptr) {
    server->replicas_->Advertise(
        AdvertisedAddress(options.replication.advertise_address, server->address_));
  }
  if (!options.metrics_listen.empty()) {
    ASSIGN_OR_RETURN(server->metrics_endpoint_, observability::MetricsEndpoint::Start(
                                                    options.metrics_listen, server->metrics_));
  }
  observability::ServerMetrics* metrics = &server->metrics_;
  server->write_health_ = std::make_unique<WriteHealthWatch>(
      [self](bool try_resume) { return self->GroupsWriteHealth(try_resume); }, health,
      std::vector<std::string>{kWrites},
      [metrics](bool stopped) { metrics->SetWritesStopped(stopped); });
  return server;
}

// The drain ends when the calls end, not when the clients close their connections: gRPC's
// own shutdown waits for every connection to go after its GOAWAY, and a client that is not
// reading (gRPC's clients poll an idle channel every 5 s) held the drain, and with it a
// replicated group's handover, that long. So the GOAWAY goes out at once (gRPC core's
// shutdown, which C++'s Shutdown below repeats; clients take new calls to another replica),
// calls that still arrive are refused (Authorizer::BeginDrain), endless streams end, and
// once no call is in flight C++'s Shutdown gets 100 ms (for the last trailers), or at the
// drain's deadline none: it then closes the connections left and cancels whatever call is.
void InterCoServer::DrainCalls() {
  authorizer_->BeginDrain();
  grpc_completion_queue* const goaway_sent = grpc_completion_queue_create_for_pluck(nullptr);
  int tag = 0;
  grpc_server_shutdown_and_notify(server_->c_server(), goaway_sent, &tag);
  EndEndlessStreams();
  const std::vector<std::string> in_flight = authorizer_->MethodsInFlight();
  spdlog::info("draining {} calls in flight for up to {} ms{}{}", in_flight.size(),
               absl::ToInt64Milliseconds(options_.drain_deadline), in_flight.empty() ? "" : ": ",
               absl::StrJoin(in_flight, ", "));
  const absl::Time draining = absl::Now();
  const absl::Time deadline = draining + options_.drain_deadline;
  // Again every 100 ms: a watch whose group finished opening after the first pass.
  bool quiet = authorizer_->AwaitNoCalls(absl::InfinitePast());  // None at all: no wait.
  while (!quiet && absl::Now() < deadline) {
    quiet = authorizer_->AwaitNoCalls(std::min(deadline, absl::Now() + absl::Milliseconds(100)));
    if (!quiet) EndEndlessStreams();
  }
  if (!quiet) {
    const std::vector<std::string> left = authorizer_->MethodsInFlight();
    spdlog::warn("{} calls still in flight at the drain deadline, cancelled: {}", left.size(),
                 absl::StrJoin(left, ", "));
  }
  // With no call left, a moment for the last replies' trailers to leave before the
  // connections close; else what is left is cancelled now.
  server_->Shutdown(
      absl::ToChronoTime(absl::Now() + (quiet ? absl::Milliseconds(100) : absl::ZeroDuration())));
  // Shutdown has returned, so the core's shutdown is done and the tag is there.
  grpc_completion_queue_pluck(goaway_sent, &tag, gpr_inf_future(GPR_CLOCK_REALTIME), nullptr);
  grpc_completion_queue_shutdown(goaway_sent);
  grpc_completion_queue_destroy(goaway_sent);
  server_->Wait();  // Queued imports are answered from the lane, which is still running.
  spdlog::info("calls drained in {} ms", absl::ToInt64Milliseconds(absl::Now() - draining));
}

void InterCoServer::EndEndlessStreams() {
  if (pool_ != nullptr) {
    for (auto& [id, group] : pool_->LeaseOpen()) group->EndEndlessStreams();
  }
  if (forwarder_ != nullptr) forwarder_->EndEndlessStreams();
}

int InterCoServer::metrics_port() const {
  return metrics_endpoint_ == nullptr ? 0 : metrics_endpoint_->port();
}

absl::Status InterCoServer::Shutdown() {
  write_health_.reset();  // It reads the database and sets health: stop it first.
  if (server_ != nullptr) {
    // NOT_SERVING first, so load balancers and the mesh stop sending new calls.
    health_->Shutdown();
    DrainCalls();
    health_->CloseQueue();  // Nothing more starts on its queue: the server goes now.
    server_.reset();
    health_->Stop();
  }
  if (import_lane_ != nullptr) import_lane_->Shutdown();
  if (replicas_ != nullptr) {
    const absl::Time stopping = absl::Now();
    replicas_->StopLoop();  // Before the groups close under it.
    spdlog::info("replication loop stopped in {} ms",
                 absl::ToInt64Milliseconds(absl::Now() - stopping));
  }
  // Every call is answered: each group writes what is queued and closes its database.
  if (pool_ != nullptr) {
    metrics_.SetDatabaseFigures(nullptr);  // Scrapes may go on until the process exits.
    const absl::Status closed = pool_->CloseAll();
    // Everything written is in the log: other pods may take the groups over now.
    if (replicas_ != nullptr) replicas_->ReleaseOwnership();
    return closed;
  }
  return absl::OkStatus();
}

}  // namespace interco
