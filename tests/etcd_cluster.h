// EtcdCluster: a real etcd cluster (Debian's /usr/bin/etcd) of child processes on loopback
// ports, each member with its own data directory under the test's temp dir, for tests of
// the replicated log. Members can be killed, paused and restarted.
#ifndef INTERCO_TESTS_ETCD_CLUSTER_H_
#define INTERCO_TESTS_ETCD_CLUSTER_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace interco::testing {

// Clients over TLS: each member serves https:// client URLs with this certificate and key
// (PEM files; the certificate must hold IP 127.0.0.1) and, with a trusted CA, accepts only
// clients presenting a certificate that CA issued (etcd's --client-cert-auth). Empty
// cert_file: plaintext http://. Members speak to each other in plaintext either way.
struct EtcdClientTls {
  std::string cert_file;
  std::string key_file;
  std::string trusted_ca_file;  // Empty: no client certificate required.
};

class EtcdCluster {
 public:
  // Starts `members` members (1 or 3 or 5) and waits up to `timeout` until every one
  // answers a read. The status names the member and its log on failure.
  // `extra_flags` go to every member after the tests' own (a later flag wins).
  static absl::StatusOr<std::unique_ptr<EtcdCluster>> Start(
      const std::string& name, int members, absl::Duration timeout = absl::Seconds(30),
      std::vector<std::string> extra_flags = {}, EtcdClientTls client_tls = {});
  ~EtcdCluster();  // SIGKILLs every member still running.

  // host:port of each member's client URL, in member order.
  const std::vector<std::string>& endpoints() const { return endpoints_; }

  // Member `i`'s process id (-1 while it is down), for a benchmark's CPU figures.
  pid_t pid(int i) const { return members_[i].pid; }

  // SIGKILLs member `i` and waits for it to exit.
  void Kill(int i);
  // Restarts a killed member `i` on its data directory and ports.
  absl::Status Restart(int i, absl::Duration timeout = absl::Seconds(30));

 private:
  struct Member {
    std::string name;
    std::string data_dir;
    std::string log_path;
    int client_port = 0;
    int peer_port = 0;
    pid_t pid = -1;
  };
  EtcdCluster() = default;
  absl::Status Launch(Member& member, bool initial);
  absl::Status WaitUntilServing(const Member& member, absl::Duration timeout);

  std::vector<std::string> extra_flags_;
  EtcdClientTls client_tls_;
  std::string initial_cluster_;
  std::string token_;
  std::vector<Member> members_;
  std::vector<std::string> endpoints_;
};

}  // namespace interco::testing

#endif  // INTERCO_TESTS_ETCD_CLUSTER_H_
