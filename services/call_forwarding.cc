#include "services/call_forwarding.h"

#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/api/authorizer.h"
#include "services/common/field_error.h"
#include "services/tenancy/group_id.h"

namespace interco {
namespace {

absl::StatusOr<std::string> ReadPem(const std::string& path, const std::string& flag) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  if (!in.good() && !in.eof()) {
    return absl::InvalidArgumentError(absl::StrCat(flag, ": cannot read \"", path, "\""));
  }
  if (text.str().empty()) {
    return absl::InvalidArgumentError(absl::StrCat(flag, ": \"", path, "\" is empty or missing"));
  }
  return text.str();
}

}  // namespace

absl::StatusOr<std::unique_ptr<CallForwarder>> CallForwarder::Create(Options options) {
  std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::InsecureChannelCredentials();
  if (!options.tls_cert_file.empty()) {
    grpc::SslCredentialsOptions ssl;
    // The client CA as roots when there is one (the pods' certificates come from it, as in
    // the mutual TLS the peers' identities need); else the system's roots.
    if (!options.tls_ca_file.empty()) {
      absl::StatusOr<std::string> roots = ReadPem(options.tls_ca_file, "--tls_client_ca_file");
      if (!roots.ok()) return roots.status();
      ssl.pem_root_certs = *std::move(roots);
    }
    absl::StatusOr<std::string> cert = ReadPem(options.tls_cert_file, "--tls_cert_file");
    absl::StatusOr<std::string> key = ReadPem(options.tls_key_file, "--tls_key_file");
    if (!cert.ok()) return cert.status();
    if (!key.ok()) return key.status();
    ssl.pem_cert_chain = *std::move(cert);
    ssl.pem_private_key = *std::move(key);
    credentials = grpc::SslCredentials(ssl);
  }
  return std::unique_ptr<CallForwarder>(new CallForwarder(std::move(options), credentials));
}

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
  return Forward{ChannelTo(*address), method, group, caller, options_.pod};
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
      channels.pool.push_back(grpc::CreateCustomChannel(address, credentials_, args));
    }
  }
  return channels.pool[channels.next++ % channels.pool.size()];
}

}  // namespace interco
