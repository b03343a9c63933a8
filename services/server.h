// InterCoServer: the running service. Opens the data directory, registers every gRPC
// service, health checking and reflection, and shuts down gracefully.
#ifndef INTERCO_SERVICES_SERVER_H_
#define INTERCO_SERVICES_SERVER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"
#include "services/api/authorizer.h"
#include "services/api/group_structure_service.h"
#include "services/api/ledger_service.h"
#include "services/connection_limits.h"
#include "services/group/ownership.h"
#include "services/group/registry.h"
#include "services/ledger/sequencer.h"
#include "services/listen_address.h"
#include "services/observability/metrics.h"
#include "services/observability/metrics_endpoint.h"
#include "services/pricing/pricing_book.h"
#include "services/security/access_policy.h"
#include "services/server_security.h"
#include "services/trial_balance/chart.h"
#include "services/trial_balance/importer.h"
#include "services/write_health_watch.h"
#include "storage/chart_store.h"
#include "storage/database.h"
#include "storage/ledger_store.h"
#include "storage/pricing_store.h"
#include "storage/structure_store.h"
#include "storage/trial_balance_store.h"

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
};

class InterCoServer {
 public:
  // Opens the database, then binds and starts serving. Errors:
  //   FAILED_PRECONDITION: the data directory is in use by another server (LOCK held);
  //   UNAVAILABLE: the data directory cannot be created or written, or the address cannot
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

  // Health goes NOT_SERVING, new calls are refused, in-flight calls get until the drain
  // deadline and are then cancelled, and the database is closed. Idempotent.
  absl::Status Shutdown();

 private:
  struct Services;
  InterCoServer(ServerOptions options, std::unique_ptr<storage::Database> database);
  // Replays the stored structure, pricing and chart histories, opens the ledger and the
  // trial balances and builds the services.
  absl::Status LoadState();

  ServerOptions options_;
  ListenAddress address_;
  // Declared in dependency order: each is destroyed before what it uses.
  observability::ServerMetrics metrics_;
  std::unique_ptr<security::AccessPolicy> access_policy_;
  std::unique_ptr<api::Authorizer> authorizer_;
  std::unique_ptr<storage::Database> database_;
  std::unique_ptr<storage::StructureStore> structure_store_;
  std::unique_ptr<group::StructureRegistry> registry_;
  std::unique_ptr<storage::PricingStore> pricing_store_;
  std::unique_ptr<pricing::PricingRegistry> pricing_;
  std::unique_ptr<storage::ChartStore> chart_store_;
  std::unique_ptr<trial_balance::ChartRegistry> chart_;
  std::unique_ptr<storage::RocksDbTrialBalanceStore> trial_balance_store_;
  std::unique_ptr<trial_balance::TrialBalanceImporter> trial_balance_importer_;
  // Imported trial balances, which a change of functional currency must respect.
  std::unique_ptr<ledger::CurrencyBooks> trial_balance_books_;
  std::unique_ptr<storage::LedgerStore> ledger_store_;
  std::unique_ptr<ledger::Sequencer> sequencer_;
  std::unique_ptr<Services> services_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<observability::MetricsEndpoint> metrics_endpoint_;
  std::unique_ptr<WriteHealthWatch> write_health_;
};

}  // namespace interco

#endif  // INTERCO_SERVICES_SERVER_H_
