// GroupLogWatch: which groups' logs changed, from one etcd Watch stream per pod over every
// group's keys (/interco/groups/<group>/..., storage/etcd/group_log.h), so that followers
// read a group's log (EtcdGroupLog::ReadAfter, still the only data path) when it changed
// instead of polling every group every tick (issue 25).
//
// A group is reported when its head, owner or log/ keys change (a record appended, the
// owner claimed, released or lapsed, records trimmed); its parts/, applied/ and trimmed
// keys are not reported (parts precede their record, applied/ is what pods say of
// themselves).
//
// The stream asks for `fragment = true`: etcd splits a response over its
// --max-request-bytes into several messages, so a watch that resumes from an old revision
// over large records gets many bounded messages rather than one larger than the client
// takes (RESOURCE_EXHAUSTED on every retry, for ever). `prev_kv` is off: values are not
// sent twice. After any stream error the watch starts again, on the next member, from the
// first revision it has not seen whole (a bounded, doubling back-off between attempts), so
// no change is missed. When that revision was compacted, or the stream starts afresh
// ("from now"), every group is reported changed once the new stream is established.
//
// One thread per watch. Thread-safe.
#ifndef INTERCO_STORAGE_ETCD_LOG_WATCH_H_
#define INTERCO_STORAGE_ETCD_LOG_WATCH_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "storage/etcd/etcd_log.h"

namespace etcdserverpb {
class WatchResponse;
}  // namespace etcdserverpb

namespace grpc {
class ClientContext;
}  // namespace grpc

namespace interco::storage {

struct GroupLogWatchOptions {
  // host:port of each etcd member; the stream moves to the next after an error.
  std::vector<std::string> endpoints;
  // TLS to the members, as EtcdLog's (etcd_log.h); none: plaintext.
  std::optional<EtcdTls> tls;
  // Where the groups' keys are: <prefix><group>/<name>.
  std::string prefix = "/interco/groups/";
  // The wait before a new stream after an error: backoff_min, doubled after each attempt
  // that got no answer, up to backoff_max.
  absl::Duration backoff_min = absl::Milliseconds(100);
  absl::Duration backoff_max = absl::Seconds(2);
  // The largest message the stream takes. Must exceed etcd's --max-request-bytes (the most
  // a fragmented message holds, or one event, whose value etcd took in one request).
  int message_bytes_max = 64 << 20;
};

// What changed since the last GroupLogWatch::TakeChanges.
struct WatchedChanges {
  absl::flat_hash_set<std::string> groups;
  // Any group may have changed (the stream started from now, or past a compaction): look
  // at every group.
  bool all = false;

  bool empty() const { return groups.empty() && !all; }
};

class GroupLogWatch {
 public:
  // Starts the stream on its thread, from `start_revision` (inclusive; 0: from now).
  // INVALID_ARGUMENT without endpoints or prefix. The connection is made lazily: an
  // unreachable etcd is retried, not an error.
  static absl::StatusOr<std::unique_ptr<GroupLogWatch>> Start(GroupLogWatchOptions options,
                                                              int64_t start_revision = 0);
  ~GroupLogWatch();  // Stop().

  // Cancels the stream and joins the thread: returns promptly, whatever etcd does.
  // Idempotent; TakeChanges still answers (with nothing new) afterwards.
  void Stop();

  // The changes since the last call, waiting up to `wait` for one when there are none.
  WatchedChanges TakeChanges(absl::Duration wait = absl::ZeroDuration());

  // Whether a stream is established now. While it is not, changes are reported late (when
  // it is again), not lost.
  bool live() const;
  // The first revision not yet seen whole: where the next stream starts (0: from now).
  int64_t next_revision() const;
  // Why the last stream ended (OK while none has): for the pod's log.
  absl::Status last_error() const;

 private:
  struct Stubs;
  GroupLogWatch(GroupLogWatchOptions options, std::unique_ptr<Stubs> stubs, int64_t start_revision);
  void Run();
  // One stream on member `member` until it ends; whether etcd answered on it.
  bool RunStream(size_t member, grpc::ClientContext& context);
  // Takes one message in; false when the watcher was cancelled (the stream is done).
  bool Handle(const etcdserverpb::WatchResponse& response);
  // Whether TakeChanges has something to return (or is to return at once).
  bool HasNews() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The group of a reported key; empty when the key is not one that reports.
  std::string GroupOf(const std::string& key) const;

  const GroupLogWatchOptions options_;
  const std::unique_ptr<Stubs> stubs_;
  mutable absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  grpc::ClientContext* context_ ABSL_GUARDED_BY(mu_) = nullptr;  // Of the open stream.
  bool live_ ABSL_GUARDED_BY(mu_) = false;
  int64_t next_revision_ ABSL_GUARDED_BY(mu_);
  WatchedChanges changes_ ABSL_GUARDED_BY(mu_);
  absl::Status last_error_ ABSL_GUARDED_BY(mu_);
  std::thread thread_;
};

}  // namespace interco::storage

#endif  // INTERCO_STORAGE_ETCD_LOG_WATCH_H_
