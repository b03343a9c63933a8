// GroupReplicas: when a followed group's log is read (group_replicas.h). The pod's one etcd
// watch says which groups changed; the loop reads only those, and every group on a slow
// fallback, instead of every group every tick.
#include <memory>
#include <string>
#include <vector>

#include "services/group_replicas.h"
#include "services/group_replicas_replica.h"
#include "spdlog/spdlog.h"

namespace interco {

void GroupReplicas::NoteWatchedChanges(const std::vector<std::shared_ptr<Replica>>& replicas) {
  storage::WatchedChanges changes = watch_->TakeChanges();
  // While the stream is down, changes are reported when it is back, not lost; but a lapsed
  // owner would be noticed only then: every group is looked at every tick meanwhile, as
  // before the watch.
  const bool live = watch_->live();
  if (live) {
    watch_problem_.clear();
  } else if (const absl::Status error = watch_->last_error();
             !error.ok() && error.ToString() != watch_problem_) {
    watch_problem_ = error.ToString();  // Said once per outage, not every tick.
    spdlog::warn("pod {}: the etcd watch is down ({}); reading every group's log each tick",
                 options_.pod, watch_problem_);
  }
  for (const auto& replica : replicas) {
    if (!live || changes.all || changes.groups.contains(replica->group)) {
      replica->log_changed = true;
    }
  }
}

bool GroupReplicas::DueToFollow(Replica& replica) {
  const absl::Time now = absl::Now();
  // A group without an owner is looked at every tick until someone claims it (this pod may
  // claim it only after a while: MayClaim); one whose last read failed is retried.
  const bool due = replica.log_changed || replica.copy == nullptr || replica.behind ||
                   replica.unowned_since != absl::InfiniteFuture() ||
                   now - replica.last_followed >= options_.follow_fallback_every;
  if (!due) return false;
  // Cleared before reading: a change from now on is in the watch's next report.
  replica.log_changed = false;
  replica.last_followed = now;
  return true;
}

}  // namespace interco
