// ReplicationOptions' checks and the pod's connection to etcd (services/group_replicas.h).
#include <algorithm>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/client_tls.h"
#include "services/common/status_macros.h"
#include "services/group_replicas.h"

namespace interco {
namespace {

ClientTlsFiles EtcdTlsFlags(const EtcdTlsFiles& files) {
  return {{"--etcd_ca_file", files.ca_file},
          {"--etcd_cert_file", files.cert_file},
          {"--etcd_key_file", files.key_file}};
}

}  // namespace

absl::Status ValidateReplicationOptions(const ReplicationOptions& options) {
  if (options.etcd_endpoints.empty()) {
    // Embedded mode has no etcd: TLS files for it mean that --etcd_endpoints was meant and
    // lost, and the pod would start as a single ledger of its own.
    const ClientTlsFiles tls = EtcdTlsFlags(options.etcd_tls);
    for (const FlagPath* file : {&tls.ca, &tls.cert, &tls.key}) {
      if (!file->path.empty()) {
        return absl::InvalidArgumentError(absl::StrCat(
            file->flag, " needs --etcd_endpoints: TLS to etcd is for replicated mode"));
      }
    }
    return absl::OkStatus();
  }
  for (const std::string& endpoint : options.etcd_endpoints) {
    if (endpoint.empty() || endpoint.find(':') == std::string::npos) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--etcd_endpoints takes host:port,host:port,...; \"", endpoint, "\" is not one"));
    }
  }
  if (options.pod.empty() || options.pod.size() > 253) {
    return absl::InvalidArgumentError(
        "--pod_name must name this server in the deployment (1..253 characters)");
  }
  if (options.lease_ttl < absl::Seconds(1) || options.lease_ttl > absl::Seconds(60)) {
    return absl::InvalidArgumentError("--group_lease_ttl_s must be in [1, 60]");
  }
  return absl::OkStatus();
}

absl::StatusOr<storage::EtcdOptions> EtcdOptionsFor(const ReplicationOptions& options,
                                                    absl::Time now) {
  storage::EtcdOptions etcd;
  etcd.endpoints = options.etcd_endpoints;
  etcd.call_timeout = std::min(absl::Seconds(5), options.lease_ttl);
  ASSIGN_OR_RETURN(std::optional<ClientTlsPem> tls,
                   LoadClientTls(EtcdTlsFlags(options.etcd_tls), now));
  if (tls) {
    etcd.tls = storage::EtcdTls{std::move(tls->ca), std::move(tls->cert), std::move(tls->key)};
  }
  return etcd;
}

absl::StatusOr<std::unique_ptr<storage::EtcdLog>> ConnectEtcd(const ReplicationOptions& options,
                                                              absl::Time now) {
  ASSIGN_OR_RETURN(const storage::EtcdOptions etcd, EtcdOptionsFor(options, now));
  return storage::EtcdLog::Connect(etcd);
}

}  // namespace interco
