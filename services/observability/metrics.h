// ServerMetrics: the Prometheus metrics the server exports, by Prometheus naming
// conventions (base units, `_total` counters, `_seconds` histograms):
//   grpc_server_handled_total{grpc_service,grpc_method,grpc_code}     RPCs finished
//   grpc_server_handling_seconds{grpc_service,grpc_method}            time to finish
// Figures of one group's ledger carry a `group` label (the group id; "" for every group
// together when the server runs with --nometrics_group_label, for thousands of groups):
//   interco_ledger_postings_appended_total, interco_ledger_lines_appended_total
//   interco_ledger_commit_postings                  postings per group commit (histogram)
//   interco_ledger_commit_write_seconds             the synced write (WAL fsync) per commit
//   interco_ledger_commit_errors_total              group commits whose write failed
//   interco_ledger_queue_postings{group}            postings waiting for the next commit
//   interco_rocksdb_*                               RocksDB figures, read at each scrape, one
//                                                   metric per property in its unit (metrics.cc)
//   interco_database_writes_stopped                 1 while RocksDB refuses writes
//   interco_build_info{version}                     always 1; the version the server runs
//   interco_ledger_head_sequence{group}             sequence of the last journal entry
//   interco_last_checkpoint_timestamp_seconds{group} last successful checkpoint
//   interco_groups, interco_groups_open             groups held, and open now
//   interco_replication_groups_owned, _behind       replicated mode: groups served here, and
//                                                   groups whose copy is behind the log
//   interco_replication_caught_up_timestamp_seconds the oldest time a group's copy here
//                                                   last held the whole log
//   interco_replication_ownership_changes_total{change="claimed|lost|handed_over"}
//   interco_calls_forwarded_total                   calls relayed to their group's owner
//   interco_import_lane_queued                      imports waiting for the import lane
//   interco_import_lane_rest_seconds_total          the lane's rests, leaving CPU to postings
//   interco_tls_certificate_expiry_timestamp_seconds{file}  when the server certificate
//                                                   and the client CA expire
//   process_*                                       CPU, memory, open files (process_metrics.h)
// Thread-safe.
#ifndef INTERCO_SERVICES_OBSERVABILITY_METRICS_H_
#define INTERCO_SERVICES_OBSERVABILITY_METRICS_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "prometheus/collectable.h"
#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"
#include "services/observability/process_metrics.h"

namespace interco::observability {

// Named values read at scrape time, e.g. RocksDB properties.
using FigureSource = std::function<std::vector<std::pair<std::string, uint64_t>>()>;

// One group's series, looked up once when the group opens.
struct GroupMetrics {
  prometheus::Counter* postings_appended = nullptr;
  prometheus::Counter* lines_appended = nullptr;
  prometheus::Gauge* queue_postings = nullptr;
  prometheus::Gauge* ledger_head_sequence = nullptr;
  prometheus::Gauge* last_checkpoint_seconds = nullptr;
};

class ServerMetrics {
 public:
  // `group_label`: whether per-group series carry the group's id (bounded by --groups_max)
  // or one series stands for every group.
  explicit ServerMetrics(bool group_label = true);

  // The series of group `group` (created on first use).
  GroupMetrics ForGroup(const std::string& group);
  // Removes a deleted group's series.
  void ForgetGroup(const std::string& group);
  // interco_groups and interco_groups_open.
  void SetGroups(size_t groups, size_t open);

  // `full_method` as gRPC names it: "/interco.v1.LedgerService/PostTransaction".
  void RecordRpc(absl::string_view full_method, absl::string_view code, absl::Duration elapsed);
  void RecordCommit(const GroupMetrics& group, size_t postings, size_t lines,
                    absl::Duration write_time, bool ok, size_t still_queued);
  // Exported as one interco_rocksdb_* gauge per RocksDB property (kRocksDbMetrics in
  // metrics.cc; a property it does not name is not exported). Set nullptr before what
  // the source reads goes away: once that returns, no scrape calls the old source.
  void SetDatabaseFigures(FigureSource source);
  // interco_database_writes_stopped: 1 while RocksDB refuses writes after a background error.
  void SetWritesStopped(bool stopped);
  // Replicated mode's figures after each pass over the groups (services/group_replicas.h):
  // groups owned and behind, the oldest catch-up, and the totals of claims, losses and
  // handovers (groups given up to spread them over the pods).
  void SetReplication(size_t owned, size_t behind, absl::Time oldest_caught_up, uint64_t claims,
                      uint64_t losses, uint64_t handovers);
  // interco_calls_forwarded_total: one call relayed to its group's owner.
  void RecordForwarded() { calls_forwarded_.Increment(); }
  // The import lane's queue now, and a rest it begins (services/api/import_lane.h).
  void RecordImportLane(size_t queued, absl::Duration rest);
  // interco_ledger_head_sequence: the journal's head after start-up and each commit.
  void SetLedgerHead(const GroupMetrics& group, uint64_t sequence);
  // interco_last_checkpoint_timestamp_seconds: when the last checkpoint was written.
  void RecordCheckpoint(const GroupMetrics& group, absl::Time written);

  // interco_tls_certificate_expiry_timestamp_seconds{file}: when the certificates of
  // `file` (the server certificate, the client CA) expire.
  void SetCertificateExpiry(const std::string& file, absl::Time expiry);

  // What the HTTP endpoint serves.
  std::vector<std::weak_ptr<prometheus::Collectable>> collectables() const;

 private:
  class FigureCollector;

  std::shared_ptr<prometheus::Registry> registry_;
  const bool group_label_;
  prometheus::Family<prometheus::Counter>& handled_;
  prometheus::Family<prometheus::Histogram>& handling_seconds_;
  std::string GroupLabel(const std::string& group) const { return group_label_ ? group : ""; }

  prometheus::Family<prometheus::Counter>& postings_appended_;
  prometheus::Family<prometheus::Counter>& lines_appended_;
  prometheus::Histogram& commit_postings_;
  prometheus::Histogram& commit_write_seconds_;
  prometheus::Counter& commit_errors_;
  prometheus::Family<prometheus::Gauge>& queue_postings_;
  prometheus::Gauge& writes_stopped_;
  prometheus::Family<prometheus::Gauge>& ledger_head_sequence_;
  prometheus::Family<prometheus::Gauge>& last_checkpoint_seconds_;
  prometheus::Gauge& groups_;
  prometheus::Gauge& groups_open_;
  prometheus::Gauge& replication_owned_;
  prometheus::Gauge& replication_behind_;
  prometheus::Gauge& replication_caught_up_;
  prometheus::Family<prometheus::Counter>& replication_changes_;
  prometheus::Counter& replication_claimed_;
  prometheus::Counter& replication_lost_;
  prometheus::Counter& replication_handed_over_;
  prometheus::Counter& calls_forwarded_;
  absl::Mutex replication_mu_;
  uint64_t replication_claims_seen_ ABSL_GUARDED_BY(replication_mu_) = 0;
  uint64_t replication_losses_seen_ ABSL_GUARDED_BY(replication_mu_) = 0;
  uint64_t replication_handovers_seen_ ABSL_GUARDED_BY(replication_mu_) = 0;
  prometheus::Gauge& import_lane_queued_;
  prometheus::Counter& import_lane_rest_seconds_;
  prometheus::Family<prometheus::Gauge>& certificate_expiry_seconds_;
  std::shared_ptr<FigureCollector> figures_;
  std::shared_ptr<ProcessMetrics> process_;
};

}  // namespace interco::observability

#endif  // INTERCO_SERVICES_OBSERVABILITY_METRICS_H_
