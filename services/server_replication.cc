// InterCoServer's replicated mode (services/group_replicas.h): the group catalog every pod
// shares, the replicas that follow and own the groups, and forwarding to the owner.
#include <utility>

#include "services/common/field_error.h"
#include "services/common/status_macros.h"
#include "services/server.h"
#include "spdlog/spdlog.h"

namespace interco {

absl::Status InterCoServer::ShareCatalog(tenancy::GroupsOptions* groups) {
  ASSIGN_OR_RETURN(etcd_, ConnectEtcd(options_.replication, absl::Now()));
  shared_catalog_ = std::make_unique<storage::EtcdSharedCatalog>(etcd_.get());
  groups->shared = shared_catalog_.get();
  groups->deletes_refused = WithReason(
      absl::FailedPreconditionError(
          "groups cannot be deleted in replicated mode yet: every pod holds a copy"),
      "REPLICATED_MODE");
  return absl::OkStatus();
}

std::vector<std::string> InterCoServer::SyncCatalog() {
  // Every group this pod held before it was replicated (the default group, the catalog of
  // an embedded deployment turned replicated) becomes every pod's; until etcd takes it,
  // again at each sync.
  for (auto it = unpublished_.begin(); it != unpublished_.end();) {
    if (absl::Status published = shared_catalog_->PublishExisting(*it); !published.ok()) {
      spdlog::warn("group {}: putting it in the shared catalog: {} (tried again)", it->id,
                   published.ToString());
      break;  // etcd does not answer: the rest would wait as long.
    }
    it = unpublished_.erase(it);
  }
  absl::StatusOr<std::vector<tenancy::GroupRecord>> shared = shared_catalog_->LoadAll();
  if (!shared.ok()) {
    spdlog::warn("reading the shared group catalog: {}", shared.status().ToString());
    return {};
  }
  std::vector<std::string> ids;
  for (const tenancy::GroupRecord& record : *shared) {
    // Only a group this pod lacks is adopted: adopting takes the catalog's lock, which a
    // CreateGroup holds across its etcd call, and this loop also keeps the leases alive.
    if (!groups_->Get(record.id).ok()) {
      if (absl::Status adopted = groups_->Adopt(record); !adopted.ok()) {
        spdlog::warn("group {}: adopting it from the shared catalog: {}", record.id,
                     adopted.ToString());
        continue;
      }
      spdlog::info("group {}: created at another pod; followed here too", record.id);
      metrics_.SetGroups(groups_->size(), pool_->open_count());
    }
    ids.push_back(record.id);
  }
  return ids;
}

absl::StatusOr<std::function<absl::Status(const std::string&)>>
InterCoServer::StartReplication() {
  unpublished_ = groups_->List("", options_.groups_max);
  SyncCatalog();  // Adopts every pod's groups, when etcd answers already.
  std::vector<std::string> ids;
  for (const tenancy::GroupRecord& record : groups_->List("", options_.groups_max)) {
    ids.push_back(record.id);
  }
  ReplicationOptions replication = options_.replication;
  replication.observe = [metrics = &metrics_](const ReplicationStatus& status) {
    metrics->SetReplication(status.groups_owned, status.groups_behind, status.oldest_caught_up,
                            status.claims, status.losses, status.handovers);
  };
  replication.sync = [this] { return SyncCatalog(); };
  ASSIGN_OR_RETURN(replicas_, GroupReplicas::Start(std::move(replication), etcd_.get(),
                                                   directories_.get(), pool_.get(), ids));
  GroupReplicas* replicas = replicas_.get();
  CallForwarder::Options forwarding;
  forwarding.pod = options_.replication.pod;
  forwarding.credentials = peer_credentials_;
  forwarding.owner_address = [replicas](const std::string& id) {
    return replicas->OwnerAddress(id);
  };
  forwarding.forwarded = [metrics = &metrics_] { metrics->RecordForwarded(); };
  forwarder_ = std::make_unique<CallForwarder>(std::move(forwarding));
  return [replicas](const std::string& id) { return replicas->CheckServes(id); };
}

}  // namespace interco
