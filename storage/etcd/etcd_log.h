// EtcdLog: the fenced operations a group's replicated log needs of etcd (issue 25), over
// etcd's own gRPC API (stubs generated from Debian's etcd protos, @system//:etcd_cc).
//
// Ownership is a key created with the owner's lease; its create revision is the owner's
// fencing token, because a later owner's key has a later one. Every append is one etcd
// `Txn` that commits only if the owner key still has that create revision AND the head key
// still has the mod revision this writer last wrote: a writer that lost its ownership, or
// that raced another holding the same fence, cannot append. A committed Txn is durable on
// a quorum of fsync'ed WALs before etcd answers.
//
// gRPC errors are translated once, here. UNAVAILABLE and DEADLINE_EXCEEDED from Append are
// ambiguous (the Txn may have committed): callers resolve them by reading the head back,
// never by retrying blindly. Thread-safe.
#ifndef INTERCO_STORAGE_ETCD_ETCD_LOG_H_
#define INTERCO_STORAGE_ETCD_ETCD_LOG_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace grpc {
class ChannelCredentials;
}  // namespace grpc

namespace etcdserverpb {
class TxnRequest;
}  // namespace etcdserverpb

namespace interco::storage {

// TLS to the members (etcd's --cert-file and --trusted-ca-file; --client-cert-auth wants a
// client certificate). PEM texts, not paths: whoever read the files checked them
// (services/common/client_tls.h); storage/ parses no flags.
struct EtcdTls {
  std::string ca_pem;    // The CA that issued the members' server certificates.
  std::string cert_pem;  // This client's certificate chain; empty: none presented.
  std::string key_pem;   // Its private key; empty with cert_pem.
};

struct EtcdOptions {
  // host:port of each member; calls go to the first that answers. With `tls`, each
  // member's certificate must hold the host (a DNS name or an IP address SAN).
  std::vector<std::string> endpoints;
  // nullopt: plaintext (etcd's client URLs are http://, or a mesh sidecar encrypts).
  std::optional<EtcdTls> tls;
  // Deadline of each call.
  absl::Duration call_timeout = absl::Seconds(5);
};

// What an owner holds to append: see the file comment.
struct Fence {
  std::string owner_key;
  int64_t owner_revision = 0;  // The owner key's create revision when claimed.
  int64_t lease = 0;
  std::string head_key;
  int64_t head_revision = 0;  // The head key's mod revision after the last append; 0: absent.
};

struct StoredValue {
  std::string value;
  int64_t create_revision = 0;
  int64_t mod_revision = 0;
  int64_t lease = 0;
};

// The credentials of every channel to etcd: plaintext, or TLS (and a client certificate)
// from `tls`'s PEM texts.
std::shared_ptr<grpc::ChannelCredentials> EtcdCredentials(const std::optional<EtcdTls>& tls);

class EtcdLog {
 public:
  // Connects (lazily: the first call fails if no member answers). INVALID_ARGUMENT for an
  // empty endpoint list.
  static absl::StatusOr<std::unique_ptr<EtcdLog>> Connect(const EtcdOptions& options);
  ~EtcdLog();

  // What it connected with: the members and their TLS, for other streams to the same
  // cluster (storage/etcd/log_watch.h).
  const EtcdOptions& options() const { return options_; }

  // A lease of `ttl` (whole seconds, at least 1); its id.
  absl::StatusOr<int64_t> GrantLease(absl::Duration ttl);
  // One keep-alive of `lease`: its remaining TTL; NOT_FOUND when it has lapsed.
  absl::StatusOr<absl::Duration> KeepAlive(int64_t lease);
  // Ends `lease` now: the keys bound to it are deleted.
  absl::Status RevokeLease(int64_t lease);

  // Creates `owner_key` = `owner`, bound to `lease`, if absent, and reads `head_key`'s mod
  // revision in the same Txn: the fence to append with. FAILED_PRECONDITION (reason
  // OWNED_ELSEWHERE) naming the holder when the key exists.
  absl::StatusOr<Fence> Claim(const std::string& owner_key, const std::string& owner,
                              int64_t lease, const std::string& head_key);

  // Puts `entries` and then `head_key` = `head_value` in one Txn iff `fence` holds, and
  // advances fence.head_revision. FAILED_PRECONDITION (reason FENCE_LOST) when it does not
  // hold: nothing was written, and it never will be under this fence. UNAVAILABLE /
  // DEADLINE_EXCEEDED: unknown whether it committed (see the file comment).
  absl::Status Append(Fence& fence, const std::vector<std::pair<std::string, std::string>>& entries,
                      const std::string& head_value);

  // Puts `entries` in one Txn iff the owner key still has fence.owner_revision (the head is
  // neither compared nor moved): for the parts of a large record, written before the record.
  // FAILED_PRECONDITION (FENCE_LOST) as Append; UNAVAILABLE / DEADLINE_EXCEEDED: unknown.
  absl::Status PutUnderOwner(const Fence& fence,
                             const std::vector<std::pair<std::string, std::string>>& entries);

  // The value under `key`; nullopt when absent.
  absl::StatusOr<std::optional<StoredValue>> Get(const std::string& key);

  // Puts `key` = `value`, unconditionally (for what each pod reports of itself); bound to
  // `lease` when not 0 (deleted when it lapses).
  absl::Status Put(const std::string& key, const std::string& value, int64_t lease = 0);
  // Puts every one of `entries` in one Txn iff none of their keys exists: whether it did.
  // An error may be ambiguous (the Txn may have committed): read the keys back.
  absl::StatusOr<bool> PutAllIfAbsent(
      const std::vector<std::pair<std::string, std::string>>& entries);
  // Deletes the keys in [`from`, `to`); how many. Safe to repeat.
  absl::StatusOr<int64_t> DeleteRange(const std::string& from, const std::string& to);

  // Keys in [`from`, `to`) in key order, at most `limit` of them (etcd pages by count, not
  // bytes: callers keep values small enough that `limit` of them fit a reply of 64 MiB; a
  // reply larger is asked for again with half the count, down to one key).
  absl::StatusOr<std::vector<std::pair<std::string, std::string>>> Range(const std::string& from,
                                                                         const std::string& to,
                                                                         int64_t limit);

 private:
  struct Stubs;
  explicit EtcdLog(EtcdOptions options, std::unique_ptr<Stubs> stubs);
  // Sends `txn` once, to one member: the revision it committed at; FENCE_LOST when its
  // compares failed; the translated error (possibly ambiguous) otherwise.
  absl::StatusOr<int64_t> CommitFenced(const etcdserverpb::TxnRequest& txn, const Fence& fence,
                                       absl::string_view what);

  const EtcdOptions options_;
  const std::unique_ptr<Stubs> stubs_;
};

}  // namespace interco::storage

#endif  // INTERCO_STORAGE_ETCD_ETCD_LOG_H_
