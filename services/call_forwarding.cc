#include "services/call_forwarding.h"

#include <utility>

#include "services/api/authorizer.h"
#include "services/api/grpc_status.h"
#include "services/common/field_error.h"
#include "services/tenancy/group_id.h"

namespace interco {

std::optional<Forward> CallForwarder::ForwardingOf(const grpc::ServerContextBase& context,
                                                   const absl::Status& refusal,
                                                   const std::string& method,
                                                   const std::string& group,
                                                   const std::string& caller) {
  const std::optional<ErrorDetail> detail = GetErrorDetail(refusal);
  if (!detail.has_value() || detail->reason != "NOT_OWNER" || method.empty() ||
      !options_.owner_address) {
    return std::nullopt;
  }
  // Forwarded once at most: the pod it reached did not own the group either.
  if (context.client_metadata().count(kForwardedByHeader) > 0) return std::nullopt;
  std::optional<std::string> address = options_.owner_address(group);
  if (!address.has_value()) return std::nullopt;
  if (options_.forwarded) options_.forwarded();
  return Forward{this, ChannelTo(*address), method, group, caller, options_.pod};
}

void CallForwarder::EndEndlessStreams() {
  absl::MutexLock lock(&streams_mu_);
  draining_ = true;
  for (grpc::ClientContext* client : endless_) client->TryCancel();
}

bool CallForwarder::TrackIfEndless(const std::string& method, grpc::ClientContext* client) {
  if (method != "/interco.v1.LedgerService/WatchJournal") return false;
  absl::MutexLock lock(&streams_mu_);
  endless_.insert(client);
  // One that starts after the drain's start (it raced the refusal of new calls) ends too.
  if (draining_) client->TryCancel();
  return true;
}

void CallForwarder::Untrack(grpc::ClientContext* client) {
  absl::MutexLock lock(&streams_mu_);
  endless_.erase(client);
}

grpc::Status CallForwarder::EndOf(const grpc::Status& owners_status) const {
  absl::MutexLock lock(&streams_mu_);
  if (!draining_ || owners_status.error_code() != grpc::StatusCode::CANCELLED) {
    return owners_status;
  }
  return api::ToGrpcStatus(api::ShuttingDownError(
      "resume the watch after the last entry received (at another replica, or here once it "
      "is back)"));
}

void CallForwarder::Prepare(const Forward& forward, const grpc::ServerContextBase& context,
                            grpc::ClientContext* client) {
  client->set_deadline(context.deadline());
  client->AddMetadata(tenancy::kGroupHeader, forward.group);
  client->AddMetadata(api::kForwardedForHeader, forward.caller);
  client->AddMetadata(kForwardedByHeader, forward.by);
  // The caller's request id and trace go on, so that the owner's log line of the call joins
  // the caller's and the mesh's traces.
  for (const char* header : {"x-request-id", "traceparent"}) {
    const auto found = context.client_metadata().find(header);
    if (found != context.client_metadata().end()) {
      client->AddMetadata(header, std::string(found->second.data(), found->second.size()));
    }
  }
}

std::shared_ptr<grpc::Channel> CallForwarder::ChannelTo(const std::string& address) {
  absl::MutexLock lock(&mu_);
  Channels& channels = channels_[address];
  if (channels.pool.empty()) {
    for (int i = 0; i < kConnectionsPerOwner; ++i) {
      grpc::ChannelArguments args;
      args.SetMaxReceiveMessageSize(-1);  // The owner's own limit applies to its replies.
      args.SetMaxSendMessageSize(-1);
      // A connection of each channel's own: the owner takes a bounded number of streams
      // per connection (--max_streams_per_connection), and long forwarded streams
      // (WatchJournal) must not take every slot of one connection.
      args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
      channels.pool.push_back(grpc::CreateCustomChannel(address, options_.credentials, args));
    }
  }
  return channels.pool[channels.next++ % channels.pool.size()];
}

}  // namespace interco
