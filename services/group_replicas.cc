#include "services/group_replicas.h"

#include <atomic>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/field_error.h"
#include "services/common/status_macros.h"
#include "services/group_replicas_replica.h"
#include "services/group_runtime.h"
#include "spdlog/spdlog.h"

namespace interco {
namespace {

// How long an owner's address is used before it is read again.
constexpr absl::Duration kOwnerAddressFresh = absl::Seconds(10);

}  // namespace

absl::StatusOr<std::unique_ptr<GroupReplicas>> GroupReplicas::Start(
    ReplicationOptions options, storage::EtcdLog* etcd, storage::GroupDirectories* directories,
    tenancy::OpenGroups* pool, const std::vector<std::string>& groups) {
  RETURN_IF_ERROR(ValidateReplicationOptions(options));
  storage::GroupLogWatchOptions watch;
  watch.endpoints = etcd->options().endpoints;
  watch.tls = etcd->options().tls;
  ASSIGN_OR_RETURN(std::unique_ptr<storage::GroupLogWatch> watching,
                   storage::GroupLogWatch::Start(std::move(watch)));
  std::unique_ptr<GroupReplicas> replicas(
      new GroupReplicas(std::move(options), etcd, directories, pool));
  replicas->watch_ = std::move(watching);
  for (const std::string& group : groups) replicas->Follow(group);
  const EtcdTlsFiles& tls = replicas->options_.etcd_tls;
  const char* transport = tls.ca_file.empty()     ? "plaintext"
                          : tls.cert_file.empty() ? "TLS"
                                                  : "mutual TLS";
  spdlog::info("replicated mode: pod {} follows {} group(s) through etcd at {} ({})",
               replicas->options_.pod, groups.size(),
               absl::StrJoin(replicas->options_.etcd_endpoints, ","), transport);
  GroupReplicas* self = replicas.get();
  replicas->loop_ = std::thread([self] { self->Loop(); });
  return replicas;
}

GroupReplicas::GroupReplicas(ReplicationOptions options, storage::EtcdLog* etcd,
                             storage::GroupDirectories* directories, tenancy::OpenGroups* pool)
    : options_(std::move(options)), etcd_(etcd), directories_(directories), pool_(pool) {}

GroupReplicas::~GroupReplicas() {
  StopLoop();
  ReleaseOwnership();
}

void GroupReplicas::Follow(const std::string& group) {
  absl::MutexLock lock(&mu_);
  if (by_group_.contains(group)) return;
  auto replica = std::make_shared<Replica>();
  replica->group = group;
  replica->log = std::make_unique<storage::EtcdGroupLog>(etcd_, group, options_.pod,
                                                         options_.record_bytes_max);
  by_group_[group] = replica;
  replicas_.push_back(std::move(replica));
}

std::shared_ptr<GroupReplicas::Replica> GroupReplicas::Find(const std::string& group) const {
  absl::MutexLock lock(&mu_);
  const auto found = by_group_.find(group);
  return found == by_group_.end() ? nullptr : found->second;
}

std::vector<std::shared_ptr<GroupReplicas::Replica>> GroupReplicas::Snapshot() const {
  absl::MutexLock lock(&mu_);
  return replicas_;
}

absl::Status GroupReplicas::CheckServes(const std::string& group) const {
  const std::shared_ptr<Replica> found = Find(group);
  if (found == nullptr) {
    return WithReason(absl::UnavailableError(absl::StrCat(
                          "group \"", group, "\" is not followed by this pod yet (it was "
                          "created a moment ago); retry shortly")),
                      "NOT_OWNER");
  }
  const Replica& replica = *found;
  if (replica.serving.load()) return absl::OkStatus();
  absl::MutexLock lock(&replica.mu);
  return WithReason(
      absl::UnavailableError(absl::StrCat(
          "pod ", options_.pod, " does not own group \"", group, "\"; ",
          replica.owner.empty() ? "no pod owns it this moment (a takeover is under way)"
                                : absl::StrCat("pod ", replica.owner, " does"),
          "; retry there or shortly (nothing was written)")),
      "NOT_OWNER");
}

storage::CommitLog* GroupReplicas::LogFor(const std::string& group) const {
  const std::shared_ptr<Replica> found = Find(group);
  if (found == nullptr || !found->serving.load()) return nullptr;
  return found->log.get();  // The replica, and so its log, lives as long as this object.
}

void GroupReplicas::StopLoop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (loop_.joinable()) loop_.join();
  if (watch_ != nullptr) watch_->Stop();
}

void GroupReplicas::ReleaseOwnership() {
  for (const auto& replica : Snapshot()) {
    replica->serving.store(false);
    if (absl::Status released = replica->log->Release(); !released.ok()) {
      spdlog::warn("group {}: the lease was not given up ({}); it lapses by itself",
                   replica->group, released.ToString());
    }
    replica->copy.reset();
  }
  // Out of the registry: the other pods' shares count without this one at once.
  if (pod_lease_ != 0) etcd_->RevokeLease(pod_lease_).IgnoreError();
  pod_lease_ = 0;
}

void GroupReplicas::Loop() {
  absl::Time last_sync = absl::InfinitePast();
  for (;;) {
    KeepRegistered();
    if (options_.sync && absl::Now() - last_sync >= options_.sync_every) {
      last_sync = absl::Now();
      for (const std::string& group : options_.sync()) Follow(group);
    }
    const std::vector<std::shared_ptr<Replica>> replicas = Snapshot();
    NoteWatchedChanges(replicas);
    for (const auto& replica : replicas) {
      {
        absl::MutexLock lock(&mu_);
        if (stopping_) return;
      }
      Tick(*replica);
    }
    Spread(replicas);
    Report(replicas);
    absl::MutexLock lock(&mu_);
    mu_.AwaitWithTimeout(absl::Condition(&stopping_), options_.tick);
    if (stopping_) return;
  }
}

void GroupReplicas::Tick(Replica& replica) {
  switch (replica.role) {
    case Replica::Role::kServing:
      KeepOwning(replica);
      return;
    case Replica::Role::kClosing: {
      // Given up: the group closes once its calls are done; then this pod follows it.
      absl::Status closed = pool_->CloseWhenUnused(replica.group, options_.tick);
      if (!closed.ok() && closed.code() == absl::StatusCode::kUnavailable) return;
      if (!closed.ok()) {
        spdlog::warn("group {}: closing it: {}", replica.group, closed.ToString());
      }
      replica.role = Replica::Role::kFollowing;
      replica.log_changed = true;  // Whatever the log holds that the copy lacks, at once.
      return;
    }
    case Replica::Role::kFollowing:
      if (DueToFollow(replica)) FollowLog(replica);
      return;
  }
}

void GroupReplicas::LogProblem(Replica& replica, const std::string& problem) {
  const absl::Time now = absl::Now();
  if (problem == replica.last_problem && now - replica.last_problem_logged < absl::Minutes(1)) {
    return;
  }
  replica.last_problem = problem;
  replica.last_problem_logged = now;
  spdlog::warn("group {}: {}", replica.group, problem);
}

void GroupReplicas::Report(const std::vector<std::shared_ptr<Replica>>& replicas) {
  if (!options_.observe) return;
  ReplicationStatus status;
  status.oldest_caught_up = absl::InfiniteFuture();
  for (const auto& replica : replicas) {
    if (replica->serving.load()) ++status.groups_owned;
    if (replica->behind) ++status.groups_behind;
    status.oldest_caught_up = std::min(status.oldest_caught_up, replica->caught_up);
  }
  if (replicas.empty()) status.oldest_caught_up = absl::Now();
  status.claims = claims_;
  status.losses = losses_;
  status.handovers = handovers_;
  options_.observe(status);
}

bool GroupReplicas::ApplyLog(Replica& replica) {
  replica.behind = true;  // Until the log's end is reached.
  for (;;) {
    absl::StatusOr<storage::LogPosition> from = replica.copy->AppliedLogPosition();
    if (!from.ok()) {
      LogProblem(replica, from.status().ToString());
      return false;
    }
    absl::StatusOr<std::vector<storage::LogRecord>> records = replica.log->ReadAfter(*from, 32);
    if (!records.ok()) {
      LogProblem(replica, absl::StrCat("reading the log after ", from->index, ": ",
                                       records.status().ToString()));
      return false;
    }
    if (records->empty()) {
      replica.behind = false;
      replica.caught_up = absl::Now();
      return true;
    }
    for (const storage::LogRecord& record : *records) {
      if (absl::Status applied = replica.copy->ApplyLogRecord(record.position, record.batch);
          !applied.ok()) {
        LogProblem(replica, absl::StrCat("applying log record ", record.position.index, ": ",
                                         applied.ToString()));
        return false;
      }
    }
  }
}

void GroupReplicas::FollowLog(Replica& replica) {
  if (replica.copy == nullptr) {
    absl::StatusOr<std::unique_ptr<storage::Database>> copy =
        directories_->OpenExisting(replica.group);
    if (!copy.ok()) {
      LogProblem(replica, absl::StrCat("opening the local copy: ", copy.status().ToString()));
      return;
    }
    replica.copy = *std::move(copy);
  }
  if (!ApplyLog(replica)) return;
  if (absl::StatusOr<storage::LogPosition> applied = replica.copy->AppliedLogPosition();
      applied.ok()) {
    ReportAndTrim(replica, applied->index);
  }
  TryClaim(replica);
}

void GroupReplicas::TryClaim(Replica& replica) {
  absl::StatusOr<std::optional<std::string>> owner = replica.log->Owner();
  if (!owner.ok()) return;  // etcd unreachable: keep following what was applied.
  const std::string owner_now = owner->value_or("");
  bool look_up = false;
  {
    absl::MutexLock lock(&replica.mu);
    if (replica.owner != owner_now) replica.owner_address.clear();
    replica.owner = owner_now;
    // Read again now and then: a pod restarted under its name may listen elsewhere.
    look_up = !owner_now.empty() &&
              (replica.owner_address.empty() ||
               absl::Now() - replica.owner_address_read > kOwnerAddressFresh);
  }
  if (look_up) {  // Outside the lock: calls ask OwnerAddress meanwhile.
    replica.owner_address_read = absl::Now();
    std::string address = AddressOf(owner_now);
    absl::MutexLock lock(&replica.mu);
    if (replica.owner == owner_now) replica.owner_address = std::move(address);
  }
  if (owner->has_value()) {
    replica.unowned_since = absl::InfiniteFuture();
    return;
  }
  if (replica.unowned_since == absl::InfiniteFuture()) replica.unowned_since = absl::Now();
  if (!MayClaim(replica)) return;  // Left to a pod below its share, for a while.
  absl::StatusOr<storage::LogPosition> head = replica.log->Claim(options_.lease_ttl);
  if (!head.ok()) return;  // Another pod was quicker, or etcd did not answer.
  // Nobody else appends now: the copy must reach the head claimed under, then this pod serves.
  const bool caught_up = ApplyLog(replica);
  absl::StatusOr<storage::LogPosition> applied = replica.copy->AppliedLogPosition();
  if (!caught_up || !applied.ok() || *applied != *head) {
    spdlog::error("group {}: claimed at log index {} but the local copy is at {}; giving it up",
                  replica.group, head->index, applied.ok() ? applied->index : 0);
    replica.log->Release().IgnoreError();
    return;
  }
  replica.copy.reset();  // The pool opens the database, with the log attached.
  {
    absl::MutexLock lock(&replica.mu);
    replica.owner = options_.pod;
    replica.owner_address.clear();
  }
  replica.last_keepalive = absl::Now();
  replica.caught_up = replica.last_keepalive;
  ++claims_;
  replica.role = Replica::Role::kServing;
  replica.serving.store(true);
  spdlog::info("group {}: pod {} owns it now, at log index {}", replica.group, options_.pod,
               head->index);
}

void GroupReplicas::KeepOwning(Replica& replica) {
  if (!replica.log->owned()) {
    StopServing(replica, absl::FailedPreconditionError("an append was refused or its outcome is unknown"));
    return;
  }
  std::optional<absl::Status> behind;
  pool_->ForEachOpen([&](const std::string& id, const tenancy::Tenant& tenant) {
    if (id != replica.group) return;
    absl::Status health = static_cast<const GroupRuntime&>(tenant).database().CommitHealth();
    if (!health.ok()) behind = health;
  });
  if (behind.has_value()) {
    StopServing(replica, *behind);
    return;
  }
  ReportAndTrim(replica, replica.log->appended().index);
  const absl::Time now = absl::Now();
  if (now - replica.last_keepalive < options_.lease_ttl / 3) return;
  absl::Status kept = replica.log->KeepAlive();
  if (kept.ok()) {
    replica.last_keepalive = now;
    replica.caught_up = now;  // The owner holds what it appended.
  } else if (kept.code() == absl::StatusCode::kNotFound ||
             now - replica.last_keepalive >= options_.lease_ttl) {
    // Lapsed, or unknown for a whole TTL: another pod may own the group now.
    StopServing(replica, kept);
  }
}

void GroupReplicas::ReportAndTrim(Replica& replica, uint64_t applied) {
  const absl::Time now = absl::Now();
  if (now - replica.last_report >= options_.report_every) {
    // Best effort: a report that fails holds trimming back, nothing else.
    if (replica.log->ReportApplied(applied).ok()) replica.last_report = now;
  }
  if (!replica.serving.load() || now - replica.last_trim < options_.trim_every) return;
  replica.last_trim = now;
  absl::StatusOr<uint64_t> trimmed = replica.log->Trim(options_.log_keep_records);
  if (!trimmed.ok()) {
    spdlog::warn("group {}: trimming the log: {}", replica.group, trimmed.status().ToString());
  }
}

void GroupReplicas::StopServing(Replica& replica, const absl::Status& why, bool handover) {
  replica.serving.store(false);
  ++(handover ? handovers_ : losses_);
  spdlog::warn("group {}: pod {} stops serving it: {}", replica.group, options_.pod,
               why.ToString());
  // Given up first, so another pod can take over while the calls in flight here end (none
  // of them can write any more: the fence is gone).
  replica.log->Release().IgnoreError();
  {
    absl::MutexLock lock(&replica.mu);
    replica.owner.clear();
    replica.owner_address.clear();
  }
  replica.role = Replica::Role::kClosing;
}

}  // namespace interco
