// OpenGroups: the groups a process holds open, opened on first use and closed after an
// idle time, at most `open_max` at once.
//
// Each open group (a Tenant) costs a RocksDB instance, its memtables and a writer thread;
// thousands of groups must not cost them all for ever. A call leases its group for as long
// as it runs (Lease), so a group is closed only when no call uses it: for idleness, to make
// room for another group (least recently used first), for deletion (Bar), or at shutdown.
// Opening happens outside the pool's lock: a slow open of one group never stalls calls of
// another. Thread-safe.
#ifndef INTERCO_SERVICES_TENANCY_OPEN_GROUPS_H_
#define INTERCO_SERVICES_TENANCY_OPEN_GROUPS_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace interco::tenancy {

// One open group, as the pool sees it.
class Tenant {
 public:
  virtual ~Tenant() = default;
  // The sequence of the group's last ledger entry (0: empty).
  virtual uint64_t ledger_sequence() const = 0;
  // Stops the group's writer and closes its data cleanly; called once, with no lease left.
  virtual absl::Status Close() = 0;
  // The server drains: ends the group's streams that would never end by themselves
  // (WatchJournal), so that the drain waits only for calls that finish.
  virtual void EndEndlessStreams() {}
};

struct OpenGroupsOptions {
  // Groups open at once; opening one more closes the least recently used idle one, and is
  // RESOURCE_EXHAUSTED (reason OPEN_GROUPS_EXHAUSTED) when every open group is in use.
  size_t open_max = 64;
  // A group no call has used for this long is closed (by the pool's own thread).
  absl::Duration idle_close = absl::Minutes(10);
  // How often that thread looks; zero: never (tests call CloseIdle themselves).
  absl::Duration idle_check_every = absl::Seconds(5);
  std::function<absl::Time()> now = [] { return absl::Now(); };
};

class OpenGroups {
 public:
  // Opens a group's data (never creates it); called without the pool's lock.
  using Opener = std::function<absl::StatusOr<std::unique_ptr<Tenant>>(const std::string& id)>;
  // Told after a group opens or closes (metrics, logs); called without the pool's lock.
  using Observer = std::function<void(const std::string& id, bool open)>;

  OpenGroups(Opener opener, OpenGroupsOptions options, Observer observer = nullptr);
  // Closes every group (CloseAll).
  ~OpenGroups();
  OpenGroups(const OpenGroups&) = delete;
  OpenGroups& operator=(const OpenGroups&) = delete;

  struct Slot;
  // A group held open for one call. Movable; releases on destruction.
  class Lease {
   public:
    Lease() = default;
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&& other) noexcept;
    ~Lease();
    Tenant* get() const;
    Tenant* operator->() const { return get(); }

   private:
    friend class OpenGroups;
    Lease(OpenGroups* pool, std::shared_ptr<Slot> slot, bool use = true)
        : pool_(pool), slot_(std::move(slot)), use_(use) {}
    void Release();
    OpenGroups* pool_ = nullptr;
    std::shared_ptr<Slot> slot_;
    // A call's lease counts as a use of the group (it keeps it from idling); a look from
    // LeaseOpen (health, metrics, every second) does not.
    bool use_ = true;
  };

  // The group `id`, opened if it is not. Errors: FAILED_PRECONDITION (reason
  // GROUP_BEING_DELETED) while Bar holds it; RESOURCE_EXHAUSTED when `open_max` groups are
  // open and all in use; the opener's error.
  absl::StatusOr<Lease> Acquire(const std::string& id);

  // For deletion: refuses new leases of `id` (as above), waits until the calls holding one
  // end (UNAVAILABLE, unbarred again, if they outlast `wait_max`), then returns the group,
  // opened if it was not, for its owner to inspect. Follow with Unbar or Drop.
  absl::StatusOr<Tenant*> Bar(const std::string& id, absl::Duration wait_max);
  // Lets calls lease the group again.
  void Unbar(const std::string& id);
  // Closes a barred group and forgets it.
  absl::Status Drop(const std::string& id);

  // Closes `id` if it is open, once the calls holding it end (new leases wait meanwhile,
  // refused as Bar's are), and lets it be opened again afterwards. UNAVAILABLE if calls
  // still hold it after `wait_max` (it stays open); FAILED_PRECONDITION while it is barred.
  absl::Status CloseWhenUnused(const std::string& id, absl::Duration wait_max);

  // Closes every group unused since `now - idle_close`. Returns how many it closed.
  size_t CloseIdle(absl::Time now);
  // Closes every group (waiting for nothing: call when no call can lease any more).
  absl::Status CloseAll();

  // Leases of every group open now (none is opened), for work across groups outside the
  // pool's lock: health, metrics. They do not count as uses: a group only they touch still
  // closes when idle.
  std::vector<std::pair<std::string, Lease>> LeaseOpen();

  size_t open_count() const { return open_count_.load(std::memory_order_relaxed); }
  // Calls `fn` with every open group, under the pool's lock: `fn` must be quick and must not
  // call back into the pool.
  void ForEachOpen(const std::function<void(const std::string& id, const Tenant&)>& fn) const;

 private:
  std::shared_ptr<Slot> SlotFor(const std::string& id, absl::Status* refused);
  // Bars `id` and waits until no lease holds it: the slot (null when there is none and not
  // `create`); FAILED_PRECONDITION when barred already, UNAVAILABLE (unbarred again) when
  // leases outlast `wait_max`.
  absl::StatusOr<std::shared_ptr<Slot>> BarWhenUnused(const std::string& id,
                                                      absl::Duration wait_max, bool create);
  // Opens `slot` unless it is open, making room first if the pool is full.
  absl::Status EnsureOpen(Slot& slot);
  // Takes a place among the open_max; false when none is free.
  bool TryReserve();
  // Opens `slot` (its open_mu held) into a place TryReserve took.
  absl::Status OpenReserved(Slot& slot);
  // Closes `slot` unless a lease holds it; true if it closed it.
  bool CloseUnused(Slot& slot, absl::Status* closed);
  // Closes the least recently used group no lease holds; false if there is none.
  bool EvictOne();
  void Unpin(Slot& slot, bool use);
  void IdleLoop();

  const Opener opener_;
  const OpenGroupsOptions options_;
  const Observer observer_;
  std::atomic<size_t> open_count_{0};
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::shared_ptr<Slot>> slots_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread idle_thread_;
};

}  // namespace interco::tenancy

#endif  // INTERCO_SERVICES_TENANCY_OPEN_GROUPS_H_
