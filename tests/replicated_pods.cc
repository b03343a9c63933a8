#include "tests/replicated_pods.h"

#include <signal.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tests/requests.h"

namespace interco::testing {

absl::StatusOr<std::unique_ptr<ReplicatedPods>> ReplicatedPods::Start(
    const std::string& name, ReplicatedPodsOptions options) {
  const int pods = options.pods;
  std::unique_ptr<ReplicatedPods> set(new ReplicatedPods());
  set->name_ = name;
  set->options_ = std::move(options);
  absl::StatusOr<std::unique_ptr<EtcdCluster>> etcd = EtcdCluster::Start(
      name, 3, absl::Seconds(30), set->options_.etcd_flags, set->options_.etcd_tls);
  if (!etcd.ok()) return etcd.status();
  set->etcd_ = *std::move(etcd);
  set->pods_.resize(pods);
  for (int i = 0; i < pods; ++i) {
    set->data_dirs_.push_back(FreshTempDir(absl::StrCat(name, "-pod-", i)));
  }
  const int started = set->options_.start_followers ? pods : 1;
  for (int i = 0; i < started; ++i) {
    if (absl::Status up = set->StartPod(i); !up.ok()) return up;
    if (i == 0 && set->WaitForOwner(absl::Seconds(20)) != 0) {
      return absl::DeadlineExceededError("pod-0 did not come to own the default group");
    }
  }
  return set;
}

ReplicatedPods::~ReplicatedPods() = default;

absl::Status ReplicatedPods::StartPod(int i, bool wipe, const std::vector<std::string>& pod_flags) {
  if (wipe) {
    std::filesystem::remove_all(data_dirs_[i]);
    std::filesystem::create_directories(data_dirs_[i]);
  }
  std::vector<std::string> flags = {
      "--listen=127.0.0.1:0", "--data_dir=" + data_dirs_[i],
      "--etcd_endpoints=" + absl::StrJoin(etcd_->endpoints(), ","),
      absl::StrCat("--pod_name=pod-", i),
      absl::StrCat("--group_lease_ttl_s=", absl::ToInt64Seconds(options_.lease_ttl))};
  flags.insert(flags.end(), options_.extra_flags.begin(), options_.extra_flags.end());
  flags.insert(flags.end(), pod_flags.begin(), pod_flags.end());
  absl::StatusOr<std::unique_ptr<ServerProcess>> pod = ServerProcess::Start(flags);
  if (!pod.ok()) return pod.status();
  logs_.push_back((*pod)->stderr_path());
  pods_[i] = *std::move(pod);
  return absl::OkStatus();
}

std::optional<int> ReplicatedPods::StopPod(int i, int signal) {
  if (pods_[i] == nullptr) return std::nullopt;
  const std::optional<int> exit = pods_[i]->SignalAndWait(signal, absl::Seconds(20));
  pods_[i].reset();
  return exit;
}

int ReplicatedPods::WaitForOwner(absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (absl::Now() < deadline) {
    for (size_t i = 0; i < pods_.size(); ++i) {
      if (pods_[i] == nullptr) continue;
      auto ledger = v1::LedgerService::NewStub(pods_[i]->Channel());
      v1::LedgerHead head;
      grpc::ClientContext context;
      context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
      // As if forwarded already: a pod that does not own the group refuses instead of
      // forwarding it to the owner (services/call_forwarding.h).
      context.AddMetadata("x-interco-forwarded-by", "test");
      if (ledger->GetLedgerHead(&context, v1::GetLedgerHeadRequest(), &head).ok()) {
        return static_cast<int>(i);
      }
    }
    absl::SleepFor(absl::Milliseconds(50));
  }
  return -1;
}

grpc::Status ReplicatedPods::PostUntilAnswered(const v1::PostTransactionRequest& request,
                                               v1::PostTransactionResponse* response,
                                               absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  grpc::Status last(grpc::StatusCode::DEADLINE_EXCEEDED, "no pod answered");
  while (absl::Now() < deadline) {
    const int owner = WaitForOwner(deadline - absl::Now());
    if (owner < 0) break;
    ServerProcess* pod = pods_[owner].get();
    if (pod == nullptr) continue;
    auto ledger = v1::LedgerService::NewStub(pod->Channel());
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    last = ledger->PostTransaction(&context, request, response);
    const grpc::StatusCode code = last.error_code();
    if (code != grpc::StatusCode::UNAVAILABLE && code != grpc::StatusCode::DEADLINE_EXCEEDED) {
      return last;
    }
    absl::SleepFor(absl::Milliseconds(50));
  }
  return last;
}

std::string ReplicatedPods::Logs() const {
  std::ostringstream out;
  for (const std::string& path : logs_) {
    std::ifstream in(path);
    out << "---- " << path << "\n" << in.rdbuf() << "\n";
  }
  return out.str();
}

}  // namespace interco::testing
