// End to end: the server's certificates over time (issue 26). An expired server
// certificate refuses start-up naming the file and the date; one expiring within 30 days is
// a warning; both files' expiry is the metric
// interco_tls_certificate_expiry_timestamp_seconds{file} that IntercoTlsCertificateExpiresSoon
// watches; and a refused handshake is a JSON line of the server's log, not gRPC's raw text.
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "tests/metrics_scrape.h"
#include "tests/server_process.h"
#include "tests/tls_fixture.h"

namespace interco::testing {
namespace {

class TlsCertificatesE2eTest : public TlsE2eTest {
 protected:
  std::vector<std::string> FlagsServing(const std::string& name) {
    std::vector<std::string> flags = TlsFlags();
    flags[2] = "--tls_cert_file=" + Cert(name + ".pem");
    flags[3] = "--tls_key_file=" + Cert(name + ".key");
    return flags;
  }
};

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

bool HasLine(const std::string& log, const std::vector<std::string>& words) {
  for (const std::string& line : Lines(log)) {
    bool all = true;
    for (const std::string& word : words) all = all && absl::StrContains(line, word);
    if (all) return true;
  }
  return false;
}

TEST_F(TlsCertificatesE2eTest, AnExpiredServerCertificateRefusesStartUpNamingFileAndDate) {
  const ServerProcess::Exit exit = ServerProcess::RunToExit(FlagsServing("server_expired"));
  EXPECT_EQ(exit.code, 1);
  // make_test_certs.sh made it to expire a day before it was made, moments ago.
  const std::string yesterday =
      absl::FormatTime("%Y-%m-%d", absl::Now() - absl::Hours(24), absl::UTCTimeZone());
  EXPECT_TRUE(absl::StrContains(exit.stderr_text, "--tls_cert_file: the certificate in " +
                                                      Cert("server_expired.pem") + " expired on " +
                                                      yesterday))
      << exit.stderr_text;
  EXPECT_FALSE(absl::StrContains(exit.stderr_text, "listening on")) << exit.stderr_text;
}

TEST_F(TlsCertificatesE2eTest, ACertificateExpiringWithin30DaysIsAWarningAndEveryExpiryAMetric) {
  auto server = ServerProcess::Start(FlagsServing("server_soon"));
  ASSERT_TRUE(server.ok()) << server.status();
  const std::string log = Read((*server)->stderr_path());
  EXPECT_TRUE(HasLine(
      log, {R"("level":"warning")", R"("event":"tls_certificate_expires_soon")",
            "--tls_cert_file: the certificate in " + Cert("server_soon.pem") + " expires on "}))
      << log;
  const std::string metrics = Scrape((*server)->metrics_address());
  const double now_s = absl::ToDoubleSeconds(absl::Now() - absl::UnixEpoch());
  const double day_s = 24 * 3600;
  const double served = Sample(metrics, "interco_tls_certificate_expiry_timestamp_seconds",
                               {"file=\"" + Cert("server_soon.pem") + "\""});
  EXPECT_GT(served, now_s + 9 * day_s) << metrics;
  EXPECT_LT(served, now_s + 11 * day_s) << metrics;
  const double trusted = Sample(metrics, "interco_tls_certificate_expiry_timestamp_seconds",
                                {"file=\"" + Cert("ca.pem") + "\""});
  EXPECT_GT(trusted, now_s + 399 * day_s) << metrics;
  EXPECT_LT(trusted, now_s + 401 * day_s) << metrics;

  auto healthy = ServerProcess::Start(TlsFlags());
  ASSERT_TRUE(healthy.ok()) << healthy.status();
  const std::string quiet = Read((*healthy)->stderr_path());
  EXPECT_FALSE(absl::StrContains(quiet, "tls_certificate_expires_soon")) << quiet;
}

TEST_F(TlsCertificatesE2eTest, ARefusedHandshakeIsAJsonLineOfTheServersLog) {
  auto server = ServerProcess::Start(TlsFlags());
  ASSERT_TRUE(server.ok()) << server.status();
  auto ledger = v1::LedgerService::NewStub(As(**server, ""));  // No client certificate.
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
  v1::LedgerHead response;
  EXPECT_EQ(ledger->GetLedgerHead(&context, v1::GetLedgerHeadRequest(), &response).error_code(),
            grpc::UNAVAILABLE);
  std::string log;
  for (int tries = 0; tries < 50; ++tries) {
    log = Read((*server)->stderr_path());
    if (absl::StrContains(log, "Handshake failed")) break;
    absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_TRUE(HasLine(log, {R"("event":"grpc")", R"("source":"ssl_transport_security.cc:)",
                            "Handshake failed", "peer did not return a certificate"}))
      << log;
  for (const std::string& line : Lines(log)) {
    EXPECT_TRUE(absl::StartsWith(line, "{\"time\":")) << "not a JSON line: " << line;
  }
}

}  // namespace
}  // namespace interco::testing
