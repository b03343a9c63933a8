// Call forwarding (replicated mode): a call for a group this pod does not own is relayed to
// the pod that owns it, so that clients and the mesh need no owner map (issue 25, "Any pod
// answers").
//
// The pod that forwards has already checked the call's group header, the caller's right to
// the method and to the group, and that the group exists; the owner checks all of it again,
// as the original caller: the forwarded call names that caller in x-interco-forwarded-for,
// which the owner believes only from a peer pod's identity (api/authorizer.h). The
// forwarded call carries the caller's deadline and the group header, is cancelled when the
// caller cancels, and is marked x-interco-forwarded-by (this pod): a forwarded call that
// meets a pod which does not own the group either (ownership moved meanwhile) is refused
// UNAVAILABLE, reason NOT_OWNER, never forwarded again, so a call never loops.
//
// Unary calls, server streams and client streams are forwarded.
#ifndef INTERCO_SERVICES_CALL_FORWARDING_H_
#define INTERCO_SERVICES_CALL_FORWARDING_H_

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/grpcpp.h"
#include "services/api/parsed_client_stream.h"

namespace interco {

// Marks a call as forwarded, naming the pod that forwarded it.
inline constexpr char kForwardedByHeader[] = "x-interco-forwarded-by";

class CallForwarder;

// Where one refused call goes, and as whom.
struct Forward {
  CallForwarder* forwarder = nullptr;
  std::shared_ptr<grpc::Channel> channel;  // To the owner.
  std::string method;                      // "/interco.v1.LedgerService/PostTransaction".
  std::string group;
  std::string caller;                      // The original caller's identity, maybe "".
  std::string by;                          // This pod.
};

class CallForwarder {
 public:
  struct Options {
    std::string pod;  // This pod's name, sent as kForwardedByHeader.
    // How this pod dials its peers (ServerTransport::peer_credentials: TLS with the server's
    // own certificate, or plaintext where a mesh's sidecar encrypts).
    std::shared_ptr<grpc::ChannelCredentials> credentials;
    // The owner's address (host:port) when another pod owns `group` and is known; nullopt
    // otherwise.
    std::function<std::optional<std::string>(const std::string& group)> owner_address;
    // Told of each call forwarded (a metric); may be null.
    std::function<void()> forwarded;
  };
  explicit CallForwarder(Options options) : options_(std::move(options)) {}

  // When `refusal` says another pod owns the group (reason NOT_OWNER), the call was not
  // itself forwarded, and the owner's address is known: where to forward the call.
  std::optional<Forward> ForwardingOf(const grpc::ServerContextBase& context,
                                      const absl::Status& refusal, const std::string& method,
                                      const std::string& group, const std::string& caller);

  // Sets up `client` for `forward`: the caller's deadline, the group, the caller, this pod.
  static void Prepare(const Forward& forward, const grpc::ServerContextBase& context,
                      grpc::ClientContext* client);

  // The drain (InterCoServer::DrainCalls): the forwarded streams that would never end by
  // themselves (WatchJournal) are cancelled at the owner and end here UNAVAILABLE, reason
  // SHUTTING_DOWN, so that the drain waits only for calls that finish.
  void EndEndlessStreams();
  // ForwardedServerStream's bookkeeping of its call to the owner: whether the stream is
  // endless (and then tracked until Untrack, when the owner's call is done), and how it
  // ends.
  bool TrackIfEndless(const std::string& method, grpc::ClientContext* client);
  void Untrack(grpc::ClientContext* client);
  grpc::Status EndOf(const grpc::Status& owners_status) const;

 private:
  std::shared_ptr<grpc::Channel> ChannelTo(const std::string& address);

  const Options options_;
  absl::Mutex mu_;
  // Connections to each owner, used in turn.
  static constexpr int kConnectionsPerOwner = 4;
  struct Channels {
    std::vector<std::shared_ptr<grpc::Channel>> pool;
    size_t next = 0;
  };
  absl::flat_hash_map<std::string, Channels> channels_ ABSL_GUARDED_BY(mu_);
  mutable absl::Mutex streams_mu_;
  bool draining_ ABSL_GUARDED_BY(streams_mu_) = false;
  absl::flat_hash_set<grpc::ClientContext*> endless_ ABSL_GUARDED_BY(streams_mu_);
};

// A unary call relayed to the owner; its status and reply are the owner's.
template <typename Request, typename Response>
class ForwardedUnary final : public grpc::ServerUnaryReactor {
 public:
  ForwardedUnary(const Forward& forward, grpc::CallbackServerContext* context,
                 const Request* request, Response* response)
      : client_(std::make_shared<grpc::ClientContext>()) {
    CallForwarder::Prepare(forward, *context, client_.get());
    grpc::TemplatedGenericStub<Request, Response> stub(forward.channel);
    // The client context is shared with the callback: gRPC may run OnDone (which deletes
    // this reactor) as soon as Finish is called, before the callback has returned.
    std::shared_ptr<grpc::ClientContext> client = client_;
    stub.UnaryCall(client_.get(), forward.method, grpc::StubOptions(), request, response,
                   [this, client](grpc::Status status) { Finish(status); });
  }
  void OnCancel() override { client_->TryCancel(); }
  void OnDone() override { delete this; }

 private:
  std::shared_ptr<grpc::ClientContext> client_;
};


// A server stream relayed from the owner: each message the owner sends is written to the
// caller before the next is read (the owner's flow control reaches the caller), and the
// stream ends with the owner's status.
template <typename Request, typename Response>
class ForwardedServerStream final : public grpc::ServerWriteReactor<Response> {
 public:
  ForwardedServerStream(const Forward& forward, grpc::CallbackServerContext* context,
                        const Request* request)
      : forwarder_(forward.forwarder), request_(*request), upstream_(this) {
    CallForwarder::Prepare(forward, *context, &client_);
    endless_ = forwarder_->TrackIfEndless(forward.method, &client_);
    grpc::TemplatedGenericStub<Request, Response> stub(forward.channel);
    stub.PrepareBidiStreamingCall(&client_, forward.method, grpc::StubOptions(), &upstream_);
    upstream_.StartWriteLast(&request_, grpc::WriteOptions());
    upstream_.StartRead(&reply_);
    // Reads are started from this side's OnWriteDone, outside the owner's reactions: the
    // hold keeps the owner's call (and its OnDone) alive until no read will be started, as
    // gRPC requires; it is removed once, where the last read is known.
    upstream_.AddHold();
    upstream_.StartCall();
  }

  void OnWriteDone(bool ok) override {
    std::optional<grpc::Status> finish;
    {
      absl::MutexLock lock(&mu_);
      writing_ = false;
      finish = ending_;
    }
    if (!ok) {
      client_.TryCancel();  // The caller is gone: so is the owner's stream.
      upstream_.RemoveHold();  // No read follows a failed write.
    } else if (!finish.has_value()) {
      upstream_.StartRead(&reply_);
    }
    if (finish.has_value()) this->Finish(*finish);
  }
  void OnCancel() override { client_.TryCancel(); }
  void OnDone() override { Unref(); }

 private:
  class Upstream final : public grpc::ClientBidiReactor<Request, Response> {
   public:
    explicit Upstream(ForwardedServerStream* stream) : stream_(stream) {}
    void OnReadDone(bool ok) override {
      if (ok) {
        stream_->Relay();
      } else {
        this->RemoveHold();  // The stream has ended: OnDone follows.
      }
    }
    void OnDone(const grpc::Status& status) override { stream_->UpstreamDone(status); }

   private:
    ForwardedServerStream* const stream_;
  };

  void Relay() {
    absl::MutexLock lock(&mu_);
    writing_ = true;
    this->StartWrite(&reply_);
  }
  void UpstreamDone(const grpc::Status& owners_status) {
    // Untracked here, not in the destructor: once this side finishes, the server (and the
    // forwarder) may go before the last reference does.
    if (endless_) forwarder_->Untrack(&client_);
    const grpc::Status status = endless_ ? forwarder_->EndOf(owners_status) : owners_status;
    bool finish_now = false;
    {
      absl::MutexLock lock(&mu_);
      ending_ = status;
      finish_now = !writing_;  // Else the write's completion finishes.
    }
    if (finish_now) this->Finish(status);
    Unref();
  }
  void Unref() {
    if (references_.fetch_sub(1) == 1) delete this;
  }

  CallForwarder* const forwarder_;
  bool endless_ = false;
  const Request request_;
  Response reply_;
  grpc::ClientContext client_;
  Upstream upstream_;
  absl::Mutex mu_;
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  std::optional<grpc::Status> ending_ ABSL_GUARDED_BY(mu_);
  std::atomic<int> references_{2};  // The caller's side and the owner's.
};

// A client stream relayed to the owner: each message the caller sends is written to the
// owner before the next is read, the caller's end of input ends the owner's, and the reply
// and status are the owner's. A message that does not parse (api/parsed_client_stream.h)
// cancels the owner's call instead, so that an import is not made from part of its input.
template <typename Request, typename Response>
class ForwardedClientStream final : public grpc::ServerReadReactor<Request>,
                                    public api::UnparsableMessageObserver {
 public:
  ForwardedClientStream(const Forward& forward, grpc::CallbackServerContext* context,
                        Response* response)
      : upstream_(this) {
    CallForwarder::Prepare(forward, *context, &client_);
    grpc::TemplatedGenericStub<Request, Response> stub(forward.channel);
    stub.PrepareBidiStreamingCall(&client_, forward.method, grpc::StubOptions(), &upstream_);
    upstream_.StartRead(response);  // The owner's one reply.
    // Writes are started from this side's reactions: the hold keeps the owner's call alive
    // until no write will be started (RemoveUpstreamHold, once).
    upstream_.AddHold();
    upstream_.StartCall();
    this->StartRead(&request_);
  }

  void OnReadDone(bool ok) override {
    absl::MutexLock lock(&mu_);
    if (!upstream_open_) return;  // The owner's call failed: its OnDone finishes this one.
    if (ok) {
      upstream_.StartWrite(&request_);
      return;
    }
    if (unparsable_) {
      client_.TryCancel();
    } else {
      upstream_.StartWritesDone();
    }
    RemoveUpstreamHold();
  }
  void OnUnparsableMessage() override {
    absl::MutexLock lock(&mu_);
    unparsable_ = true;
  }
  void OnCancel() override { client_.TryCancel(); }
  void OnDone() override { Unref(); }

 private:
  class Upstream final : public grpc::ClientBidiReactor<Request, Response> {
   public:
    explicit Upstream(ForwardedClientStream* stream) : stream_(stream) {}
    void OnWriteDone(bool ok) override { stream_->WriteDone(ok); }
    void OnDone(const grpc::Status& status) override { stream_->UpstreamDone(status); }

   private:
    ForwardedClientStream* const stream_;
  };

  void WriteDone(bool ok) {
    absl::MutexLock lock(&mu_);
    if (ok) {
      this->StartRead(&request_);
    } else if (upstream_open_) {
      RemoveUpstreamHold();  // The owner's call is ending: nothing more is written to it.
    }
  }
  void UpstreamDone(const grpc::Status& status) {
    this->Finish(status);
    Unref();
  }
  void RemoveUpstreamHold() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    upstream_open_ = false;
    upstream_.RemoveHold();
  }
  void Unref() {
    if (references_.fetch_sub(1) == 1) delete this;
  }

  Request request_;
  grpc::ClientContext client_;
  Upstream upstream_;
  absl::Mutex mu_;
  bool upstream_open_ ABSL_GUARDED_BY(mu_) = true;
  bool unparsable_ ABSL_GUARDED_BY(mu_) = false;
  std::atomic<int> references_{2};  // The caller's side and the owner's.
};

}  // namespace interco

#endif  // INTERCO_SERVICES_CALL_FORWARDING_H_
