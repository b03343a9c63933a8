// EtcdSharedCatalog: the group catalog every pod shares in replicated mode
// (tenancy::SharedCatalog), in etcd. Keys:
//   /interco/catalog/groups/<id>           the group's record (group_catalog_codec.h)
//   /interco/catalog/requests/<request_id> the CreateGroup request that made it
// A group and its request are created together in one Txn, only if neither exists; so two
// pods creating one group at once make it once, and a retry at another pod finds its
// request. Thread-safe (EtcdLog is).
#ifndef INTERCO_STORAGE_ETCD_SHARED_CATALOG_H_
#define INTERCO_STORAGE_ETCD_SHARED_CATALOG_H_

#include <string>
#include <vector>

#include "services/tenancy/group_catalog.h"
#include "storage/etcd/etcd_log.h"

namespace interco::storage {

class EtcdSharedCatalog final : public tenancy::SharedCatalog {
 public:
  // `etcd` must outlive the catalog.
  explicit EtcdSharedCatalog(EtcdLog* etcd) : etcd_(etcd) {}

  absl::StatusOr<tenancy::GroupRecord> Publish(const tenancy::GroupRecord& record,
                                               const std::string& request_id) override;
  absl::Status PublishExisting(const tenancy::GroupRecord& record) override;
  absl::StatusOr<std::vector<tenancy::GroupRecord>> LoadAll() const override;

  // Groups a deployment may hold is bounded (--groups_max, at most this): one range read.
  static constexpr int64_t kMaxGroups = 100000;

 private:
  // After a Publish whose Txn did not commit (or whose outcome is unknown): what is there.
  absl::StatusOr<tenancy::GroupRecord> ResolvePublish(const tenancy::GroupRecord& record,
                                                      const std::string& request_id) const;

  EtcdLog* const etcd_;
};

}  // namespace interco::storage

#endif  // INTERCO_STORAGE_ETCD_SHARED_CATALOG_H_
