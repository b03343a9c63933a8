#include "services/cli/channel.h"

#include <cstdlib>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "grpc/support/log.h"
#include "grpcpp/support/client_interceptor.h"
#include "services/common/client_tls.h"
#include "services/common/status_macros.h"
#include "services/tenancy/group_id.h"

namespace interco::cli {
namespace {

using grpc::experimental::ClientInterceptorFactoryInterface;
using grpc::experimental::InterceptionHookPoints;

// Adds x-interco-group to the metadata of one call, before it is sent.
class GroupMetadata : public grpc::experimental::Interceptor {
 public:
  explicit GroupMetadata(std::string group) : group_(std::move(group)) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->emplace(tenancy::kGroupHeader, group_);
    }
    methods->Proceed();
  }

 private:
  const std::string group_;
};

class GroupMetadataFactory : public ClientInterceptorFactoryInterface {
 public:
  explicit GroupMetadataFactory(std::string group) : group_(std::move(group)) {}

  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo* info) override {
    return new GroupMetadata(group_);  // gRPC owns it and deletes it with the call.
  }

 private:
  const std::string group_;
};

void DiscardGrpcLog(gpr_log_func_args*) {}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> Credentials(const ChannelOptions& options,
                                                                      absl::Time now) {
  ASSIGN_OR_RETURN(const std::optional<ClientTlsPem> tls,
                   LoadClientTls({{"--tls-ca", options.tls_ca},
                                  {"--tls-cert", options.tls_cert},
                                  {"--tls-key", options.tls_key}},
                                 now));
  if (!tls) return grpc::InsecureChannelCredentials();
  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = tls->ca;
  ssl.pem_cert_chain = tls->cert;
  ssl.pem_private_key = tls->key;
  return grpc::SslCredentials(ssl);
}

}  // namespace

std::string WithDefaultPort(const std::string& server) {
  const size_t colon = server.rfind(':');
  const size_t bracket = server.rfind(']');
  const bool has_port = colon != std::string::npos &&
                        (bracket == std::string::npos || colon > bracket) &&
                        (server.front() == '[' || server.find(':') == colon);
  return has_port ? server : absl::StrCat(server, ":50051");
}

void QuietGrpcLog() {
  if (std::getenv("GRPC_VERBOSITY") == nullptr) gpr_set_log_function(DiscardGrpcLog);
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> OpenChannel(const ChannelOptions& options,
                                                           absl::Time now) {
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials = Credentials(options, now);
  if (!credentials.ok()) return credentials.status();
  grpc::ChannelArguments args;
  if (!options.tls_ca.empty() && !options.tls_server_name.empty()) {
    args.SetSslTargetNameOverride(options.tls_server_name);
  }
  const std::string target = WithDefaultPort(options.server);
  if (options.group.empty()) return grpc::CreateCustomChannel(target, *credentials, args);
  if (absl::Status valid = tenancy::ValidateGroupId(options.group, "--group"); !valid.ok()) {
    return valid;
  }
  std::vector<std::unique_ptr<ClientInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(std::make_unique<GroupMetadataFactory>(options.group));
  return grpc::experimental::CreateCustomChannelWithInterceptors(target, *credentials, args,
                                                                 std::move(interceptors));
}

}  // namespace interco::cli
