// GroupReplicas: the pod registry (addresses, live pods), where each group's owner is, and
// how owners spread over the pods (group_replicas.h).
#include "services/group_replicas.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/group_replicas_replica.h"
#include "spdlog/spdlog.h"

namespace interco {
namespace {

std::string PodKey(const std::string& pod) { return absl::StrCat("/interco/pods/", pod); }

// The pods one registry read counts at most.
constexpr int64_t kMaxPods = 10000;

}  // namespace

std::optional<std::string> GroupReplicas::OwnerAddress(const std::string& group) const {
  const std::shared_ptr<Replica> found = Find(group);
  if (found == nullptr || found->serving.load()) return std::nullopt;
  absl::MutexLock lock(&found->mu);
  if (found->owner.empty() || found->owner == options_.pod || found->owner_address.empty()) {
    return std::nullopt;
  }
  return found->owner_address;
}

void GroupReplicas::Advertise(std::string address) {
  absl::MutexLock lock(&mu_);
  advertised_ = std::move(address);
}

void GroupReplicas::KeepRegistered() {
  std::string address;
  {
    absl::MutexLock lock(&mu_);
    address = advertised_;
  }
  if (address.empty()) return;
  const absl::Time now = absl::Now();
  if (pod_lease_ != 0 && now - pod_lease_renewed_ >= options_.lease_ttl / 3) {
    absl::StatusOr<absl::Duration> kept = etcd_->KeepAlive(pod_lease_);
    if (kept.ok()) {
      pod_lease_renewed_ = now;
    } else if (kept.status().code() == absl::StatusCode::kNotFound) {
      spdlog::warn("pod {}: its registration lapsed; registering again", options_.pod);
      pod_lease_ = 0;
    }
  }
  if (pod_lease_ == 0) {
    absl::StatusOr<int64_t> lease = etcd_->GrantLease(options_.lease_ttl);
    if (!lease.ok()) return;  // etcd does not answer: the groups' own checks say so.
    if (!etcd_->Put(PodKey(options_.pod), address, *lease).ok()) {
      etcd_->RevokeLease(*lease).IgnoreError();
      return;
    }
    pod_lease_ = *lease;
    pod_lease_renewed_ = now;
    spdlog::info("pod {}: registered; other pods forward calls to it at {}", options_.pod,
                 address);
  }
  if (now - pods_counted_ >= options_.sync_every) {
    absl::StatusOr<std::vector<std::pair<std::string, std::string>>> pods =
        etcd_->Range(PodKey(""), "/interco/pods0", kMaxPods);
    if (pods.ok()) {
      pods_counted_ = now;
      live_pods_ = std::max<size_t>(1, pods->size());
    }
  }
}

size_t GroupReplicas::OwnedCount() const {
  absl::MutexLock lock(&mu_);
  size_t owned = 0;
  for (const auto& replica : replicas_) owned += replica->serving.load() ? 1 : 0;
  return owned;
}

size_t GroupReplicas::FairShare() const {
  absl::MutexLock lock(&mu_);
  return (replicas_.size() + live_pods_ - 1) / live_pods_;
}

bool GroupReplicas::MayClaim(Replica& replica) {
  const absl::Time now = absl::Now();
  if (now - replica.handed_over < 2 * options_.lease_ttl) return false;  // Just given up.
  if (OwnedCount() < FairShare()) return true;
  return now - replica.unowned_since >= options_.lease_ttl;
}

void GroupReplicas::Spread(const std::vector<std::shared_ptr<Replica>>& replicas) {
  const absl::Time now = absl::Now();
  if (options_.handover_every <= absl::ZeroDuration() ||
      now - last_handover_ < options_.handover_every) {
    return;
  }
  const size_t owned = OwnedCount();
  const size_t fair = FairShare();
  if (owned <= fair) return;
  for (auto it = replicas.rbegin(); it != replicas.rend(); ++it) {
    Replica& replica = **it;
    if (replica.role != Replica::Role::kServing) continue;
    last_handover_ = now;
    replica.handed_over = now;
    StopServing(replica, absl::FailedPreconditionError(absl::StrCat(
                             "handed over to spread the groups: this pod owns ", owned,
                             ", its share of ", replicas.size(), " groups over ", live_pods_,
                             " pods is ", fair)),
                /*handover=*/true);
    return;
  }
}

std::string GroupReplicas::AddressOf(const std::string& pod) {
  absl::StatusOr<std::optional<storage::StoredValue>> stored = etcd_->Get(PodKey(pod));
  if (!stored.ok() || !stored->has_value()) return "";
  return (*stored)->value;
}

}  // namespace interco
