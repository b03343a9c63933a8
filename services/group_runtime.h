// GroupRuntime: one group's open books: its database, stores, registries, writer
// (sequencer) and the gRPC service objects that serve it. What a single-group server was
// before groups; the server holds one per open group (services/tenancy/open_groups.h) and
// routes each call to its group's services (services/group_router.h).
//
// Created by Open, which replays the group's reference histories and opens its ledger.
// Thread-safe as its parts are; Close stops the writer and closes the database, once, when
// no call uses the group any more.
#ifndef INTERCO_SERVICES_GROUP_RUNTIME_H_
#define INTERCO_SERVICES_GROUP_RUNTIME_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/api/admin_service.h"
#include "services/api/authorizer.h"
#include "services/api/consolidation_service.h"
#include "services/api/group_structure_service.h"
#include "services/api/ledger_service.h"
#include "services/api/policy_service.h"
#include "services/api/stream_parsing_ledger_service.h"
#include "services/api/transfer_pricing_service.h"
#include "services/api/trial_balance_service.h"
#include "services/group/ownership.h"
#include "services/observability/metrics.h"
#include "services/pricing/fx.h"
#include "services/tenancy/open_groups.h"
#include "storage/database.h"

namespace interco {

struct GroupRuntimeOptions {
  std::string group_id;
  group::OwnershipThresholds thresholds;
  pricing::FxStaleness fx_staleness{pricing::kDefaultSpotStaleDaysMax};
  api::LedgerLimits ledger_limits;
  // Import streams' pace and the server's budget of import bytes (which must outlive the
  // runtime).
  api::ImportStreamLimits import_limits;
  size_t get_structure_records_max = api::kDefaultStructureRecordsMax;
  // Where this group's checkpoints go; empty: refused.
  std::string backup_dir;
  // Must outlive the runtime.
  const api::Authorizer* authorizer = nullptr;
  observability::ServerMetrics* metrics = nullptr;
  // Told after each checkpoint with the ledger sequence it holds.
  std::function<void(uint64_t ledger_sequence)> on_checkpoint;
  // Tests only: called on the writer's thread before each posting is admitted.
  std::function<void(const std::string& group_id)> before_admission_for_testing;
};

class GroupRuntime final : public tenancy::Tenant {
 public:
  static absl::StatusOr<std::unique_ptr<GroupRuntime>> Open(
      GroupRuntimeOptions options, std::unique_ptr<storage::Database> database);
  ~GroupRuntime() override;

  uint64_t ledger_sequence() const override;
  absl::Status Close() override;
  void EndEndlessStreams() override;

  const std::string& id() const { return options_.group_id; }
  // The group's service objects, which the server's routing services call.
  api::AdminService& admin();
  api::GroupStructureService& group_structure();
  api::TransferPricingService& transfer_pricing();
  api::PolicyService& policy();
  api::StreamParsingLedgerService& ledger();
  api::ConsolidationService& consolidation();
  api::TrialBalanceService& trial_balance();
  // The database's own figures (metrics) and write health.
  const storage::Database& database() const { return *database_; }
  storage::Database& database() { return *database_; }

 private:
  struct State;
  struct Services;
  GroupRuntime(GroupRuntimeOptions options, std::unique_ptr<storage::Database> database);
  absl::Status Load();
  api::AdminService::Checkpointer Checkpointer();

  const GroupRuntimeOptions options_;
  observability::GroupMetrics metrics_;
  std::unique_ptr<storage::Database> database_;
  std::unique_ptr<State> state_;
  std::unique_ptr<Services> services_;
  bool closed_ = false;
};

}  // namespace interco

#endif  // INTERCO_SERVICES_GROUP_RUNTIME_H_
