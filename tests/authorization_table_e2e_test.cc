// End to end: every method the server serves answers every role as the one authorization
// table (services/security/method_permissions.h) says, on the real server with mutual TLS and
// an access policy. A handler that forgot its check, or checked another permission than the
// table's, fails here, whatever the method: the list comes from the table, which another test
// holds against the services' descriptors.
#include <condition_variable>
#include <mutex>

#include "google/protobuf/descriptor.h"
#include "grpcpp/generic/generic_stub.h"
#include "gtest/gtest.h"
#include "interco/v1/admin.grpc.pb.h"
#include "interco/v1/consolidation.grpc.pb.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "interco/v1/trial_balance.grpc.pb.h"
#include "services/security/method_permissions.h"
#include "tests/requests.h"
#include "tests/tls_fixture.h"

namespace interco::testing {
namespace {

using security::Permission;

// Calls `method` with an empty request (every field at its default) and returns the code.
// With `group`, the call names it in x-interco-group.
grpc::StatusCode CallEmpty(const std::shared_ptr<grpc::Channel>& channel,
                           const std::string& method, const std::string& group = "") {
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
    return permission == Permission::kRead || permission == Permission::kConsolidate;
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

}  // namespace
}  // namespace interco::testing
