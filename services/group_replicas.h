// GroupReplicas: in replicated mode (--etcd_endpoints), which groups this pod owns and
// serves, and the local copies it keeps of the others (issue 25).
//
// Every group has one log in etcd (storage/etcd/group_log.h). For each group of the
// catalog, one loop of this pod, every `tick`:
//   - a group it does not own is followed: its database is held open here (not in the pool
//     of open groups) and the log's new records are applied to it, each checked against
//     the chain; when the group has no owner (its owner's lease lapsed, or it let go on
//     SIGTERM) this pod claims it if it owns fewer than its fair share of the groups (all
//     groups over the live pods, rounded up), or once the group has waited a lease's time
//     for a pod below its share, applies the log up to the head it claimed under, closes
//     its copy and from then on serves the group (the pool opens it with the log attached);
//   - a group it owns has its lease kept alive; when the lease is lost, or a commit left the
//     database behind the log (an append refused by the fence, or one of unknown outcome),
//     the pod stops serving the group at once, closes it once its calls are done, gives up
//     the lease and follows it again (which applies whatever the log holds that it lacks).
// A follower reads a group's log when the pod's one etcd watch (storage/etcd/log_watch.h)
// says its head, log or owner key changed (an owner's lease lapsing among them), every
// `follow_fallback_every` in case a change was missed, and every tick while the watch is
// down or the group has no owner.
// Each pod registers under /interco/pods/<pod> (its address, bound to a lease of its own):
// the live pods are the registered ones. A pod that owns more than its share (another pod
// joined or came back) gives one group up every `handover_every`, and a pod below its share
// claims it: owners spread over the pods and move back.
// Calls for a group this pod does not serve are refused UNAVAILABLE (reason NOT_OWNER,
// naming the owner), or forwarded to the owner (call_forwarding.h) at the address it
// advertised in the registry; the loop looks up the address of each group's owner as it
// sees the owner change, and every 10 s. Thread-safe.
#ifndef INTERCO_SERVICES_GROUP_REPLICAS_H_
#define INTERCO_SERVICES_GROUP_REPLICAS_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/tenancy/open_groups.h"
#include "storage/etcd/etcd_log.h"
#include "storage/etcd/group_log.h"
#include "storage/etcd/log_watch.h"
#include "storage/group_catalog_store.h"

namespace interco {

// What one pass of the loop over the groups found, for metrics.
struct ReplicationStatus {
  size_t groups_owned = 0;
  // Groups whose local copy could not be brought to the log's end in the last pass (etcd
  // unreachable, a record that failed its checks).
  size_t groups_behind = 0;
  // The oldest moment at which a followed or owned group was last known to hold the whole
  // log (a follower that read to its end, an owner that renewed its lease).
  absl::Time oldest_caught_up = absl::InfinitePast();
  // Since the start: groups this pod claimed, and groups it stopped serving.
  uint64_t claims = 0;
  uint64_t losses = 0;
  // Groups given up to spread the groups over the pods.
  uint64_t handovers = 0;
};

// The PEM files replicated mode reaches etcd with over TLS (--etcd_ca_file, --etcd_cert_file,
// --etcd_key_file); empty paths: not given.
struct EtcdTlsFiles {
  std::string ca_file;    // The CA of etcd's server certificates; empty: plaintext.
  std::string cert_file;  // A client certificate for etcd's --client-cert-auth...
  std::string key_file;   // ...and its key. Both or neither.
};

struct ReplicationOptions {
  // host:port of each etcd member; empty: embedded mode (no GroupReplicas).
  std::vector<std::string> etcd_endpoints;
  EtcdTlsFiles etcd_tls;
  // This pod's name, unique in the deployment (the StatefulSet pod's name).
  std::string pod;
  // host:port at which the other pods reach this one to forward calls; empty: the host
  // the server listens on (this machine's host name when it listens on every address)
  // and the port it bound.
  std::string advertise_address;
  // The owner's lease: how long after an owner stops keeping it alive another pod may
  // take its groups over.
  absl::Duration lease_ttl = absl::Seconds(5);
  // How often each group is looked at (applying, claiming, keeping alive).
  absl::Duration tick = absl::Milliseconds(100);
  // A followed group's log is read when the watch reports a change, and at least this
  // often (a bound on a missed notification's cost).
  absl::Duration follow_fallback_every = absl::Seconds(2);
  // The most bytes of one log record (a commit); below etcd's --max-request-bytes.
  size_t record_bytes_max = storage::EtcdGroupLog::kDefaultRecordBytesMax;
  // Trimming (storage/etcd/group_log.h): each pod reports what its copy holds every
  // `report_every`; each owner, every `trim_every`, deletes the records every pod that
  // reported holds, but the last `log_keep_records` (for a pod that starts afresh).
  uint64_t log_keep_records = 20000;
  absl::Duration report_every = absl::Seconds(2);
  absl::Duration trim_every = absl::Seconds(30);
  // Called on the loop's thread every `sync_every`: the groups to follow (those other pods
  // created since, adopted by it, among them); may be null.
  std::function<std::vector<std::string>()> sync;
  absl::Duration sync_every = absl::Seconds(1);
  // Owners are spread over the live pods: a pod with more than its share gives one group up
  // at most this often (0: never; the groups stay where they were claimed).
  absl::Duration handover_every = absl::Seconds(5);
  // Told after every pass of the loop, on its thread; may be null.
  std::function<void(const ReplicationStatus&)> observe;
};

// INVALID_ARGUMENT naming the flag (etcd_endpoints, pod_name, group_lease_ttl_s). With no
// etcd_endpoints (embedded mode) only that no etcd TLS file is given: "--etcd_ca_file needs
// --etcd_endpoints: TLS to etcd is for replicated mode".
absl::Status ValidateReplicationOptions(const ReplicationOptions& options);

// How the pod reaches etcd: the endpoints, calls bounded by the lease (an answer later than
// the lease is no use to an owner), and TLS from etcd_tls, its files read and checked at
// `now` with LoadClientTls's errors (services/common/client_tls.h), which name the
// --etcd_*_file flag and the file at fault.
absl::StatusOr<storage::EtcdOptions> EtcdOptionsFor(const ReplicationOptions& options,
                                                    absl::Time now);

// The pod's one connection to etcd (the shared catalog's and the replicas'), with
// EtcdOptionsFor's options and errors, and EtcdLog::Connect's. Start checks the rest of the
// options (ValidateReplicationOptions).
absl::StatusOr<std::unique_ptr<storage::EtcdLog>> ConnectEtcd(const ReplicationOptions& options,
                                                              absl::Time now);

class GroupReplicas {
 public:
  // Follows `groups` (their directories must exist) and starts the loop. `etcd`
  // (ConnectEtcd's), `directories` and `pool` must outlive this object.
  static absl::StatusOr<std::unique_ptr<GroupReplicas>> Start(
      ReplicationOptions options, storage::EtcdLog* etcd, storage::GroupDirectories* directories,
      tenancy::OpenGroups* pool, const std::vector<std::string>& groups);
  ~GroupReplicas();

  // OK when this pod serves `group` now; UNAVAILABLE (reason NOT_OWNER) naming the owner
  // (or that there is none yet) otherwise.
  absl::Status CheckServes(const std::string& group) const;
  // The address (host:port) at which the pod that owns `group` takes calls, when another
  // pod owns it and advertised one; nullopt otherwise.
  std::optional<std::string> OwnerAddress(const std::string& group) const;
  // Where other pods reach this one; the loop keeps it in etcd, bound to the pod's lease.
  void Advertise(std::string address);

  // The log to attach to `group`'s database when the pool opens it: its owner's; null when
  // this pod does not serve the group (the open is then refused).
  storage::CommitLog* LogFor(const std::string& group) const;

  // Follows `group` too from now on (a group created since the start, at this pod or
  // another); its directory must exist. Idempotent.
  void Follow(const std::string& group);

  // Stops the loop; then, after the server has drained and closed its groups,
  // ReleaseOwnership gives every lease up, so other pods take over at once.
  void StopLoop();
  void ReleaseOwnership();

 private:
  struct Replica;
  GroupReplicas(ReplicationOptions options, storage::EtcdLog* etcd,
                storage::GroupDirectories* directories, tenancy::OpenGroups* pool);
  void Loop();
  void Tick(Replica& replica);
  void FollowLog(Replica& replica);
  void TryClaim(Replica& replica);
  void KeepOwning(Replica& replica);
  // `handover`: given up to spread the groups (counted apart from losses).
  void StopServing(Replica& replica, const absl::Status& why, bool handover = false);
  // Reports what the copy (or the owner's log) holds, and trims as owner, when they are due.
  void ReportAndTrim(Replica& replica, uint64_t applied);
  void Report(const std::vector<std::shared_ptr<Replica>>& replicas);
  // The replica of `group`; null when this pod does not follow it.
  std::shared_ptr<Replica> Find(const std::string& group) const;
  std::vector<std::shared_ptr<Replica>> Snapshot() const;
  // Keeps this pod's entry under /interco/pods/<pod> (its address, bound to a lease of the
  // pod's: the live pods are the entries there) and counts the live pods, when due.
  void KeepRegistered();
  // Whether this pod may claim `replica`'s unowned group now: below its fair share of the
  // groups (all groups / live pods, rounded up), or the group has waited a lease's time for
  // a pod below its share (so that every group is claimed by someone).
  bool MayClaim(Replica& replica);
  // Gives one owned group up when this pod owns more than its fair share (a pod came back
  // or joined), at most one every `handover_every`, so the others claim it.
  void Spread(const std::vector<std::shared_ptr<Replica>>& replicas);
  size_t OwnedCount() const;
  size_t FairShare() const;
  // The address `pod` advertised, from etcd; "" when it has none or etcd did not answer.
  std::string AddressOf(const std::string& pod);
  // Logs `problem` of `replica` unless it was just logged (the loop looks every tick).
  static void LogProblem(Replica& replica, const std::string& problem);
  // Applies what the log holds beyond the follower copy; false on an error (logged).
  bool ApplyLog(Replica& replica);
  // Marks the groups the watch reported changed (all of them while it is down).
  void NoteWatchedChanges(const std::vector<std::shared_ptr<Replica>>& replicas);
  // Whether a followed group's log is to be read this tick (group_replicas_watch.cc).
  bool DueToFollow(Replica& replica);

  const ReplicationOptions options_;
  storage::EtcdLog* const etcd_;
  storage::GroupDirectories* const directories_;
  tenancy::OpenGroups* const pool_;
  mutable absl::Mutex mu_;
  // Groups are added (Follow), never removed while the pod runs.
  std::vector<std::shared_ptr<Replica>> replicas_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, std::shared_ptr<Replica>> by_group_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::string advertised_ ABSL_GUARDED_BY(mu_);  // Empty until Advertise.
  // The loop's own: the pod's lease in the registry, its last renewal, the live pods.
  int64_t pod_lease_ = 0;
  absl::Time pod_lease_renewed_ = absl::InfinitePast();
  absl::Time pods_counted_ = absl::InfinitePast();
  size_t live_pods_ = 1;
  absl::Time last_handover_ = absl::Now();
  // The loop's own.
  uint64_t claims_ = 0;
  uint64_t losses_ = 0;
  uint64_t handovers_ = 0;
  // Which groups changed in etcd; the loop's own, as is the last problem of it logged.
  std::unique_ptr<storage::GroupLogWatch> watch_;
  std::string watch_problem_;
  std::thread loop_;
};

}  // namespace interco

#endif  // INTERCO_SERVICES_GROUP_REPLICAS_H_
