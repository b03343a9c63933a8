// End to end: every method the server serves answers every role as the one authorization
// table (services/security/method_permissions.h) says, on the real server with mutual TLS and
// an access policy. A handler that forgot its check, or checked another permission than the
// table's, fails here, whatever the method: the list comes from the table, which another test
// holds against the services' descriptors. Then what a call may read: every read of entity
// data, as a poster, for its own entity, another's, and without an entity filter.
#include <condition_variable>
#include <mutex>
#include <set>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "grpcpp/generic/generic_stub.h"
#include "gtest/gtest.h"
#include "interco/v1/admin.grpc.pb.h"
#include "interco/v1/consolidation.grpc.pb.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "interco/v1/trial_balance.grpc.pb.h"
#include "services/security/method_permissions.h"
#include "tests/entity_data_group.h"
#include "tests/requests.h"
#include "tests/tls_fixture.h"

namespace interco::testing {
namespace {

using security::Permission;

// Calls `method` with an empty request (every field at its default) and returns the code.
// With `group`, the call names it in x-interco-group.
grpc::StatusCode CallEmpty(const std::shared_ptr<grpc::Channel>& channel, const std::string& method,
                           const std::string& group = "") {
  grpc::ClientContext context;
  if (!group.empty()) context.AddMetadata("x-interco-group", group);
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  if (method == "/interco.v1.LedgerService/StreamPostTransactions") {
    v1::StreamPostTransactionsResponse response;
    auto writer = v1::LedgerService::NewStub(channel)->StreamPostTransactions(&context, &response);
    writer->WritesDone();
    return writer->Finish().error_code();
  }
  if (method == "/interco.v1.TrialBalanceService/StreamImportTrialBalance") {
    v1::ImportTrialBalanceResponse response;
    auto writer =
        v1::TrialBalanceService::NewStub(channel)->StreamImportTrialBalance(&context, &response);
    writer->WritesDone();
    return writer->Finish().error_code();
  }
  if (method == "/interco.v1.ConsolidationService/RunConsolidation") {
    auto reader = v1::ConsolidationService::NewStub(channel)->RunConsolidation(
        &context, v1::RunConsolidationRequest());
    v1::ConsolidationChunk chunk;
    while (reader->Read(&chunk)) {
    }
    return reader->Finish().error_code();
  }
  grpc::GenericStub stub(channel);
  grpc::Slice empty("");
  grpc::ByteBuffer request(&empty, 1), response;
  std::mutex mu;
  std::condition_variable done;
  bool finished = false;
  grpc::Status status;
  stub.UnaryCall(&context, method, grpc::StubOptions(), &request, &response, [&](grpc::Status s) {
    std::lock_guard<std::mutex> lock(mu);
    status = std::move(s);
    finished = true;
    done.notify_one();
  });
  std::unique_lock<std::mutex> lock(mu);
  done.wait(lock, [&] { return finished; });
  return status.error_code();
}

bool Holds(const std::string& role, Permission permission) {
  if (role == "admin") return true;
  if (role == "poster_a") return permission == Permission::kRead || permission == Permission::kPost;
  if (role == "controller") {
    return permission == Permission::kRead || permission == Permission::kConsolidate ||
           permission == Permission::kVerify;
  }
  return false;
}

class AuthorizationTableE2eTest : public TlsE2eTest {};

TEST_F(AuthorizationTableE2eTest, EveryMethodAnswersEveryRoleAsTheTableSays) {
  auto server = ServerProcess::Start(TlsFlags());
  ASSERT_TRUE(server.ok()) << server.status();
  int checked = 0;
  for (const security::MethodRule& rule : security::MethodRules()) {
    if (rule.is_public) continue;
    for (const std::string role : {"admin", "poster_a", "controller", "stranger", "anonymous"}) {
      const grpc::StatusCode code = CallEmpty(As(**server, role), rule.method);
      if (role == "anonymous") {  // A certificate from the CA that names no workload.
        EXPECT_EQ(code, grpc::UNAUTHENTICATED) << rule.method << " without an identity";
      } else if (Holds(role, rule.permission)) {
        EXPECT_NE(code, grpc::PERMISSION_DENIED) << rule.method << " as " << role;
        EXPECT_NE(code, grpc::UNAUTHENTICATED) << rule.method << " as " << role;
      } else {
        EXPECT_EQ(code, grpc::PERMISSION_DENIED) << rule.method << " as " << role;
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 200);
}

// Issue 23: an identity allowed in one group (the policy's posters and controller act in
// "default" only) is PERMISSION_DENIED in another on every method, before anything of that
// group is read; the admin, allowed in every group ("*"), is not.
TEST_F(AuthorizationTableE2eTest, EveryMethodRefusesACallerInAGroupItIsNotAllowedIn) {
  auto server = ServerProcess::Start(TlsFlags());
  ASSERT_TRUE(server.ok()) << server.status();
  v1::CreateGroupRequest create;
  create.set_request_id("create-other");
  create.set_group_id("other");
  v1::Group group;
  ASSERT_TRUE(Call(*v1::AdminService::NewStub(As(**server, "admin")),
                   &v1::AdminService::Stub::CreateGroup, create, &group)
                  .ok());
  int checked = 0;
  for (const security::MethodRule& rule : security::MethodRules()) {
    if (rule.is_public) continue;
    for (const std::string role : {"poster_a", "controller"}) {
      EXPECT_EQ(CallEmpty(As(**server, role), rule.method, "other"), grpc::PERMISSION_DENIED)
          << rule.method << " as " << role << " in group other";
      ++checked;
    }
    // The admin gets in "other" what it gets in "default" (both empty): the group's own answer.
    EXPECT_EQ(CallEmpty(As(**server, "admin"), rule.method, "other"),
              CallEmpty(As(**server, "admin"), rule.method))
        << rule.method << " as admin in group other";
  }
  EXPECT_GT(checked, 100);
}

// Issue 24: the table proves who may call a read; this proves what the call may read. With
// B's data beside A's and Z's, poster_a reads A's on every read of entity data and is
// refused B's, saying it is a read; the controller reads B's.
TEST_F(AuthorizationTableE2eTest, APosterReadsItsOwnEntitiesDataAndNoOtherOnEveryRead) {
  auto server = ServerProcess::Start(TlsFlags());
  ASSERT_TRUE(server.ok()) << server.status();
  const grpc::Status set_up = SetUpEntityDataGroup(As(**server, "admin"));
  ASSERT_TRUE(set_up.ok()) << set_up.error_message();
  const auto poster_a = As(**server, "poster_a"), controller = As(**server, "controller");
  const std::map<std::string, EntityRead> reads = EntityReads();
  EXPECT_EQ(reads.size(), 8u);
  for (const auto& [method, read] : reads) {
    std::set<std::string> seen;
    const grpc::Status own = read(poster_a, "A", &seen);
    EXPECT_TRUE(own.ok()) << method << " of A as poster_a: " << own.error_message();
    const grpc::Status refused = read(poster_a, "B", &seen);
    EXPECT_EQ(refused.error_code(), grpc::PERMISSION_DENIED) << method << " of B as poster_a";
    // It says it is a read, and what it reads (an acquisition: its holder P and held B).
    EXPECT_EQ(refused.error_message(),
              absl::StrCat("caller spiffe://interco.test/ns/erp/sa/poster-a may read only its "
                           "own entities' data (A); this call reads ",
                           method == "GetAcquisition" ? "P, B" : "B"))
        << method;
    EXPECT_EQ(seen, std::set<std::string>{method == "ListEntries" ? "1" : "A"}) << method;
    seen.clear();
    const grpc::Status others = read(controller, "B", &seen);
    EXPECT_TRUE(others.ok()) << method << " of B as controller: " << others.error_message();
    // B's entries: 1 (A sells to B) and 2 (B sells to Z).
    const std::set<std::string> b_records =
        method == "ListEntries" ? std::set<std::string>{"1", "2"} : std::set<std::string>{"B"};
    EXPECT_EQ(seen, b_records) << method;
  }
}

// Without an entity filter a poster's list holds its own entities' records, every page.
TEST_F(AuthorizationTableE2eTest, APostersUnfilteredListsHoldOnlyItsOwnEntitiesRecords) {
  auto server = ServerProcess::Start(TlsFlags());
  ASSERT_TRUE(server.ok()) << server.status();
  const grpc::Status set_up = SetUpEntityDataGroup(As(**server, "admin"));
  ASSERT_TRUE(set_up.ok()) << set_up.error_message();
  const std::map<std::string, std::set<std::string>> expected_by_role[] = {
      {{"ListTrialBalances", {"A v1", "A v2"}},
       {"ListChartMappings", {"A"}},
       {"ListAcquisitions", {"A"}},
       {"ListAccountMaps", {"A"}}},
      {{"ListTrialBalances", {"Z v1"}},
       {"ListChartMappings", {"Z"}},
       {"ListAcquisitions", {"Z"}},
       {"ListAccountMaps", {}}},
      {{"ListTrialBalances", {"A v1", "A v2", "B v1", "B v2", "Z v1"}},
       {"ListChartMappings", {"A", "B", "Z"}},
       {"ListAcquisitions", {"A", "B", "Z"}},
       {"ListAccountMaps", {"A", "B"}}},
  };
  const char* roles[] = {"poster_a", "poster_z", "controller"};
  for (int i = 0; i < 3; ++i) {
    for (const auto& [method, list] : UnfilteredEntityLists()) {
      std::set<std::string> seen;
      const grpc::Status status = list(As(**server, roles[i]), "", &seen);
      EXPECT_TRUE(status.ok()) << method << " as " << roles[i] << ": " << status.error_message();
      EXPECT_EQ(seen, expected_by_role[i].at(method)) << method << " as " << roles[i];
    }
  }
}

// An entry is read by the posters of the entities it books; a refusal names them all.
// Mismatches and the drill-down from a consolidated balance (RunConsolidation, then
// ListEntries) are the controller's: a poster is refused them whatever the entity.
TEST_F(AuthorizationTableE2eTest, APosterReadsTheEntriesThatBookItsEntitiesAndNoReport) {
  auto server = ServerProcess::Start(TlsFlags());
  ASSERT_TRUE(server.ok()) << server.status();
  const grpc::Status set_up = SetUpEntityDataGroup(As(**server, "admin"));
  ASSERT_TRUE(set_up.ok()) << set_up.error_message();
  auto get = [&](const char* role, uint64_t sequence) {
    v1::GetEntryRequest request;
    request.set_sequence(sequence);
    v1::LedgerEntry entry;
    return Call(*v1::LedgerService::NewStub(As(**server, role)), &v1::LedgerService::Stub::GetEntry,
                request, &entry);
  };
  EXPECT_TRUE(get("poster_a", 1).ok());             // A sells to B.
  const grpc::Status refused = get("poster_a", 2);  // B sells to Z.
  EXPECT_EQ(refused.error_code(), grpc::PERMISSION_DENIED);
  EXPECT_EQ(refused.error_message(),
            "caller spiffe://interco.test/ns/erp/sa/poster-a may read only its own entities' "
            "data (A); this call reads B, Z");
  EXPECT_EQ(get("poster_z", 1).error_code(), grpc::PERMISSION_DENIED);
  // Issue 24: a reversal reads the entry it reverses. Dated before B's entry, it was
  // refused with that entry's date (INVALID_ARGUMENT, "must not be before the original's
  // date ..."): whose entry it is is asked first.
  v1::ReverseTransactionRequest reverse;
  reverse.set_request_id("reverse-b-as-poster-a");
  reverse.set_sequence(2);
  *reverse.mutable_date() = Date(2000, 1, 1);
  v1::PostTransactionResponse reversed;
  const grpc::Status reversal =
      Call(*v1::LedgerService::NewStub(As(**server, "poster_a")),
           &v1::LedgerService::Stub::ReverseTransaction, reverse, &reversed);
  EXPECT_EQ(reversal.error_code(), grpc::PERMISSION_DENIED) << reversal.error_message();
  EXPECT_EQ(reversal.error_message().find("original's date"), std::string::npos)
      << reversal.error_message();
  EXPECT_TRUE(get("poster_z", 2).ok());
  EXPECT_TRUE(get("controller", 2).ok());
  for (const char* parent : {"P", "A", "B"}) {
    v1::GetMismatchesRequest request;
    request.set_parent_id(parent);
    request.set_period("2024-06");
    request.set_presentation_currency("EUR");
    v1::GetMismatchesResponse response;
    EXPECT_EQ(Call(*v1::ConsolidationService::NewStub(As(**server, "poster_a")),
                   &v1::ConsolidationService::Stub::GetMismatches, request, &response)
                  .error_code(),
              grpc::PERMISSION_DENIED)
        << parent;
  }
  EXPECT_EQ(
      CallEmpty(As(**server, "poster_a"), "/interco.v1.ConsolidationService/RunConsolidation"),
      grpc::PERMISSION_DENIED);
}

}  // namespace
}  // namespace interco::testing
