#include "services/observability/metrics.h"

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
    prometheus::MetricFamily family{"interco_rocksdb_property",
                                    "RocksDB integer properties (rocksdb.<property>)",
                                    prometheus::MetricType::Gauge,
                                    {}};
    for (const auto& [name, value] : source()) {
      prometheus::ClientMetric metric;
      metric.label.push_back({"property", name});
      metric.gauge.value = static_cast<double>(value);
      family.metric.push_back(std::move(metric));
    }
    return {std::move(family)};
  }

 private:
  mutable absl::Mutex mu_;
  FigureSource source_ ABSL_GUARDED_BY(mu_);
};

ServerMetrics::ServerMetrics()
    : registry_(std::make_shared<prometheus::Registry>()),
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
                             .Register(*registry_)
                             .Add({})),
      lines_appended_(prometheus::BuildCounter()
                          .Name("interco_ledger_lines_appended_total")
                          .Help("Ledger lines appended to the journal")
                          .Register(*registry_)
                          .Add({})),
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
                          .Register(*registry_)
                          .Add({})),
      writes_stopped_(prometheus::BuildGauge()
                          .Name("interco_database_writes_stopped")
                          .Help("1 while RocksDB refuses writes after a background error (a "
                                "flush or compaction failed); health is then NOT_SERVING")
                          .Register(*registry_)
                          .Add({})),
      ledger_head_sequence_(prometheus::BuildGauge()
                                .Name("interco_ledger_head_sequence")
                                .Help("Sequence of the last entry appended to the journal")
                                .Register(*registry_)
                                .Add({})),
      last_checkpoint_seconds_(
          prometheus::BuildGauge()
              .Name("interco_last_checkpoint_timestamp_seconds")
              .Help("When this process last wrote a checkpoint (CreateCheckpoint), in seconds "
                    "since the Unix epoch; 0 before the first")
              .Register(*registry_)
              .Add({})),
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

void ServerMetrics::SetLedgerHead(uint64_t sequence) {
  ledger_head_sequence_.Set(static_cast<double>(sequence));
}

void ServerMetrics::RecordCheckpoint(absl::Time written) {
  last_checkpoint_seconds_.Set(absl::ToDoubleSeconds(written - absl::UnixEpoch()));
}

void ServerMetrics::RecordCommit(size_t postings, size_t lines, absl::Duration write_time, bool ok,
                                 size_t still_queued) {
  queue_postings_.Set(static_cast<double>(still_queued));
  commit_write_seconds_.Observe(absl::ToDoubleSeconds(write_time));
  if (!ok) {
    commit_errors_.Increment();
    return;
  }
  postings_appended_.Increment(static_cast<double>(postings));
  lines_appended_.Increment(static_cast<double>(lines));
  commit_postings_.Observe(static_cast<double>(postings));
}

void ServerMetrics::SetDatabaseFigures(FigureSource source) { figures_->Set(std::move(source)); }

std::vector<std::weak_ptr<prometheus::Collectable>> ServerMetrics::collectables() const {
  return {registry_, figures_, process_};
}

}  // namespace interco::observability
