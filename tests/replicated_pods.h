// ReplicatedPods: a real etcd cluster and several real servers in replicated mode on
// loopback (issue 25), for the failover tests: start, kill -9, SIGSTOP/SIGCONT, restart a
// pod on its data directory (or a wiped one), find the owner of the default group, and post
// as an ERP would across a failover (the same request id again, at any pod, until answered).
#ifndef INTERCO_TESTS_REPLICATED_PODS_H_
#define INTERCO_TESTS_REPLICATED_PODS_H_

#include <signal.h>

#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "tests/etcd_cluster.h"
#include "tests/server_process.h"

namespace interco::testing {

struct ReplicatedPodsOptions {
  int pods = 3;
  absl::Duration lease_ttl = absl::Seconds(2);
  // Given to every pod besides the replicated-mode flags.
  std::vector<std::string> extra_flags;
  // false: only pod-0 is started; the test starts the others with StartPod when it wants.
  bool start_followers = true;
  // Given to every etcd member besides the tests' own (EtcdCluster::Start).
  std::vector<std::string> etcd_flags;
  // etcd's clients over TLS (EtcdCluster::Start); the pods then need the matching
  // --etcd_ca_file (and --etcd_cert_file, --etcd_key_file) in extra_flags.
  EtcdClientTls etcd_tls;
};

class ReplicatedPods {
 public:
  // `options.pods` servers named pod-0, pod-1, ... on a 3-member etcd cluster; pod-0 is
  // started first and owns the default group when this returns.
  static absl::StatusOr<std::unique_ptr<ReplicatedPods>> Start(const std::string& name,
                                                               ReplicatedPodsOptions options);
  ~ReplicatedPods();

  EtcdCluster& etcd() { return *etcd_; }
  int size() const { return static_cast<int>(pods_.size()); }
  // Null while pod `i` is down.
  ServerProcess* pod(int i) { return pods_[i].get(); }

  // (Re)starts pod `i` on its data directory; wiped first if `wipe`. `pod_flags` go after the
  // options' extra_flags (a later flag wins).
  absl::Status StartPod(int i, bool wipe = false, const std::vector<std::string>& pod_flags = {});
  // kill -9 of pod `i`.
  void KillPod(int i) { StopPod(i, SIGKILL); }
  // Sends `signal` to pod `i` and waits for its exit: its status (nullopt on time-out, or
  // when it is down already); the pod is down afterwards.
  std::optional<int> StopPod(int i, int signal);

  // The pod serving the default group within `timeout` (a read answered OK where it is not
  // forwarded); -1 if none.
  int WaitForOwner(absl::Duration timeout);

  // Posts `request` at the owner, again with the same request id at whichever pod owns the
  // group while the answer is UNAVAILABLE or lost, until `timeout`. Only an OK answer is
  // returned as such.
  grpc::Status PostUntilAnswered(const v1::PostTransactionRequest& request,
                                 v1::PostTransactionResponse* response, absl::Duration timeout);

  // Every pod's log, for a failed test's reader.
  std::string Logs() const;

 private:
  ReplicatedPods() = default;
  std::string name_;
  ReplicatedPodsOptions options_;
  std::unique_ptr<EtcdCluster> etcd_;
  std::vector<std::unique_ptr<ServerProcess>> pods_;
  std::vector<std::string> data_dirs_;
  std::vector<std::string> logs_;
};

// The replicated tests' fixture: StartPods names the pods' directories after the test, and a
// failed test prints every pod's log.
class ReplicatedPodsTest : public ::testing::Test {
 protected:
  void StartPods(ReplicatedPodsOptions options) {
    auto pods = ReplicatedPods::Start(
        ::testing::UnitTest::GetInstance()->current_test_info()->name(), std::move(options));
    ASSERT_TRUE(pods.ok()) << pods.status();
    pods_ = *std::move(pods);
  }
  void TearDown() override {
    if (HasFailure() && pods_ != nullptr) std::cerr << pods_->Logs();
  }

  std::unique_ptr<ReplicatedPods> pods_;
};

}  // namespace interco::testing

#endif  // INTERCO_TESTS_REPLICATED_PODS_H_
