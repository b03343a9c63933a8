#include "services/observability/metrics.h"

#include <map>
#include <string>

#include "absl/synchronization/mutex.h"
#include "prometheus/metric_family.h"
#include "services/observability/build_info.h"

namespace interco::observability {
namespace {

const prometheus::Histogram::BucketBoundaries& LatencyBuckets() {
  static const auto* const kBuckets = new prometheus::Histogram::BucketBoundaries{
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
      0.05,   0.1,     0.25,   0.5,   1,      2.5,   5,    10};
  return *kBuckets;
}

const prometheus::Histogram::BucketBoundaries& BatchBuckets() {
  static const auto* const kBuckets = new prometheus::Histogram::BucketBoundaries{
      1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048};
  return *kBuckets;
}

// "/pkg.Service/Method" -> {"pkg.Service", "Method"}; anything else is kept whole.
std::pair<std::string, std::string> SplitMethod(absl::string_view full_method) {
  const size_t slash = full_method.rfind('/');
  if (full_method.empty() || full_method[0] != '/' || slash == 0) {
    return {std::string(full_method), ""};
  }
  return {std::string(full_method.substr(1, slash - 1)),
          std::string(full_method.substr(slash + 1))};
}

}  // namespace

// The metric of each RocksDB property storage/database.cc reads (Database::Figures), named
// by Prometheus's conventions: one metric per unit, the unit in the name. The deploy
// checks (deploy/validate/metrics.mjs) read this table, and refuse a property of
// storage/database.cc's that it does not name.
namespace {
struct RocksDbMetric {
  const char* property;
  const char* name;
  const char* help;
};
constexpr RocksDbMetric kRocksDbMetrics[] = {
    {"cur-size-all-mem-tables", "interco_rocksdb_memtables_bytes",
     "RocksDB memtables' size (rocksdb.cur-size-all-mem-tables), summed over the open groups"},
    {"total-sst-files-size", "interco_rocksdb_sst_files_bytes",
     "RocksDB SST files' size (rocksdb.total-sst-files-size)"},
    {"estimate-num-keys", "interco_rocksdb_estimated_keys",
     "RocksDB's estimate of its keys (rocksdb.estimate-num-keys)"},
    {"estimate-pending-compaction-bytes", "interco_rocksdb_pending_compaction_bytes",
     "Bytes RocksDB estimates compaction has to rewrite (rocksdb.estimate-pending-compaction-bytes)"},
    {"num-running-compactions", "interco_rocksdb_running_compactions",
     "RocksDB compactions running (rocksdb.num-running-compactions)"},
    {"num-running-flushes", "interco_rocksdb_running_flushes",
     "RocksDB memtable flushes running (rocksdb.num-running-flushes)"},
    {"actual-delayed-write-rate", "interco_rocksdb_delayed_write_rate_bytes_per_second",
     "The rate RocksDB slows writes to, 0 when it does not (rocksdb.actual-delayed-write-rate)"},
    {"is-write-stopped", "interco_rocksdb_write_stopped",
     "Open groups whose RocksDB stops writes (rocksdb.is-write-stopped, 0 or 1 per group)"},
    {"background-errors", "interco_rocksdb_background_errors",
     "RocksDB background errors since the groups opened (rocksdb.background-errors)"},
};
}  // namespace

// Reads its source at every scrape, so the figures are never stale.
class ServerMetrics::FigureCollector final : public prometheus::Collectable {
 public:
  void Set(FigureSource source) {
    absl::MutexLock lock(&mu_);
    source_ = std::move(source);
  }

  std::vector<prometheus::MetricFamily> Collect() const override {
    // The source is called under the lock, so that Set(nullptr) returns only once no
    // scrape can still be reading what the source refers to.
    absl::MutexLock lock(&mu_);
    const FigureSource& source = source_;
    if (!source) return {};
    std::vector<prometheus::MetricFamily> families;
    for (const auto& [property, value] : source()) {
      for (const RocksDbMetric& metric : kRocksDbMetrics) {
        if (property != metric.property) continue;
        prometheus::ClientMetric sample;
        sample.gauge.value = static_cast<double>(value);
        families.push_back(
            {metric.name, metric.help, prometheus::MetricType::Gauge, {std::move(sample)}});
      }
    }
    return families;
  }

 private:
  mutable absl::Mutex mu_;
  FigureSource source_ ABSL_GUARDED_BY(mu_);
};

ServerMetrics::ServerMetrics(bool group_label)
    : registry_(std::make_shared<prometheus::Registry>()),
      group_label_(group_label),
      handled_(prometheus::BuildCounter()
                   .Name("grpc_server_handled_total")
                   .Help("RPCs completed on the server, by status code")
                   .Register(*registry_)),
      handling_seconds_(prometheus::BuildHistogram()
                            .Name("grpc_server_handling_seconds")
                            .Help("Time from receiving an RPC to sending its status")
                            .Register(*registry_)),
      postings_appended_(prometheus::BuildCounter()
                             .Name("interco_ledger_postings_appended_total")
                             .Help("Postings appended to the journal")
                             .Register(*registry_)),
      lines_appended_(prometheus::BuildCounter()
                          .Name("interco_ledger_lines_appended_total")
                          .Help("Ledger lines appended to the journal")
                          .Register(*registry_)),
      commit_postings_(prometheus::BuildHistogram()
                           .Name("interco_ledger_commit_postings")
                           .Help("Postings written by one group commit")
                           .Register(*registry_)
                           .Add({}, BatchBuckets())),
      commit_write_seconds_(prometheus::BuildHistogram()
                                .Name("interco_ledger_commit_write_seconds")
                                .Help("Duration of a group commit's synced write (WAL fsync)")
                                .Register(*registry_)
                                .Add({}, LatencyBuckets())),
      commit_errors_(prometheus::BuildCounter()
                         .Name("interco_ledger_commit_errors_total")
                         .Help("Group commits whose write failed (nothing acknowledged)")
                         .Register(*registry_)
                         .Add({})),
      queue_postings_(prometheus::BuildGauge()
                          .Name("interco_ledger_queue_postings")
                          .Help("Postings waiting for the next group commit")
                          .Register(*registry_)),
      writes_stopped_(prometheus::BuildGauge()
                          .Name("interco_database_writes_stopped")
                          .Help("1 while RocksDB refuses writes after a background error (a "
                                "flush or compaction failed); health is then NOT_SERVING")
                          .Register(*registry_)
                          .Add({})),
      ledger_head_sequence_(prometheus::BuildGauge()
                                .Name("interco_ledger_head_sequence")
                                .Help("Sequence of the last entry appended to the journal")
                                .Register(*registry_)),
      last_checkpoint_seconds_(
          prometheus::BuildGauge()
              .Name("interco_last_checkpoint_timestamp_seconds")
              .Help("When this process last wrote a checkpoint of the group (CreateCheckpoint), "
                    "in seconds since the Unix epoch; 0 before the first")
              .Register(*registry_)),
      groups_(prometheus::BuildGauge()
                  .Name("interco_groups")
                  .Help("Groups (tenants) the server holds, default included")
                  .Register(*registry_)
                  .Add({})),
      groups_open_(prometheus::BuildGauge()
                       .Name("interco_groups_open")
                       .Help("Groups open now (each with its database and writer)")
                       .Register(*registry_)
                       .Add({})),
      replication_owned_(prometheus::BuildGauge()
                             .Name("interco_replication_groups_owned")
                             .Help("Replicated mode: groups this pod owns and serves")
                             .Register(*registry_)
                             .Add({})),
      replication_behind_(prometheus::BuildGauge()
                              .Name("interco_replication_groups_behind")
                              .Help("Replicated mode: groups whose copy here could not reach "
                                    "the log's end in the last pass")
                              .Register(*registry_)
                              .Add({})),
      replication_caught_up_(prometheus::BuildGauge()
                                 .Name("interco_replication_caught_up_timestamp_seconds")
                                 .Help("Replicated mode: the oldest time a group's copy here "
                                       "last held the whole log")
                                 .Register(*registry_)
                                 .Add({})),
      replication_changes_(prometheus::BuildCounter()
                               .Name("interco_replication_ownership_changes_total")
                               .Help("Replicated mode: groups this pod claimed or lost")
                               .Register(*registry_)),
      replication_claimed_(replication_changes_.Add({{"change", "claimed"}})),
      replication_lost_(replication_changes_.Add({{"change", "lost"}})),
      replication_handed_over_(replication_changes_.Add({{"change", "handed_over"}})),
      calls_forwarded_(prometheus::BuildCounter()
                           .Name("interco_calls_forwarded_total")
                           .Help("Replicated mode: calls relayed to the pod that owns their "
                                 "group")
                           .Register(*registry_)
                           .Add({})),
      import_lane_queued_(prometheus::BuildGauge()
                              .Name("interco_import_lane_queued")
                              .Help("Trial balance imports waiting for the import lane")
                              .Register(*registry_)
                              .Add({})),
      import_lane_rest_seconds_(
          prometheus::BuildCounter()
              .Name("interco_import_lane_rest_seconds_total")
              .Help("Time the import lane rested to leave the CPU to postings")
              .Register(*registry_)
              .Add({})),
      certificate_expiry_seconds_(
          prometheus::BuildGauge()
              .Name("interco_tls_certificate_expiry_timestamp_seconds")
              .Help("When the certificates of a file the server serves with expire (the "
                    "earliest notAfter in it), in seconds since the Unix epoch; read at start-up")
              .Register(*registry_)),
      figures_(std::make_shared<FigureCollector>()),
      process_(std::make_shared<ProcessMetrics>()) {
  // Dashboards and alerts join on it to tell which build a figure came from.
  prometheus::BuildGauge()
      .Name("interco_build_info")
      .Help("Always 1; its version label is the version of the running server")
      .Register(*registry_)
      .Add({{"version", std::string(kServerVersion)}})
      .Set(1);
}

void ServerMetrics::RecordRpc(absl::string_view full_method, absl::string_view code,
                              absl::Duration elapsed) {
  auto [service, method] = SplitMethod(full_method);
  handled_
      .Add({{"grpc_service", service}, {"grpc_method", method}, {"grpc_code", std::string(code)}})
      .Increment();
  handling_seconds_.Add({{"grpc_service", service}, {"grpc_method", method}}, LatencyBuckets())
      .Observe(absl::ToDoubleSeconds(elapsed));
}

void ServerMetrics::SetWritesStopped(bool stopped) { writes_stopped_.Set(stopped ? 1 : 0); }

GroupMetrics ServerMetrics::ForGroup(const std::string& group) {
  const std::map<std::string, std::string> labels = {{"group", GroupLabel(group)}};
  GroupMetrics series;
  series.postings_appended = &postings_appended_.Add(labels);
  series.lines_appended = &lines_appended_.Add(labels);
  series.queue_postings = &queue_postings_.Add(labels);
  series.ledger_head_sequence = &ledger_head_sequence_.Add(labels);
  series.last_checkpoint_seconds = &last_checkpoint_seconds_.Add(labels);
  return series;
}

void ServerMetrics::ForgetGroup(const std::string& group) {
  if (!group_label_) return;  // The one series stands for the groups still there.
  const GroupMetrics series = ForGroup(group);
  postings_appended_.Remove(series.postings_appended);
  lines_appended_.Remove(series.lines_appended);
  queue_postings_.Remove(series.queue_postings);
  ledger_head_sequence_.Remove(series.ledger_head_sequence);
  last_checkpoint_seconds_.Remove(series.last_checkpoint_seconds);
}

void ServerMetrics::SetGroups(size_t groups, size_t open) {
  groups_.Set(static_cast<double>(groups));
  groups_open_.Set(static_cast<double>(open));
}

void ServerMetrics::SetLedgerHead(const GroupMetrics& group, uint64_t sequence) {
  group.ledger_head_sequence->Set(static_cast<double>(sequence));
}

void ServerMetrics::RecordCheckpoint(const GroupMetrics& group, absl::Time written) {
  group.last_checkpoint_seconds->Set(absl::ToDoubleSeconds(written - absl::UnixEpoch()));
}

void ServerMetrics::SetCertificateExpiry(const std::string& file, absl::Time expiry) {
  certificate_expiry_seconds_.Add({{"file", file}})
      .Set(absl::ToDoubleSeconds(expiry - absl::UnixEpoch()));
}

void ServerMetrics::RecordCommit(const GroupMetrics& group, size_t postings, size_t lines,
                                 absl::Duration write_time, bool ok, size_t still_queued) {
  group.queue_postings->Set(static_cast<double>(still_queued));
  commit_write_seconds_.Observe(absl::ToDoubleSeconds(write_time));
  if (!ok) {
    commit_errors_.Increment();
    return;
  }
  group.postings_appended->Increment(static_cast<double>(postings));
  group.lines_appended->Increment(static_cast<double>(lines));
  commit_postings_.Observe(static_cast<double>(postings));
}

void ServerMetrics::SetReplication(size_t owned, size_t behind, absl::Time oldest_caught_up,
                                   uint64_t claims, uint64_t losses, uint64_t handovers) {
  replication_owned_.Set(static_cast<double>(owned));
  replication_behind_.Set(static_cast<double>(behind));
  replication_caught_up_.Set(absl::ToDoubleSeconds(oldest_caught_up - absl::UnixEpoch()));
  absl::MutexLock lock(&replication_mu_);
  if (claims > replication_claims_seen_) {
    replication_claimed_.Increment(static_cast<double>(claims - replication_claims_seen_));
    replication_claims_seen_ = claims;
  }
  if (losses > replication_losses_seen_) {
    replication_lost_.Increment(static_cast<double>(losses - replication_losses_seen_));
    replication_losses_seen_ = losses;
  }
  if (handovers > replication_handovers_seen_) {
    replication_handed_over_.Increment(
        static_cast<double>(handovers - replication_handovers_seen_));
    replication_handovers_seen_ = handovers;
  }
}

void ServerMetrics::RecordImportLane(size_t queued, absl::Duration rest) {
  import_lane_queued_.Set(static_cast<double>(queued));
  if (rest > absl::ZeroDuration()) import_lane_rest_seconds_.Increment(absl::ToDoubleSeconds(rest));
}

void ServerMetrics::SetDatabaseFigures(FigureSource source) { figures_->Set(std::move(source)); }

std::vector<std::weak_ptr<prometheus::Collectable>> ServerMetrics::collectables() const {
  return {registry_, figures_, process_};
}

}  // namespace interco::observability
