#include "tests/etcd_cluster.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tests/server_process.h"

namespace interco::testing {
namespace {

constexpr char kEtcd[] = "/usr/bin/etcd";

// A loopback port free now. Another process may take it before etcd binds it: Start
// retries with new ports when a member fails to come up.
int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
  socklen_t length = sizeof(address);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

std::string Tail(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  const std::string all = text.str();
  return all.size() > 2000 ? all.substr(all.size() - 2000) : all;
}

bool Answers(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  const bool connected = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
  close(fd);
  return connected;
}

}  // namespace

absl::StatusOr<std::unique_ptr<EtcdCluster>> EtcdCluster::Start(
    const std::string& name, int members, absl::Duration timeout,
    std::vector<std::string> extra_flags, EtcdClientTls client_tls) {
  if (members < 1 || members % 2 == 0) {
    return absl::InvalidArgumentError("an etcd cluster has an odd number of members");
  }
  std::unique_ptr<EtcdCluster> cluster(new EtcdCluster());
  cluster->extra_flags_ = std::move(extra_flags);
  cluster->client_tls_ = std::move(client_tls);
  const std::string root = FreshTempDir("etcd-" + name);
  cluster->token_ = "interco-test-" + name;
  std::vector<std::string> peers;
  for (int i = 0; i < members; ++i) {
    Member member;
    member.name = absl::StrCat("m", i);
    member.data_dir = absl::StrCat(root, "/", member.name);
    member.log_path = member.data_dir + ".log";
    member.client_port = FreePort();
    member.peer_port = FreePort();
    peers.push_back(absl::StrCat(member.name, "=http://127.0.0.1:", member.peer_port));
    cluster->endpoints_.push_back(absl::StrCat("127.0.0.1:", member.client_port));
    cluster->members_.push_back(member);
  }
  cluster->initial_cluster_ = absl::StrJoin(peers, ",");
  for (Member& member : cluster->members_) {
    if (absl::Status launched = cluster->Launch(member, /*initial=*/true); !launched.ok()) {
      return launched;
    }
  }
  for (const Member& member : cluster->members_) {
    if (absl::Status up = cluster->WaitUntilServing(member, timeout); !up.ok()) return up;
  }
  return cluster;
}

absl::Status EtcdCluster::Launch(Member& m, bool initial) {
  const bool tls = !client_tls_.cert_file.empty();
  const std::string client = absl::StrCat(tls ? "https" : "http", "://127.0.0.1:", m.client_port);
  const std::string peer = absl::StrCat("http://127.0.0.1:", m.peer_port);
  std::vector<std::string> args = {
      kEtcd,
      "--name=" + m.name,
      "--data-dir=" + m.data_dir,
      "--listen-client-urls=" + client,
      "--advertise-client-urls=" + client,
      "--listen-peer-urls=" + peer,
      "--initial-advertise-peer-urls=" + peer,
      "--initial-cluster=" + initial_cluster_,
      "--initial-cluster-token=" + token_,
      std::string("--initial-cluster-state=") + (initial ? "new" : "existing"),
      // Small and quick for tests: elections in about a second.
      "--heartbeat-interval=100",
      "--election-timeout=1000",
      "--snapshot-count=10000",
      "--quota-backend-bytes=268435456",
      "--logger=zap",
      "--log-outputs=stderr",
  };
  if (tls) {
    args.push_back("--cert-file=" + client_tls_.cert_file);
    args.push_back("--key-file=" + client_tls_.key_file);
  }
  if (tls && !client_tls_.trusted_ca_file.empty()) {
    args.push_back("--trusted-ca-file=" + client_tls_.trusted_ca_file);
    args.push_back("--client-cert-auth");
  }
  args.insert(args.end(), extra_flags_.begin(), extra_flags_.end());
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const pid_t pid = fork();  // Nothing allocates between fork and exec.
  if (pid < 0) return absl::InternalError("fork failed");
  if (pid == 0) {
    const int log = open(m.log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    dup2(log, STDOUT_FILENO);
    dup2(log, STDERR_FILENO);
    execv(kEtcd, argv.data());
    _exit(127);
  }
  m.pid = pid;
  return absl::OkStatus();
}

absl::Status EtcdCluster::WaitUntilServing(const Member& m, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (absl::Now() < deadline) {
    int status = 0;
    if (waitpid(m.pid, &status, WNOHANG) == m.pid) {
      return absl::UnavailableError(absl::StrCat("etcd member ", m.name, " exited: ", Tail(m.log_path)));
    }
    if (Answers(m.client_port)) return absl::OkStatus();
    absl::SleepFor(absl::Milliseconds(50));
  }
  return absl::DeadlineExceededError(
      absl::StrCat("etcd member ", m.name, " did not listen in time: ", Tail(m.log_path)));
}

void EtcdCluster::Kill(int i) {
  Member& m = members_[i];
  if (m.pid <= 0) return;
  kill(m.pid, SIGKILL);
  waitpid(m.pid, nullptr, 0);
  m.pid = -1;
}

absl::Status EtcdCluster::Restart(int i, absl::Duration timeout) {
  Member& m = members_[i];
  if (m.pid > 0) return absl::FailedPreconditionError("member is running");
  if (absl::Status launched = Launch(m, /*initial=*/false); !launched.ok()) return launched;
  return WaitUntilServing(m, timeout);
}

EtcdCluster::~EtcdCluster() {
  for (int i = 0; i < static_cast<int>(members_.size()); ++i) Kill(i);
}

}  // namespace interco::testing
