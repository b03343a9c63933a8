// GroupReplicas' state of one group, shared by its two source files (group_replicas.cc:
// following, claiming and owning; group_replicas_placement.cc: the pod registry, where owners
// are and how groups spread). Private to them.
#ifndef INTERCO_SERVICES_GROUP_REPLICAS_REPLICA_H_
#define INTERCO_SERVICES_GROUP_REPLICAS_REPLICA_H_

#include <atomic>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/group_replicas.h"
#include "storage/database.h"
#include "storage/etcd/group_log.h"

namespace interco {

// One group's state; its fields other than `serving` and `owner` are the loop's alone.
struct GroupReplicas::Replica {
  enum class Role { kFollowing, kServing, kClosing };

  std::string group;
  std::unique_ptr<storage::EtcdGroupLog> log;
  // The follower's copy, open while following (the pool holds the database while serving).
  std::unique_ptr<storage::Database> copy;
  Role role = Role::kFollowing;
  absl::Time last_keepalive;  // Of the lease, while serving.
  absl::Time caught_up = absl::InfinitePast();  // Last known to hold the whole log.
  bool behind = false;  // The last attempt to reach the log's end failed.
  // The watch reported a change not read yet (true at first: never read), and when the log
  // was last read.
  bool log_changed = true;
  absl::Time last_followed = absl::InfinitePast();
  absl::Time last_report = absl::InfinitePast();
  // The last problem logged, and when: the loop looks every tick, the log says it once a
  // minute (or when it changes).
  std::string last_problem;
  absl::Time last_problem_logged = absl::InfinitePast();
  absl::Time last_trim = absl::Now();  // Not at once after a start.
  std::atomic<bool> serving{false};
  mutable absl::Mutex mu;
  std::string owner ABSL_GUARDED_BY(mu);  // As last read from etcd; empty: none.
  std::string owner_address ABSL_GUARDED_BY(mu);  // The owner's; empty: not known.
  absl::Time owner_address_read = absl::InfinitePast();  // The loop's own.
  // The loop's own: since when the group has had no owner (InfiniteFuture: it has one), and
  // when this pod last gave it up to spread the groups.
  absl::Time unowned_since = absl::InfiniteFuture();
  absl::Time handed_over = absl::InfinitePast();
};

}  // namespace interco

#endif  // INTERCO_SERVICES_GROUP_REPLICAS_REPLICA_H_
