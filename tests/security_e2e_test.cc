// End to end: TLS, mutual TLS and the access policy on the real server, with certificates
// made by OpenSSL for the test (tests/make_test_certs.sh): SPIFFE identities from client
// certificates, or from a trusted sidecar's x-forwarded-client-cert header; roles; a
// poster limited to its entities; UNAUTHENTICATED and PERMISSION_DENIED.
#include <algorithm>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "interco/v1/consolidation.grpc.pb.h"
#include "interco/v1/group_structure.grpc.pb.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "interco/v1/policy.grpc.pb.h"
#include "tests/requests.h"
#include "tests/server_process.h"
#include "tests/tls_fixture.h"
#include "tests/trading_group.h"

namespace interco::testing {
namespace {

class SecurityE2eTest : public TlsE2eTest {
 protected:
  static grpc::StatusCode Post(const std::shared_ptr<grpc::Channel>& channel,
                               const std::string& request_id) {
    auto ledger = v1::LedgerService::NewStub(channel);
    v1::PostTransactionResponse response;
    return Call(*ledger, &v1::LedgerService::Stub::PostTransaction, GoodsPosting(request_id),
                &response)
        .error_code();
  }

  static grpc::StatusCode UpsertEntity(const std::shared_ptr<grpc::Channel>& channel) {
    auto structure = v1::GroupStructureService::NewStub(channel);
    v1::UpsertEntityResponse response;
    return Call(*structure, &v1::GroupStructureService::Stub::UpsertEntity,
                EntityRequest("Q", "q1"), &response)
        .error_code();
  }

  static grpc::StatusCode Verify(const std::shared_ptr<grpc::Channel>& channel) {
    auto ledger = v1::LedgerService::NewStub(channel);
    v1::VerifyLedgerResponse response;
    return Call(*ledger, &v1::LedgerService::Stub::VerifyLedger, v1::VerifyLedgerRequest(),
                &response)
        .error_code();
  }

  static grpc::StatusCode Consolidate(const std::shared_ptr<grpc::Channel>& channel) {
    auto stub = v1::ConsolidationService::NewStub(channel);
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
    v1::RunConsolidationRequest request;
    request.set_parent_id("P");
    request.set_period("2024-06");
    request.set_presentation_currency("EUR");
    auto reader = stub->RunConsolidation(&context, request);
    v1::ConsolidationChunk chunk;
    while (reader->Read(&chunk)) {
    }
    return reader->Finish().error_code();
  }
};

TEST_F(SecurityE2eTest, RolesFromClientCertificatesDecideWhoMayCallWhat) {
  auto server = ServerProcess::Start(TlsFlags());
  ASSERT_TRUE(server.ok()) << server.status();
  const auto admin = As(**server, "admin");
  ASSERT_TRUE(SetUpTradingGroup(admin).ok());
  ASSERT_TRUE(AddConsolidationRates(admin).ok());
  EXPECT_EQ(UpsertEntity(admin), grpc::OK);

  const auto poster_a = As(**server, "poster_a");
  EXPECT_EQ(Post(poster_a, "pa-1"), grpc::OK);           // Books A (and B): one of its entities.
  EXPECT_EQ(Verify(poster_a), grpc::PERMISSION_DENIED);  // A whole-ledger read.
  EXPECT_EQ(UpsertEntity(poster_a), grpc::PERMISSION_DENIED);
  EXPECT_EQ(Consolidate(poster_a), grpc::PERMISSION_DENIED);

  const auto poster_z = As(**server, "poster_z");
  EXPECT_EQ(Post(poster_z, "pz-1"), grpc::PERMISSION_DENIED);  // Books A and B, not Z.
  EXPECT_EQ(Post(poster_z, "pa-1"), grpc::PERMISSION_DENIED);  // Nor may it read A's retry.

  const auto controller = As(**server, "controller");
  EXPECT_EQ(Post(controller, "c-1"), grpc::PERMISSION_DENIED);
  EXPECT_EQ(UpsertEntity(controller), grpc::PERMISSION_DENIED);
  EXPECT_EQ(Consolidate(controller), grpc::OK);
  EXPECT_EQ(Verify(controller), grpc::OK);

  EXPECT_EQ(Verify(As(**server, "stranger")), grpc::PERMISSION_DENIED);
  EXPECT_EQ(Verify(As(**server, "anonymous")), grpc::UNAUTHENTICATED);

  auto ledger = v1::LedgerService::NewStub(admin);
  grpc::ClientContext context;
  v1::StreamPostTransactionsResponse streamed;
  auto writer = v1::LedgerService::NewStub(controller)->StreamPostTransactions(&context, &streamed);
  writer->Write(GoodsPosting("c-stream"));
  writer->WritesDone();
  EXPECT_EQ(writer->Finish().error_code(), grpc::PERMISSION_DENIED);

  v1::ListEntriesRequest list;
  list.set_entity_id("A");
  v1::ListEntriesResponse entries;
  ASSERT_TRUE(Call(*ledger, &v1::LedgerService::Stub::ListEntries, list, &entries).ok());
  ASSERT_EQ(entries.entries_size(), 1);  // Only poster A's posting was written.
  EXPECT_EQ(entries.entries(0).request_id(), "pa-1");
}

// A manual entry has no policy to decide its other side: a poster may book only entries
// whose every line is in one of its own entities. Reading the head is a read.
TEST_F(SecurityE2eTest, APosterBooksJournalEntriesOnlyInItsOwnEntities) {
  auto server = ServerProcess::Start(TlsFlags());
  ASSERT_TRUE(server.ok()) << server.status();
  ASSERT_TRUE(SetUpTradingGroup(As(**server, "admin")).ok());
  auto entry = [](const std::string& request_id, const char* second_entity) {
    v1::PostJournalEntryRequest request;
    request.set_request_id(request_id);
    request.set_entry_id(request_id);
    *request.mutable_date() = Date(2024, 6, 1);
    for (const char* entity : {"A", second_entity}) {
      for (const auto& [account, side] : {std::pair{"1000 cash", v1::SIDE_DEBIT},
                                          std::pair{"3000 share capital", v1::SIDE_CREDIT}}) {
        v1::JournalLine* line = request.add_lines();
        line->set_entity_id(entity);
        line->set_account(account);
        line->set_side(side);
        line->mutable_amount()->set_currency_code("EUR");
        line->mutable_amount()->set_units(10);
      }
    }
    return request;
  };
  auto post = [&](const std::string& client, const v1::PostJournalEntryRequest& request) {
    v1::PostJournalEntryResponse response;
    return Call(*v1::LedgerService::NewStub(As(**server, client)),
                &v1::LedgerService::Stub::PostJournalEntry, request, &response)
        .error_code();
  };
  EXPECT_EQ(post("poster_a", entry("ja-1", "A")), grpc::OK);
  EXPECT_EQ(post("poster_a", entry("ja-2", "P")), grpc::PERMISSION_DENIED);  // P is not its.
  EXPECT_EQ(post("poster_z", entry("ja-1", "A")), grpc::PERMISSION_DENIED);  // Nor A's retry.
  EXPECT_EQ(post("controller", entry("jc-1", "A")), grpc::PERMISSION_DENIED);
  EXPECT_EQ(post("admin", entry("jadm-1", "P")), grpc::OK);
  v1::LedgerHead head;
  for (const char* reader : {"poster_z", "controller"}) {
    EXPECT_TRUE(Call(*v1::LedgerService::NewStub(As(**server, reader)),
                     &v1::LedgerService::Stub::GetLedgerHead, v1::GetLedgerHeadRequest(), &head)
                    .ok())
        << reader;
    EXPECT_EQ(head.sequence(), 2u);
  }
  EXPECT_EQ(Call(*v1::LedgerService::NewStub(As(**server, "anonymous")),
                 &v1::LedgerService::Stub::GetLedgerHead, v1::GetLedgerHeadRequest(), &head)
                .error_code(),
            grpc::UNAUTHENTICATED);
}

// Every read-back needs the `read` permission, which posters and controllers have: each
// answers them as it answers an admin (OK, or NOT_FOUND for what the group lacks), and a
// stranger is refused.
TEST_F(SecurityE2eTest, ReadBacksNeedTheReadPermission) {
  auto server = ServerProcess::Start(TlsFlags());
  ASSERT_TRUE(server.ok()) << server.status();
  ASSERT_TRUE(SetUpTradingGroup(As(**server, "admin")).ok());
  using S = v1::GroupStructureService::Stub;
  using P = v1::PolicyService::Stub;
  using Read = std::function<grpc::StatusCode(const std::shared_ptr<grpc::Channel>&)>;
  // Calls `method` with `request` and returns the code.
  auto read = [](auto method, auto request, auto response, auto new_stub) -> Read {
    return [=](const std::shared_ptr<grpc::Channel>& channel) {
      auto stub = new_stub(channel);
      auto out = response;
      return Call(*stub, method, request, &out).error_code();
    };
  };
  auto structure = [](const std::shared_ptr<grpc::Channel>& c) {
    return v1::GroupStructureService::NewStub(c);
  };
  auto policies = [](const std::shared_ptr<grpc::Channel>& c) {
    return v1::PolicyService::NewStub(c);
  };
  v1::GetEntityRequest entity;
  entity.set_entity_id("A");
  v1::GetDepartmentRequest department;
  department.set_department_id("A-sales");
  v1::GetEmployeeRequest employee;
  employee.set_employee_id("emp-1");
  v1::GetOwnershipEdgeRequest edge;
  edge.set_holder_id("P");
  edge.set_held_id("A");
  *edge.mutable_valid_from() = Date(2024, 1, 1);
  v1::GetPolicyRequest policy;
  policy.set_policy_id("goods");
  v1::GetFxRateRequest rate;
  rate.set_base_currency("EUR");
  rate.set_quote_currency("USD");
  rate.set_type(v1::RATE_TYPE_SPOT);
  *rate.mutable_valid_from() = Date(2024, 6, 30);
  v1::GetAccountMapRequest map;
  map.set_entity_id("A");
  v1::GetClosedPeriodRequest period;
  period.set_entity_id("A");
  period.set_period("2024-05");
  const std::vector<std::pair<Read, grpc::StatusCode>> reads = {
      {read(&S::GetEntity, entity, v1::VersionedEntity(), structure), grpc::OK},
      {read(&S::ListEntities, v1::ListEntitiesRequest(), v1::ListEntitiesResponse(), structure),
       grpc::OK},
      {read(&S::GetDepartment, department, v1::VersionedDepartment(), structure), grpc::NOT_FOUND},
      {read(&S::ListDepartments, v1::ListDepartmentsRequest(), v1::ListDepartmentsResponse(),
            structure),
       grpc::OK},
      {read(&S::GetEmployee, employee, v1::VersionedEmployee(), structure), grpc::NOT_FOUND},
      {read(&S::ListEmployees, v1::ListEmployeesRequest(), v1::ListEmployeesResponse(), structure),
       grpc::OK},
      {read(&S::GetOwnershipEdge, edge, v1::VersionedOwnershipEdge(), structure), grpc::OK},
      {read(&S::ListOwnershipEdges, v1::ListOwnershipEdgesRequest(),
            v1::ListOwnershipEdgesResponse(), structure),
       grpc::OK},
      {read(&P::GetPolicy, policy, v1::VersionedPolicy(), policies), grpc::OK},
      {read(&P::ListPolicies, v1::ListPoliciesRequest(), v1::ListPoliciesResponse(), policies),
       grpc::OK},
      {read(&P::GetFxRate, rate, v1::VersionedFxRate(), policies), grpc::OK},
      {read(&P::ListFxRates, v1::ListFxRatesRequest(), v1::ListFxRatesResponse(), policies),
       grpc::OK},
      {read(&P::GetAccountMap, map, v1::VersionedAccountMap(), policies), grpc::NOT_FOUND},
      {read(&P::ListAccountMaps, v1::ListAccountMapsRequest(), v1::ListAccountMapsResponse(),
            policies),
       grpc::OK},
      {read(&P::GetClosedPeriod, period, v1::ClosedPeriod(), policies), grpc::NOT_FOUND},
      {read(&P::ListClosedPeriods, v1::ListClosedPeriodsRequest(), v1::ListClosedPeriodsResponse(),
            policies),
       grpc::OK},
  };
  const auto poster = As(**server, "poster_a");
  const auto controller = As(**server, "controller");
  const auto stranger = As(**server, "stranger");
  const auto anonymous = As(**server, "anonymous");
  for (size_t i = 0; i < reads.size(); ++i) {
    const auto& [call, expected] = reads[i];
    EXPECT_EQ(call(poster), expected) << "read " << i;
    EXPECT_EQ(call(controller), expected) << "read " << i;
    EXPECT_EQ(call(stranger), grpc::PERMISSION_DENIED) << "read " << i;
    EXPECT_EQ(call(anonymous), grpc::UNAUTHENTICATED) << "read " << i;
  }
}

// A poster reads what it may post: entries that book one of its entities.
TEST_F(SecurityE2eTest, APosterReadsOnlyItsOwnEntitiesEntries) {
  auto server = ServerProcess::Start(TlsFlags());
  ASSERT_TRUE(server.ok()) << server.status();
  const auto admin = As(**server, "admin");
  ASSERT_TRUE(SetUpTradingGroup(admin).ok());
  const auto poster_a = As(**server, "poster_a"), poster_z = As(**server, "poster_z");
  ASSERT_EQ(Post(poster_a, "pa-1"), grpc::OK);
  auto list = [](const std::shared_ptr<grpc::Channel>& channel, const char* entity) {
    v1::ListEntriesRequest request;
    request.set_entity_id(entity);
    v1::ListEntriesResponse response;
    return Call(*v1::LedgerService::NewStub(channel), &v1::LedgerService::Stub::ListEntries,
                request, &response)
        .error_code();
  };
  auto get = [](const std::shared_ptr<grpc::Channel>& channel, uint64_t sequence) {
    v1::GetEntryRequest request;
    request.set_sequence(sequence);
    v1::LedgerEntry response;
    return Call(*v1::LedgerService::NewStub(channel), &v1::LedgerService::Stub::GetEntry, request,
                &response)
        .error_code();
  };
  EXPECT_EQ(list(poster_a, "A"), grpc::OK);
  EXPECT_EQ(get(poster_a, 1), grpc::OK);
  EXPECT_EQ(list(poster_a, "B"), grpc::PERMISSION_DENIED);
  EXPECT_EQ(list(poster_z, "A"), grpc::PERMISSION_DENIED);
  EXPECT_EQ(get(poster_z, 1), grpc::PERMISSION_DENIED);
  EXPECT_EQ(list(poster_z, "Z"), grpc::OK);
  EXPECT_EQ(Verify(poster_z), grpc::PERMISSION_DENIED);
  EXPECT_EQ(list(admin, "B"), grpc::OK);
  EXPECT_EQ(get(admin, 1), grpc::OK);
  // WatchJournal: the entries a caller may read, and no other (here: A's only posting).
  auto watched = [](const std::shared_ptr<grpc::Channel>& channel) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(800));
    auto reader = v1::LedgerService::NewStub(channel)->WatchJournal(&context,
                                                                    v1::WatchJournalRequest());
    std::vector<uint64_t> sequences;
    v1::WatchJournalResponse response;
    while (reader->Read(&response)) sequences.push_back(response.entry().sequence());
    reader->Finish();
    return sequences;
  };
  EXPECT_EQ(watched(poster_a), std::vector<uint64_t>{1});
  EXPECT_EQ(watched(admin), std::vector<uint64_t>{1});
  EXPECT_TRUE(watched(poster_z).empty());
}

// The SPIFFE X.509-SVID rule: the identity is the one URI SAN, and only a URI SAN. A CA
// that issues a DNS or email name spelling "spiffe://..." has vouched for a host name or a
// mailbox, not for a workload; a certificate with several URI SANs names no one workload.
TEST_F(SecurityE2eTest, OnlyASingleSpiffeUriSanIsAnIdentity) {
  auto server = ServerProcess::Start(TlsFlags());
  ASSERT_TRUE(server.ok()) << server.status();
  for (const char* client : {"admin_in_dns", "admin_in_email", "admin_over_https",
                             "admin_and_poster", "https_and_admin"}) {
    EXPECT_EQ(UpsertEntity(As(**server, client)), grpc::UNAUTHENTICATED) << client;
    EXPECT_EQ(Verify(As(**server, client)), grpc::UNAUTHENTICATED) << client;
  }
  EXPECT_EQ(UpsertEntity(As(**server, "admin_with_dns")), grpc::OK);  // One URI, plus a DNS.
  EXPECT_EQ(UpsertEntity(As(**server, "admin")), grpc::OK);
}

TEST_F(SecurityE2eTest, MutualTlsRefusesClientsWithoutACertificateFromTheCa) {
  auto server = ServerProcess::Start(TlsFlags());
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_EQ(Verify(As(**server, "")), grpc::UNAVAILABLE);
  EXPECT_EQ(Verify(As(**server, "rogue")), grpc::UNAVAILABLE);
  EXPECT_EQ(Verify(grpc::CreateChannel((*server)->address(), grpc::InsecureChannelCredentials())),
            grpc::UNAVAILABLE);
  EXPECT_EQ(Verify(As(**server, "admin")), grpc::OK);
}

TEST_F(SecurityE2eTest, ASidecarsForwardedCertificateIsTrustedOnlyWhenConfigured) {
  const std::string xfcc =
      "By=spiffe://interco.test/ns/interco/sa/interco;Hash=abc;"
      "URI=spiffe://interco.test/ns/ops/sa/admin";
  auto verify_with = [](const std::shared_ptr<grpc::Channel>& channel, const std::string& header) {
    auto ledger = v1::LedgerService::NewStub(channel);
    grpc::ClientContext context;
    if (!header.empty()) context.AddMetadata("x-forwarded-client-cert", header);
    v1::VerifyLedgerResponse response;
    return ledger->VerifyLedger(&context, v1::VerifyLedgerRequest(), &response).error_code();
  };
  {
    auto server = ServerProcess::Start({"--listen=127.0.0.1:0", "--data_dir=" + FreshTempDir("f"),
                                        "--access_policy_file=" + Cert("policy.json"),
                                        "--trust_forwarded_client_cert"});
    ASSERT_TRUE(server.ok()) << server.status();
    EXPECT_EQ(verify_with((*server)->Channel(), xfcc), grpc::OK);
    EXPECT_EQ(verify_with((*server)->Channel(), ""), grpc::UNAUTHENTICATED);
    EXPECT_EQ(verify_with((*server)->Channel(), "Hash=abc;URI=spiffe://interco.test/ns/x/sa/y"),
              grpc::PERMISSION_DENIED);
  }
  auto untrusting = ServerProcess::Start({"--listen=127.0.0.1:0", "--data_dir=" + FreshTempDir("u"),
                                          "--access_policy_file=" + Cert("policy.json")});
  ASSERT_TRUE(untrusting.ok()) << untrusting.status();
  EXPECT_EQ(verify_with((*untrusting)->Channel(), xfcc), grpc::UNAUTHENTICATED);
}

// A pod that forwards a call to a group's owner names the caller in x-interco-forwarded-for;
// the owner believes it only from a peer's identity, and authorizes the caller it names.
TEST_F(SecurityE2eTest, OnlyAPeerMayNameTheCallerItForwards) {
  auto verify = [](const std::shared_ptr<grpc::Channel>& channel, const std::string& sidecar,
                   const std::string& forwarded_for) {
    auto ledger = v1::LedgerService::NewStub(channel);
    grpc::ClientContext context;
    context.AddMetadata("x-forwarded-client-cert", "Hash=abc;URI=spiffe://interco.test/" + sidecar);
    context.AddMetadata("x-interco-forwarded-for", forwarded_for);
    v1::VerifyLedgerResponse response;
    return ledger->VerifyLedger(&context, v1::VerifyLedgerRequest(), &response).error_code();
  };
  auto server = ServerProcess::Start({"--listen=127.0.0.1:0", "--data_dir=" + FreshTempDir("f"),
                                      "--access_policy_file=" + Cert("policy.json"),
                                      "--trust_forwarded_client_cert"});
  ASSERT_TRUE(server.ok()) << server.status();
  const auto channel = (*server)->Channel();
  const std::string peer = "ns/interco/sa/interco";
  EXPECT_EQ(verify(channel, peer, "spiffe://interco.test/ns/finance/sa/controller"), grpc::OK);
  EXPECT_EQ(verify(channel, peer, "spiffe://interco.test/ns/erp/sa/poster-a"),
            grpc::PERMISSION_DENIED);  // The caller's rights, not the peer's.
  EXPECT_EQ(verify(channel, peer, ""), grpc::UNAUTHENTICATED);  // A caller without identity.
  EXPECT_EQ(verify(channel, peer, "not-a-spiffe-id"), grpc::UNAUTHENTICATED);
  // Anyone else naming a caller is ignored: a poster does not become a controller.
  EXPECT_EQ(verify(channel, "ns/erp/sa/poster-a", "spiffe://interco.test/ns/finance/sa/controller"),
            grpc::PERMISSION_DENIED);
  // A peer calling for itself has no permission of its own.
  auto ledger = v1::LedgerService::NewStub(channel);
  grpc::ClientContext context;
  context.AddMetadata("x-forwarded-client-cert", "Hash=abc;URI=spiffe://interco.test/" + peer);
  v1::VerifyLedgerResponse response;
  EXPECT_EQ(ledger->VerifyLedger(&context, v1::VerifyLedgerRequest(), &response).error_code(),
            grpc::PERMISSION_DENIED);
}

// With mutual TLS the server would trust the header from the client itself: any
// certificate of the CA, even one without a SPIFFE ID, plus a forged header would be admin.
TEST_F(SecurityE2eTest, ForwardedCertificatesWithMutualTlsFailStartUp) {
  std::vector<std::string> flags = TlsFlags();
  flags.push_back("--trust_forwarded_client_cert");
  const auto exit = ServerProcess::RunToExit(flags);
  EXPECT_EQ(exit.code, 1);
  EXPECT_NE(exit.stderr_text.find("--trust_forwarded_client_cert"), std::string::npos)
      << exit.stderr_text;
  EXPECT_NE(exit.stderr_text.find("--tls_client_ca_file"), std::string::npos) << exit.stderr_text;
  EXPECT_EQ(std::count(exit.stderr_text.begin(), exit.stderr_text.end(), '\n'), 1)
      << exit.stderr_text;
}

TEST_F(SecurityE2eTest, TrustingForwardedCertificatesOnPlaintextIsLoggedAsAWarning) {
  auto server = ServerProcess::Start({"--listen=127.0.0.1:0", "--data_dir=" + FreshTempDir("w"),
                                      "--access_policy_file=" + Cert("policy.json"),
                                      "--trust_forwarded_client_cert"});
  ASSERT_TRUE(server.ok()) << server.status();
  const std::string log = Read((*server)->stderr_path());
  bool warned = false;
  std::istringstream lines(log);
  for (std::string line; std::getline(lines, line);) {
    warned = warned || (line.find(R"("level":"warning")") != std::string::npos &&
                        line.find("x-forwarded-client-cert") != std::string::npos);
  }
  EXPECT_TRUE(warned) << log;
}

TEST_F(SecurityE2eTest, PlaintextBeyondLoopbackAndBadSecurityFilesFailStartUp) {
  const std::string data = "--data_dir=" + FreshTempDir("s");
  auto exit = ServerProcess::RunToExit({"--listen=0.0.0.0:0", data});
  EXPECT_EQ(exit.code, 1);
  EXPECT_NE(exit.stderr_text.find("--allow_plaintext"), std::string::npos) << exit.stderr_text;
  exit = ServerProcess::RunToExit({"--listen=127.0.0.1:0", data, "--tls_key_file=/nope"});
  EXPECT_EQ(exit.code, 1);
  EXPECT_NE(exit.stderr_text.find("--tls_cert_file"), std::string::npos) << exit.stderr_text;
  exit = ServerProcess::RunToExit(
      {"--listen=127.0.0.1:0", data, "--tls_cert_file=/nope/cert", "--tls_key_file=/nope/key"});
  EXPECT_EQ(exit.code, 1);
  EXPECT_NE(exit.stderr_text.find("cannot read /nope/cert"), std::string::npos) << exit.stderr_text;
  std::ofstream(Cert("bad_policy.json"))
      << R"({"identities": [{"identity": "x", "role": "root"}]})";
  exit = ServerProcess::RunToExit(
      {"--listen=127.0.0.1:0", data, "--access_policy_file=" + Cert("bad_policy.json")});
  EXPECT_EQ(exit.code, 1);
  EXPECT_NE(exit.stderr_text.find("identities[0].role"), std::string::npos) << exit.stderr_text;
  auto allowed = ServerProcess::Start({"--listen=0.0.0.0:0", data, "--allow_plaintext"});
  EXPECT_TRUE(allowed.ok()) << allowed.status();
}

// Issue 24: a certificate and a key that do not belong together made the server say only
// "cannot listen"; start-up now names the two files and what is wrong, and so for a file
// that is not what its flag says.
TEST_F(SecurityE2eTest, TlsFilesThatDoNotFitFailStartUpNamingThem) {
  const std::string data = "--data_dir=" + FreshTempDir("t");
  auto start = [&](const std::string& cert, const std::string& key, const std::string& ca) {
    return ServerProcess::RunToExit({"--listen=127.0.0.1:0", data, "--tls_cert_file=" + Cert(cert),
                                     "--tls_key_file=" + Cert(key),
                                     "--tls_client_ca_file=" + Cert(ca)});
  };
  auto exit = start("server.pem", "poster_a.key", "ca.pem");
  EXPECT_EQ(exit.code, 1);
  EXPECT_NE(exit.stderr_text.find("--tls_cert_file and --tls_key_file do not match: the private "
                                  "key in " +
                                  Cert("poster_a.key") + " is not the key of the certificate in " +
                                  Cert("server.pem")),
            std::string::npos)
      << exit.stderr_text;
  EXPECT_EQ(exit.stderr_text.find("cannot listen"), std::string::npos) << exit.stderr_text;
  exit = start("server.key", "server.key", "ca.pem");
  EXPECT_EQ(exit.code, 1);
  EXPECT_NE(
      exit.stderr_text.find("--tls_cert_file: " + Cert("server.key") + " holds no PEM certificate"),
      std::string::npos)
      << exit.stderr_text;
  exit = start("server.pem", "server.pem", "ca.pem");
  EXPECT_EQ(exit.code, 1);
  EXPECT_NE(
      exit.stderr_text.find("--tls_key_file: " + Cert("server.pem") + " holds no PEM private key"),
      std::string::npos)
      << exit.stderr_text;
  exit = start("server.pem", "server.key", "ca.key");
  EXPECT_EQ(exit.code, 1);
  EXPECT_NE(exit.stderr_text.find("--tls_client_ca_file: " + Cert("ca.key") +
                                  " holds no PEM certificate"),
            std::string::npos)
      << exit.stderr_text;
}

}  // namespace
}  // namespace interco::testing
