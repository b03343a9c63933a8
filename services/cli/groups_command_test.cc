#include "services/cli/groups_command.h"

#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "interco/v1/admin.grpc.pb.h"
#include "services/cli/call.h"

namespace interco::cli {
namespace {

// An AdminService with groups "default", "acme", "busy" (a ledger of 7 entries) and
// "globex", answering two groups per page; it keeps the create and delete requests.
class FakeAdminService final : public v1::AdminService::Service {
 public:
  grpc::Status ListGroups(grpc::ServerContext*, const v1::ListGroupsRequest* request,
                          v1::ListGroupsResponse* response) override {
    static const char* const kGroups[] = {"acme", "busy", "default", "globex"};
    const size_t first = request->page_token().empty() ? 0 : std::stoul(request->page_token());
    for (size_t i = first; i < first + 2 && i < std::size(kGroups); ++i) {
      v1::Group* group = response->add_groups();
      group->set_group_id(kGroups[i]);
      group->set_display_name(i == 0 ? "Acme Holdings, Inc." : "");
      group->set_create_time("2026-12-07T12:00:0" + std::to_string(i) + "Z");
    }
    if (first + 2 < std::size(kGroups)) response->set_next_page_token(std::to_string(first + 2));
    return grpc::Status::OK;
  }

  grpc::Status CreateGroup(grpc::ServerContext*, const v1::CreateGroupRequest* request,
                           v1::Group* group) override {
    Keep(*request, creates_);
    if (request->group_id() == "acme") {
      return grpc::Status(grpc::ALREADY_EXISTS, "group_id: the group \"acme\" exists");
    }
    if (request->display_name().size() > 200) {
      return grpc::Status(grpc::INVALID_ARGUMENT, "display_name: at most 200 characters");
    }
    group->set_group_id(request->group_id());
    group->set_display_name(request->display_name());
    group->set_create_time("2026-12-07T12:00:00Z");
    group->set_create_request_id(request->request_id());
    return grpc::Status::OK;
  }

  grpc::Status DeleteGroup(grpc::ServerContext*, const v1::DeleteGroupRequest* request,
                           v1::DeleteGroupResponse* response) override {
    Keep(*request, deletes_);
    const bool busy = request->group_id() == "busy";
    if (busy && !request->force()) {
      return grpc::Status(grpc::FAILED_PRECONDITION,
                          "group_id: the group \"busy\" has 7 ledger entries");
    }
    response->set_group_id(request->group_id());
    response->set_ledger_sequence(busy ? 7 : 0);
    return grpc::Status::OK;
  }

  std::vector<v1::CreateGroupRequest> creates() {
    std::lock_guard<std::mutex> lock(mutex_);
    return creates_;
  }
  std::vector<v1::DeleteGroupRequest> deletes() {
    std::lock_guard<std::mutex> lock(mutex_);
    return deletes_;
  }

 private:
  template <typename Request>
  void Keep(const Request& request, std::vector<Request>& requests) {
    std::lock_guard<std::mutex> lock(mutex_);
    requests.push_back(request);
  }

  std::mutex mutex_;
  std::vector<v1::CreateGroupRequest> creates_;  // Guarded by mutex_.
  std::vector<v1::DeleteGroupRequest> deletes_;  // Guarded by mutex_.
};

class GroupsCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    channel_ = server_->InProcessChannel(grpc::ChannelArguments());
  }
  void TearDown() override { server_->Shutdown(); }

  FakeAdminService service_;
  std::unique_ptr<grpc::Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::ostringstream out_, err_;
  Console console_{out_, err_, /*progress=*/false, "in-process"};
};

TEST_F(GroupsCommandTest, ListReadsEveryPageIntoOneTable) {
  EXPECT_EQ(ListGroups(channel_, "table", console_), kExitOk) << err_.str();
  EXPECT_EQ(out_.str(),
            "group    display name         create time\n"
            "-------  -------------------  --------------------\n"
            "acme     Acme Holdings, Inc.  2026-12-07T12:00:00Z\n"
            "busy                          2026-12-07T12:00:01Z\n"
            "default                       2026-12-07T12:00:02Z\n"
            "globex                        2026-12-07T12:00:03Z\n");
}

TEST_F(GroupsCommandTest, ListAsCsv) {
  EXPECT_EQ(ListGroups(channel_, "csv", console_), kExitOk) << err_.str();
  EXPECT_EQ(out_.str().rfind("group,display name,create time\r\n"
                             "acme,\"Acme Holdings, Inc.\",2026-12-07T12:00:00Z\r\n",
                             0),
            0u)
      << out_.str();
}

TEST_F(GroupsCommandTest, CreateSaysWhatWasCreatedUnderAFreshRequestIdPerRun) {
  EXPECT_EQ(CreateGroup(channel_, {"globex", "Globex Corp", ""}, console_), kExitOk);
  EXPECT_EQ(out_.str(), "created group globex (Globex Corp) at 2026-12-07T12:00:00Z\n");
  EXPECT_EQ(CreateGroup(channel_, {"initech", "", ""}, console_), kExitOk);
  const std::vector<v1::CreateGroupRequest> creates = service_.creates();
  ASSERT_EQ(creates.size(), 2u);
  EXPECT_EQ(creates[0].request_id().rfind("group-create:globex:", 0), 0u)
      << creates[0].request_id();
  EXPECT_EQ(creates[0].display_name(), "Globex Corp");
  EXPECT_EQ(creates[1].request_id().rfind("group-create:initech:", 0), 0u);
  EXPECT_NE(creates[0].request_id().substr(20), creates[1].request_id().substr(21));
}

TEST_F(GroupsCommandTest, CreateSendsTheRequestIdItIsGiven) {
  EXPECT_EQ(CreateGroup(channel_, {"globex", "", "ticket-4711"}, console_), kExitOk);
  ASSERT_EQ(service_.creates().size(), 1u);
  EXPECT_EQ(service_.creates()[0].request_id(), "ticket-4711");
}

TEST_F(GroupsCommandTest, AMalformedIdOrRequestIdIsRefusedBeforeAnyCall) {
  EXPECT_EQ(CreateGroup(channel_, {"Globex", "", ""}, console_), kExitBadInput);
  EXPECT_EQ(err_.str().rfind("interco: group id: a group id is a DNS label", 0), 0u) << err_.str();
  EXPECT_NE(err_.str().find("(got \"Globex\")"), std::string::npos) << err_.str();
  EXPECT_EQ(DeleteGroup(channel_, {"-acme", false, ""}, console_), kExitBadInput);
  err_.str("");
  EXPECT_EQ(CreateGroup(channel_, {"globex", "", std::string(129, 'r')}, console_), kExitBadInput);
  EXPECT_EQ(err_.str().rfind("interco: --request-id: longer than 128 bytes", 0), 0u) << err_.str();
  err_.str("");
  EXPECT_EQ(CreateGroup(channel_, {"globex", "", "ticket 4711"}, console_), kExitBadInput);
  EXPECT_EQ(err_.str(),
            "interco: --request-id: may contain only printable ASCII without spaces "
            "(got \"ticket 4711\")\n");
  EXPECT_TRUE(service_.creates().empty());
  EXPECT_TRUE(service_.deletes().empty());
}

TEST_F(GroupsCommandTest, RefusalsMapToTheCliExitCodes) {
  EXPECT_EQ(CreateGroup(channel_, {"acme", "", ""}, console_), kExitBadInput);
  EXPECT_EQ(err_.str(), "interco: group_id: the group \"acme\" exists\n");
  err_.str("");
  EXPECT_EQ(CreateGroup(channel_, {"globex", std::string(201, 'n'), ""}, console_), kExitBadInput);
  EXPECT_EQ(err_.str(), "interco: --display-name: at most 200 characters\n");
}

TEST_F(GroupsCommandTest, DeleteRefusedWhileTheLedgerHasEntriesUnlessForced) {
  EXPECT_EQ(DeleteGroup(channel_, {"busy", false, ""}, console_), kExitBadInput);
  EXPECT_EQ(err_.str(), "interco: group_id: the group \"busy\" has 7 ledger entries\n");
  EXPECT_EQ(DeleteGroup(channel_, {"busy", true, "retry-me"}, console_), kExitOk);
  EXPECT_EQ(out_.str(), "deleted group busy with its ledger up to sequence 7\n");
  const std::vector<v1::DeleteGroupRequest> deletes = service_.deletes();
  ASSERT_EQ(deletes.size(), 2u);
  EXPECT_EQ(deletes[0].request_id().rfind("group-delete:busy:", 0), 0u);
  EXPECT_FALSE(deletes[0].force());
  EXPECT_TRUE(deletes[1].force());
  EXPECT_EQ(deletes[1].request_id(), "retry-me");
}

TEST_F(GroupsCommandTest, DeleteAnEmptyGroup) {
  EXPECT_EQ(DeleteGroup(channel_, {"globex", false, ""}, console_), kExitOk);
  EXPECT_EQ(out_.str(), "deleted group globex (its ledger was empty)\n");
}

}  // namespace
}  // namespace interco::cli
