#include "storage/etcd/etcd_log.h"

#include <atomic>
#include <chrono>

#include "absl/strings/str_cat.h"
#include "etcd/etcdserver/etcdserverpb/rpc.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "services/common/field_error.h"
#include "services/common/status_macros.h"

namespace interco::storage {
namespace {

// The largest reply taken from etcd (grpc's default, 4 MiB, is less than three records).
constexpr int kReplyBytesMax = 64 << 20;

// The one translation of etcd's gRPC answers. etcd names the reason in the message
// ("etcdserver: requested lease not found", "etcdserver: mvcc: database space exceeded").
absl::Status FromGrpc(const grpc::Status& status, absl::string_view what) {
  if (status.ok()) return absl::OkStatus();
  const std::string message = absl::StrCat("etcd: ", what, ": ", status.error_message());
  switch (status.error_code()) {
    case grpc::StatusCode::NOT_FOUND:
      return absl::NotFoundError(message);
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return absl::DeadlineExceededError(message);
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return absl::ResourceExhaustedError(message);  // NOSPACE, too large a request.
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::FAILED_PRECONDITION:
    case grpc::StatusCode::PERMISSION_DENIED:
    case grpc::StatusCode::UNAUTHENTICATED:
      // Our request or our configuration: not something a retry mends.
      return absl::FailedPreconditionError(message);
    default:
      return absl::UnavailableError(message);
  }
}

etcdserverpb::Compare Equal(const std::string& key, etcdserverpb::Compare::CompareTarget target,
                            int64_t revision) {
  etcdserverpb::Compare compare;
  compare.set_key(key);
  compare.set_result(etcdserverpb::Compare::EQUAL);
  compare.set_target(target);
  // The value field must be the target's own: a revision set in another field of the
  // union would compare that target's field with 0 (the test holds this).
  if (target == etcdserverpb::Compare::CREATE) {
    compare.set_create_revision(revision);
  } else {
    compare.set_mod_revision(revision);
  }
  return compare;
}

}  // namespace

struct EtcdLog::Stubs {
  std::vector<std::unique_ptr<etcdserverpb::KV::Stub>> kv;
  std::vector<std::unique_ptr<etcdserverpb::Lease::Stub>> lease;
  std::atomic<size_t> preferred{0};  // The member that answered last.
};

std::shared_ptr<grpc::ChannelCredentials> EtcdCredentials(const std::optional<EtcdTls>& tls) {
  if (!tls) return grpc::InsecureChannelCredentials();
  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = tls->ca_pem;
  ssl.pem_cert_chain = tls->cert_pem;
  ssl.pem_private_key = tls->key_pem;
  return grpc::SslCredentials(ssl);
}

absl::StatusOr<std::unique_ptr<EtcdLog>> EtcdLog::Connect(const EtcdOptions& options) {
  if (options.endpoints.empty()) {
    return absl::InvalidArgumentError("etcd: no endpoints given");
  }
  // One set of credentials for every member: the PEM texts are parsed once.
  const std::shared_ptr<grpc::ChannelCredentials> credentials = EtcdCredentials(options.tls);
  auto stubs = std::make_unique<Stubs>();
  for (const std::string& endpoint : options.endpoints) {
    grpc::ChannelArguments arguments;
    // A page of log records (each at most a commit's bytes) must fit one reply.
    arguments.SetMaxReceiveMessageSize(kReplyBytesMax);
    auto channel = grpc::CreateCustomChannel(endpoint, credentials, arguments);
    stubs->kv.push_back(etcdserverpb::KV::NewStub(channel));
    stubs->lease.push_back(etcdserverpb::Lease::NewStub(channel));
  }
  return std::unique_ptr<EtcdLog>(new EtcdLog(options, std::move(stubs)));
}

EtcdLog::EtcdLog(EtcdOptions options, std::unique_ptr<Stubs> stubs)
    : options_(std::move(options)), stubs_(std::move(stubs)) {}

EtcdLog::~EtcdLog() = default;

namespace {

// Calls `call(stub, &context)` on the preferred member and, while the answer is
// UNAVAILABLE, on the others in turn, each time with a fresh context that ends after
// `timeout`. Only for calls that are safe to repeat (reads, grants, keep-alives).
template <typename Stub, typename Call>
grpc::Status OnAnyMember(std::atomic<size_t>& preferred,
                         const std::vector<std::unique_ptr<Stub>>& stubs, absl::Duration timeout,
                         const Call& call) {
  grpc::Status status;
  const size_t members = stubs.size();
  const size_t first = preferred.load();
  for (size_t i = 0; i < members; ++i) {
    const size_t member = (first + i) % members;
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
    status = call(*stubs[member], &context);
    if (status.error_code() != grpc::StatusCode::UNAVAILABLE) {
      preferred.store(member);
      return status;
    }
  }
  preferred.store((first + 1) % members);
  return status;
}

}  // namespace

absl::StatusOr<int64_t> EtcdLog::GrantLease(absl::Duration ttl) {
  etcdserverpb::LeaseGrantRequest request;
  request.set_ttl(std::max<int64_t>(1, absl::ToInt64Seconds(ttl)));
  etcdserverpb::LeaseGrantResponse response;
  const grpc::Status status = OnAnyMember(stubs_->preferred, stubs_->lease, options_.call_timeout,
                                          [&](auto& stub, grpc::ClientContext* context) {
                                            return stub.LeaseGrant(context, request, &response);
                                          });
  RETURN_IF_ERROR(FromGrpc(status, "granting a lease"));
  if (!response.error().empty()) return absl::UnavailableError("etcd: " + response.error());
  return response.id();
}

absl::StatusOr<absl::Duration> EtcdLog::KeepAlive(int64_t lease) {
  etcdserverpb::LeaseKeepAliveRequest request;
  request.set_id(lease);
  etcdserverpb::LeaseKeepAliveResponse response;
  bool answered = false;
  const grpc::Status status = OnAnyMember(stubs_->preferred, stubs_->lease, options_.call_timeout,
                                          [&](auto& stub, grpc::ClientContext* context) {
                                            auto stream = stub.LeaseKeepAlive(context);
                                            answered =
                                                stream->Write(request) && stream->Read(&response);
                                            stream->WritesDone();
                                            return stream->Finish();
                                          });
  RETURN_IF_ERROR(FromGrpc(status, "keeping a lease alive"));
  if (!answered) return absl::UnavailableError("etcd: a lease keep-alive got no answer");
  if (response.ttl() <= 0) {
    return absl::NotFoundError(absl::StrCat("etcd: lease ", lease, " has lapsed"));
  }
  return absl::Seconds(response.ttl());
}

absl::Status EtcdLog::RevokeLease(int64_t lease) {
  etcdserverpb::LeaseRevokeRequest request;
  request.set_id(lease);
  etcdserverpb::LeaseRevokeResponse response;
  const grpc::Status status = OnAnyMember(stubs_->preferred, stubs_->lease, options_.call_timeout,
                                          [&](auto& stub, grpc::ClientContext* context) {
                                            return stub.LeaseRevoke(context, request, &response);
                                          });
  return FromGrpc(status, "revoking a lease");
}

absl::StatusOr<Fence> EtcdLog::Claim(const std::string& owner_key, const std::string& owner,
                                     int64_t lease, const std::string& head_key) {
  etcdserverpb::TxnRequest txn;
  // Absent: its create revision is 0.
  *txn.add_compare() = Equal(owner_key, etcdserverpb::Compare::CREATE, 0);
  etcdserverpb::PutRequest& put = *txn.add_success()->mutable_request_put();
  put.set_key(owner_key);
  put.set_value(owner);
  put.set_lease(lease);
  txn.add_success()->mutable_request_range()->set_key(head_key);
  txn.add_failure()->mutable_request_range()->set_key(owner_key);
  etcdserverpb::TxnResponse response;
  const grpc::Status status = OnAnyMember(
      stubs_->preferred, stubs_->kv, options_.call_timeout,
      [&](auto& stub, grpc::ClientContext* context) { return stub.Txn(context, txn, &response); });
  RETURN_IF_ERROR(FromGrpc(status, absl::StrCat("claiming ", owner_key)));
  if (!response.succeeded()) {
    const auto& held = response.responses(0).response_range();
    if (held.kvs_size() > 0 && held.kvs(0).value() == owner && held.kvs(0).lease() == lease) {
      // Our own earlier attempt committed and its answer was lost (the retry on another
      // member failed its compare): the claim is ours, at that key's create revision.
      ASSIGN_OR_RETURN(const std::optional<StoredValue> head, Get(head_key));
      return Fence{owner_key, held.kvs(0).create_revision(), lease, head_key,
                   head.has_value() ? head->mod_revision : 0};
    }
    const std::string holder = held.kvs_size() > 0 ? held.kvs(0).value() : "(just released)";
    return WithReason(
        absl::FailedPreconditionError(absl::StrCat(owner_key, " is held by ", holder)),
        "OWNED_ELSEWHERE");
  }
  Fence fence;
  fence.owner_key = owner_key;
  fence.owner_revision = response.header().revision();  // The put's revision: its create.
  fence.lease = lease;
  fence.head_key = head_key;
  const auto& head = response.responses(1).response_range();
  fence.head_revision = head.kvs_size() > 0 ? head.kvs(0).mod_revision() : 0;
  return fence;
}

namespace {

// Puts `entries` when `txn` succeeds.
void AddPuts(const std::vector<std::pair<std::string, std::string>>& entries,
             etcdserverpb::TxnRequest* txn) {
  for (const auto& [key, value] : entries) {
    etcdserverpb::PutRequest& put = *txn->add_success()->mutable_request_put();
    put.set_key(key);
    put.set_value(value);
  }
}

// The Txn that puts `entries` iff the owner key of `fence` still has its create revision.
etcdserverpb::TxnRequest FencedPuts(
    const Fence& fence, const std::vector<std::pair<std::string, std::string>>& entries) {
  etcdserverpb::TxnRequest txn;
  *txn.add_compare() = Equal(fence.owner_key, etcdserverpb::Compare::CREATE, fence.owner_revision);
  AddPuts(entries, &txn);
  return txn;
}

}  // namespace

absl::StatusOr<int64_t> EtcdLog::CommitFenced(const etcdserverpb::TxnRequest& txn,
                                              const Fence& fence, absl::string_view what) {
  // One member, one attempt: a Txn repeated elsewhere after a lost answer could commit
  // twice under different revisions only if the fence allowed it, which it does not; but
  // whether the first committed stays unknown, so the caller reads the head back.
  etcdserverpb::TxnResponse response;
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + options_.call_timeout));
  const size_t member = stubs_->preferred.load() % stubs_->kv.size();
  const grpc::Status status = stubs_->kv[member]->Txn(&context, txn, &response);
  if (status.error_code() == grpc::StatusCode::UNAVAILABLE) {
    stubs_->preferred.store((member + 1) % stubs_->kv.size());
  }
  RETURN_IF_ERROR(FromGrpc(status, what));
  if (!response.succeeded()) {
    return WithReason(absl::FailedPreconditionError(
                          absl::StrCat("the fence on ", fence.owner_key,
                                       " no longer holds: another writer "
                                       "owns the group or appended first; nothing was written")),
                      "FENCE_LOST");
  }
  return response.header().revision();
}

absl::Status EtcdLog::Append(Fence& fence,
                             const std::vector<std::pair<std::string, std::string>>& entries,
                             const std::string& head_value) {
  etcdserverpb::TxnRequest txn = FencedPuts(fence, entries);
  *txn.add_compare() = Equal(fence.head_key, etcdserverpb::Compare::MOD, fence.head_revision);
  etcdserverpb::PutRequest& head = *txn.add_success()->mutable_request_put();
  head.set_key(fence.head_key);
  head.set_value(head_value);
  ASSIGN_OR_RETURN(fence.head_revision,
                   CommitFenced(txn, fence, absl::StrCat("appending under ", fence.head_key)));
  return absl::OkStatus();
}

absl::Status EtcdLog::PutUnderOwner(
    const Fence& fence, const std::vector<std::pair<std::string, std::string>>& entries) {
  return CommitFenced(FencedPuts(fence, entries), fence,
                      absl::StrCat("writing under ", fence.owner_key))
      .status();
}

absl::StatusOr<std::optional<StoredValue>> EtcdLog::Get(const std::string& key) {
  etcdserverpb::RangeRequest request;
  request.set_key(key);
  etcdserverpb::RangeResponse response;
  const grpc::Status status = OnAnyMember(stubs_->preferred, stubs_->kv, options_.call_timeout,
                                          [&](auto& stub, grpc::ClientContext* context) {
                                            return stub.Range(context, request, &response);
                                          });
  RETURN_IF_ERROR(FromGrpc(status, absl::StrCat("reading ", key)));
  if (response.kvs_size() == 0) return std::nullopt;
  const auto& kv = response.kvs(0);
  return StoredValue{kv.value(), kv.create_revision(), kv.mod_revision(), kv.lease()};
}

absl::StatusOr<std::vector<std::pair<std::string, std::string>>> EtcdLog::Range(
    const std::string& from, const std::string& to, int64_t limit) {
  etcdserverpb::RangeRequest request;
  request.set_key(from);
  request.set_range_end(to);
  request.set_limit(limit);
  request.set_sort_order(etcdserverpb::RangeRequest::ASCEND);
  request.set_sort_target(etcdserverpb::RangeRequest::KEY);
  etcdserverpb::RangeResponse response;
  grpc::Status status;
  for (;;) {
    status = OnAnyMember(stubs_->preferred, stubs_->kv, options_.call_timeout,
                         [&](auto& stub, grpc::ClientContext* context) {
                           return stub.Range(context, request, &response);
                         });
    // A reply over kReplyBytesMax fails the same way every time: ask for fewer keys.
    if (status.error_code() != grpc::StatusCode::RESOURCE_EXHAUSTED || request.limit() <= 1) {
      break;
    }
    request.set_limit(request.limit() / 2);
  }
  RETURN_IF_ERROR(FromGrpc(status, absl::StrCat("reading from ", from)));
  std::vector<std::pair<std::string, std::string>> found;
  found.reserve(response.kvs_size());
  for (const auto& kv : response.kvs()) found.emplace_back(kv.key(), kv.value());
  return found;
}

absl::StatusOr<bool> EtcdLog::PutAllIfAbsent(
    const std::vector<std::pair<std::string, std::string>>& entries) {
  etcdserverpb::TxnRequest txn;
  for (const auto& [key, value] : entries) {
    *txn.add_compare() = Equal(key, etcdserverpb::Compare::CREATE, 0);  // Absent.
  }
  AddPuts(entries, &txn);
  etcdserverpb::TxnResponse response;
  const grpc::Status status = OnAnyMember(
      stubs_->preferred, stubs_->kv, options_.call_timeout,
      [&](auto& stub, grpc::ClientContext* context) { return stub.Txn(context, txn, &response); });
  RETURN_IF_ERROR(
      FromGrpc(status, absl::StrCat("creating ", entries.empty() ? "" : entries[0].first)));
  return response.succeeded();
}

absl::Status EtcdLog::Put(const std::string& key, const std::string& value, int64_t lease) {
  etcdserverpb::PutRequest request;
  request.set_key(key);
  request.set_value(value);
  request.set_lease(lease);
  etcdserverpb::PutResponse response;
  const grpc::Status status = OnAnyMember(stubs_->preferred, stubs_->kv, options_.call_timeout,
                                          [&](auto& stub, grpc::ClientContext* context) {
                                            return stub.Put(context, request, &response);
                                          });
  return FromGrpc(status, absl::StrCat("writing ", key));
}

absl::StatusOr<int64_t> EtcdLog::DeleteRange(const std::string& from, const std::string& to) {
  etcdserverpb::DeleteRangeRequest request;
  request.set_key(from);
  request.set_range_end(to);
  etcdserverpb::DeleteRangeResponse response;
  const grpc::Status status = OnAnyMember(stubs_->preferred, stubs_->kv, options_.call_timeout,
                                          [&](auto& stub, grpc::ClientContext* context) {
                                            return stub.DeleteRange(context, request, &response);
                                          });
  RETURN_IF_ERROR(FromGrpc(status, absl::StrCat("deleting from ", from)));
  return response.deleted();
}

}  // namespace interco::storage
