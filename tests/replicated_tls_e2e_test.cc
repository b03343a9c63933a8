// Replicated mode (issue 25) with etcd's clients over mutual TLS: a real 3-member etcd
// serving https:// client URLs with a certificate for 127.0.0.1 and --client-cert-auth, and
// real servers given --etcd_ca_file, --etcd_cert_file and --etcd_key_file (certificates from
// tests/make_test_certs.sh). Pods with the CA and a client certificate claim the default
// group and post. A pod that trusts another CA, or presents no client certificate, starts
// as it does when etcd is down (it serves, owns nothing and keeps trying), and its log says
// why it cannot reach etcd. Misused flags stop the server at start-up, naming the flag.
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "tests/replicated_pods.h"
#include "tests/requests.h"
#include "tests/server_process.h"
#include "tests/tls_fixture.h"
#include "tests/trading_group.h"

namespace interco::testing {
namespace {

class ReplicatedTlsTest : public ReplicatedPodsTest {
 protected:
  static void SetUpTestSuite() { certs_ = new std::string(MakeTestCertificates()); }
  static void TearDownTestSuite() { delete certs_; }
  static std::string Cert(const std::string& name) { return *certs_ + "/" + name; }

  // etcd serving clients over TLS with the server certificate (IP SAN 127.0.0.1), requiring
  // client certificates of the test CA; pod-0 started with the CA and the pod's client
  // certificate, owning the default group when this returns.
  void StartTlsPods(int pods) {
    ReplicatedPodsOptions options;
    options.pods = pods;
    options.start_followers = false;
    options.etcd_tls = {Cert("server.pem"), Cert("server.key"), Cert("ca.pem")};
    options.extra_flags = {"--etcd_ca_file=" + Cert("ca.pem"),
                           "--etcd_cert_file=" + Cert("interco_pod.pem"),
                           "--etcd_key_file=" + Cert("interco_pod.key")};
    StartPods(std::move(options));
  }

  // Pod `i`'s log once a line of it contains `text`, within `timeout`; the whole log
  // otherwise (the assertion that follows then shows it).
  std::string WaitForLog(int i, const std::string& text, absl::Duration timeout) {
    const absl::Time deadline = absl::Now() + timeout;
    std::string log;
    while (absl::Now() < deadline) {
      log = Read(pods_->pod(i)->stderr_path());
      if (absl::StrContains(log, text)) break;
      absl::SleepFor(absl::Milliseconds(100));
    }
    return log;
  }

  // Pod `i` serves the default group itself: a read it may not forward is answered.
  grpc::Status ReadsTheDefaultGroupItself(int i) {
    auto ledger = v1::LedgerService::NewStub(pods_->pod(i)->Channel());
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    context.AddMetadata("x-interco-forwarded-by", "test");
    v1::LedgerHead head;
    return ledger->GetLedgerHead(&context, v1::GetLedgerHeadRequest(), &head);
  }

  static inline std::string* certs_ = nullptr;
};

TEST_F(ReplicatedTlsTest, PodsWithTheCaAndAClientCertificateClaimTheGroupAndPost) {
  ASSERT_NO_FATAL_FAILURE(StartTlsPods(2));
  ASSERT_TRUE(pods_->StartPod(1).ok());
  EXPECT_TRUE(absl::StrContains(Read(pods_->pod(0)->stderr_path()), "(mutual TLS)"));
  ASSERT_TRUE(SetUpTradingGroup(pods_->pod(0)->Channel()).ok());
  v1::PostTransactionResponse posted;
  const grpc::Status status =
      pods_->PostUntilAnswered(GoodsPosting("over-tls"), &posted, absl::Seconds(20));
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(posted.sequence(), 1u);
  // pod-1 reached etcd too: it follows the log, and takes the group over when pod-0 dies.
  pods_->KillPod(0);
  EXPECT_EQ(pods_->WaitForOwner(absl::Seconds(20)), 1);
  // The log watch (storage/etcd/log_watch.h) reaches etcd over the same TLS: a pod whose
  // watch dials plaintext falls back to reading every group each tick and says so.
  EXPECT_FALSE(absl::StrContains(Read(pods_->pod(1)->stderr_path()), "etcd watch is down"))
      << Read(pods_->pod(1)->stderr_path());
}

TEST_F(ReplicatedTlsTest, APodTrustingAnotherCaCannotReachEtcdAndSaysWhy) {
  ASSERT_NO_FATAL_FAILURE(StartTlsPods(2));
  ASSERT_TRUE(pods_->StartPod(1, false, {"--etcd_ca_file=" + Cert("rogue_ca.pem")}).ok());
  // The etcd call's own error names the failed verification of etcd's certificate.
  const std::string log = WaitForLog(1, "Ssl handshake failed", absl::Seconds(15));
  EXPECT_TRUE(absl::StrContains(log, "putting it in the shared catalog: UNAVAILABLE: etcd:"))
      << log;
  EXPECT_TRUE(absl::StrContains(log, "certificate verify failed")) << log;
  // It serves (as with etcd down) but owns nothing, even with pod-0 gone.
  pods_->KillPod(0);
  absl::SleepFor(absl::Seconds(4));  // Twice the lease.
  EXPECT_EQ(ReadsTheDefaultGroupItself(1).error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(ReplicatedTlsTest, APodWithoutAClientCertificateCannotReachEtcdAndSaysWhy) {
  ASSERT_NO_FATAL_FAILURE(StartTlsPods(2));
  ASSERT_TRUE(pods_->StartPod(1, false, {"--etcd_cert_file=", "--etcd_key_file="}).ok());
  // etcd refuses the handshake: gRPC's own line (routed to the log) names the alert, while
  // the call's status says only "Endpoint read failed".
  const std::string log = WaitForLog(1, "alert bad certificate", absl::Seconds(15));
  EXPECT_TRUE(absl::StrContains(log, "alert bad certificate")) << log;
  EXPECT_TRUE(absl::StrContains(log, "putting it in the shared catalog")) << log;
  pods_->KillPod(0);
  absl::SleepFor(absl::Seconds(4));
  EXPECT_EQ(ReadsTheDefaultGroupItself(1).error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(ReplicatedTlsTest, MisusedFlagsStopTheServerNamingTheFlag) {
  const std::string data = FreshTempDir("flags");
  const ServerProcess::Exit embedded = ServerProcess::RunToExit(
      {"--listen=127.0.0.1:0", "--data_dir=" + data, "--etcd_ca_file=" + Cert("ca.pem")});
  EXPECT_EQ(embedded.code, 2);
  EXPECT_TRUE(absl::StrContains(embedded.stderr_text,
                                "--etcd_ca_file needs --etcd_endpoints: TLS to etcd is for "
                                "replicated mode"))
      << embedded.stderr_text;
  const ServerProcess::Exit mismatched = ServerProcess::RunToExit(
      {"--listen=127.0.0.1:0", "--data_dir=" + data, "--etcd_endpoints=127.0.0.1:1",
       "--pod_name=pod-0", "--etcd_ca_file=" + Cert("ca.pem"),
       "--etcd_cert_file=" + Cert("interco_pod.pem"), "--etcd_key_file=" + Cert("admin.key")});
  EXPECT_EQ(mismatched.code, 1);
  EXPECT_TRUE(absl::StrContains(mismatched.stderr_text,
                                "--etcd_cert_file and --etcd_key_file do not match"))
      << mismatched.stderr_text;
}

}  // namespace
}  // namespace interco::testing
