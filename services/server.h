// InterCoServer: the running service. Opens the data directory's group catalog, registers
// every gRPC service (each call routed to its group's books, services/group_router.h),
// health checking and reflection, and shuts down gracefully.
#ifndef INTERCO_SERVICES_SERVER_H_
#define INTERCO_SERVICES_SERVER_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"
#include "services/api/authorizer.h"
#include "services/api/group_structure_service.h"
#include "services/api/groups_service.h"
#include "services/api/import_budget.h"
#include "services/api/import_lane.h"
#include "services/api/import_pace.h"
#include "services/api/ledger_service.h"
#include "services/api/stream_limits.h"
#include "services/call_forwarding.h"
#include "services/common/bounded_runner.h"
#include "services/connection_limits.h"
#include "services/group/ownership.h"
#include "services/group_replicas.h"
#include "services/group_router.h"
#include "services/health_service.h"
#include "services/listen_address.h"
#include "services/observability/metrics.h"
#include "services/observability/metrics_endpoint.h"
#include "services/pricing/fx.h"
#include "services/security/access_policy.h"
#include "services/server_security.h"
#include "services/tenancy/groups.h"
#include "services/tenancy/open_groups.h"
#include "services/write_health_watch.h"
#include "storage/etcd/etcd_log.h"
#include "storage/etcd/shared_catalog.h"
#include "storage/group_catalog_store.h"

namespace interco {

struct ServerOptions {
  ListenAddress listen{"127.0.0.1", 50051};
  std::string data_dir = "var/interco";
  // How long in-flight calls may run after shutdown starts before they are cancelled.
  absl::Duration drain_deadline = absl::Seconds(10);
  // Largest request or response message, in bytes.
  int max_message_bytes = 4 << 20;
  // Streams, verifications and idle streams (services/api/ledger_service.h).
  api::LedgerLimits ledger_limits;
  // HOST:PORT for Prometheus metrics over HTTP (/metrics); port 0 picks one; empty: none.
  std::string metrics_listen = "127.0.0.1:9464";
  // Metrics on a non-loopback address; refused otherwise, since anyone who reaches the
  // port may read them (deployments restrict scrapers with a NetworkPolicy).
  bool allow_remote_metrics = false;
  // Timeouts and limits on connections and calls (idle, age, keepalive, streams, memory).
  ConnectionLimits connection_limits;
  // Where AdminService.CreateCheckpoint writes; empty: checkpoints are refused. Best on
  // the data directory's filesystem, where a checkpoint hard-links its files.
  std::string backup_dir;
  // TLS, mutual TLS, plaintext rule and access policy.
  SecurityOptions security;
  // Control, significant-influence and common-ownership thresholds.
  group::OwnershipThresholds thresholds;
  // The most records GroupStructureService.GetStructure answers with (larger groups page
  // through the List methods).
  size_t get_structure_records_max = api::kDefaultStructureRecordsMax;
  // How long after its date an FX rate may still be used when no later one exists.
  pricing::FxStaleness fx_staleness{pricing::kDefaultSpotStaleDaysMax};
  // Groups (tenants) the deployment may hold, "default" included; CreateGroup beyond it is
  // RESOURCE_EXHAUSTED.
  size_t groups_max = 1000;
  // Groups open at once (each a RocksDB instance and a writer thread), and how long an
  // unused one stays open.
  size_t open_groups_max = 64;
  absl::Duration group_idle_close = absl::Minutes(10);
  // Posting and import streams open at once in all groups together (each group also has
  // ledger_limits.max_concurrent_streams of each kind); more are RESOURCE_EXHAUSTED.
  int max_streams_total = 256;
  // The bytes all open trial balance import streams hold together, in every group; a
  // message beyond it ends its stream with RESOURCE_EXHAUSTED (services/api/import_budget.h).
  size_t import_buffer_bytes_max = size_t{256} << 20;
  // Each import stream's minimum rate and maximum duration (services/api/import_pace.h).
  api::ImportPaceLimits import_pace;
  // Where every group's imports run, and their share of the time while postings are
  // written (services/api/import_lane.h).
  api::ImportLaneOptions import_lane;
  // Replicated mode when replication.etcd_endpoints is not empty (services/group_replicas.h).
  ReplicationOptions replication;
  // Reads that may take long (ListEntries, GetMismatches, RunConsolidation) run on this
  // many threads of the server's own, shared by every group, never on gRPC's; at most
  // reads_queue_max more wait for one, and beyond that a read is RESOURCE_EXHAUSTED
  // (TOO_MANY_READS).
  int reads_concurrency_max = 4;
  int reads_queue_max = 64;
  // Per-group metric series carry a `group` label; false for thousands of groups (one
  // series for all; docs/OPERATIONS.md).
  bool metrics_group_label = true;
  // Tests only: called by a group's writer before it admits each posting, on the writer's
  // thread (services/group_isolation_test.cc blocks one group's writer with it).
  std::function<void(const std::string& group_id)> before_admission_for_testing;
};

class InterCoServer {
 public:
  // Opens the database, then binds and starts serving. Errors:
  //   FAILED_PRECONDITION: the data directory is in use by another server (LOCK held);
  //   UNAVAILABLE: the data directory cannot be created or written (or a data directory of
  //     the release before groups cannot be moved into groups/default), or the address cannot
  //     be bound (in use, or not an address of this host);
  //   INVALID_ARGUMENT / FAILED_PRECONDITION: the security options are inconsistent or
  //     name a file that cannot be read or parsed (see server_security.h), the metrics
  //     address is not loopback without allow_remote_metrics, or a connection limit is
  //     out of range.
  static absl::StatusOr<std::unique_ptr<InterCoServer>> Start(const ServerOptions& options);

  InterCoServer(const InterCoServer&) = delete;
  InterCoServer& operator=(const InterCoServer&) = delete;
  ~InterCoServer();

  // The bound address, with the real port when options.listen.port was 0.
  const ListenAddress& address() const { return address_; }
  // The metrics port actually bound; 0 when metrics are off.
  int metrics_port() const;

  // The fully qualified names of the services health reports on.
  static const std::vector<std::string>& ServiceNames();
  // Health names beside them: kLiveness is SERVING for as long as the process serves at all
  // (the liveness probe: a restart would not help a server that cannot write); kWrites, like
  // the overall name "", is NOT_SERVING while the database refuses writes, while the
  // services' own names stay SERVING, for their reads still work (the readiness probe).
  static constexpr char kLiveness[] = "interco.v1.Liveness";
  static constexpr char kWrites[] = "interco.v1.Writes";

  // Health goes NOT_SERVING, new calls are refused (UNAVAILABLE, SHUTTING_DOWN), endless
  // streams end, in-flight calls get until the drain deadline and are then cancelled, and
  // the database is closed. Idempotent.
  absl::Status Shutdown();

 private:
  // Shutdown's part for the calls; returns once none is left.
  void DrainCalls();
  // The drain's: ends the streams that would never end by themselves (WatchJournal, here
  // and forwarded).
  void EndEndlessStreams();
  struct RoutedServices;
  explicit InterCoServer(ServerOptions options);
  // Opens the group catalog (adopting a single-group data directory as "default") and the
  // pool of open groups; opens "default" so that a damaged one fails the start-up.
  absl::Status OpenCatalog();
  // Replicated mode (server_replication.cc): the catalog every pod shares, into `groups`;
  // then, once the groups are open, the replicas and forwarding: what the router asks
  // whether this pod serves a group.
  absl::Status ShareCatalog(tenancy::GroupsOptions* groups);
  absl::StatusOr<std::function<absl::Status(const std::string&)>> StartReplication();
  // Adopts the groups of the shared catalog this pod lacks: the ids of every group in it.
  std::vector<std::string> SyncCatalog();
  absl::StatusOr<std::unique_ptr<tenancy::Tenant>> OpenGroup(const std::string& id);
  // The first open group's write error (write_health_watch.h).
  absl::Status GroupsWriteHealth(bool try_resume);
  std::vector<std::pair<std::string, uint64_t>> DatabaseFigures();

  ServerOptions options_;
  ListenAddress address_;
  // Declared in dependency order: each is destroyed before what it uses.
  observability::ServerMetrics metrics_;
  std::unique_ptr<security::AccessPolicy> access_policy_;
  std::unique_ptr<api::Authorizer> authorizer_;
  std::unique_ptr<api::StreamSlots> total_streams_;
  std::unique_ptr<api::ImportBufferBudget> import_budget_;
  std::unique_ptr<api::ImportLane> import_lane_;
  std::unique_ptr<BoundedRunner> reads_;
  std::unique_ptr<storage::GroupCatalogStore> catalog_;
  // Replicated mode only: the one connection to etcd, the shared catalog's and the replicas'.
  std::unique_ptr<storage::EtcdLog> etcd_;
  std::unique_ptr<storage::EtcdSharedCatalog> shared_catalog_;     // Replicated mode only.
  // This pod's groups not yet in the shared catalog; SyncCatalog's (the replicas' loop).
  std::vector<tenancy::GroupRecord> unpublished_;
  std::unique_ptr<storage::GroupDirectories> directories_;
  std::unique_ptr<tenancy::OpenGroups> pool_;
  std::unique_ptr<tenancy::Groups> groups_;
  std::unique_ptr<GroupReplicas> replicas_;  // Replicated mode only.
  // How this pod dials its peers to forward calls (MakeServerTransport's).
  std::shared_ptr<grpc::ChannelCredentials> peer_credentials_;
  std::unique_ptr<CallForwarder> forwarder_;  // Replicated mode only; outlives router_.
  std::unique_ptr<GroupRouter> router_;
  std::unique_ptr<api::GroupsService> groups_service_;
  std::unique_ptr<RoutedServices> services_;
  std::unique_ptr<HealthService> health_;  // Outlives server_, which serves it.
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<observability::MetricsEndpoint> metrics_endpoint_;
  std::unique_ptr<WriteHealthWatch> write_health_;
};

}  // namespace interco

#endif  // INTERCO_SERVICES_SERVER_H_
