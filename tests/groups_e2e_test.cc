// End to end (issue 23): many groups in one server. Each group's books are apart: the same
// entity ids, policies and request ids in two groups never cross; every call names its
// group in x-interco-group (none: "default"); groups are created, read, listed and deleted
// exactly once; they survive a restart; at most --open_groups_max are open at once.
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "interco/v1/admin.grpc.pb.h"
#include "interco/v1/ledger.grpc.pb.h"
#include "tests/group_channel.h"
#include "tests/grpc_errors.h"
#include "tests/ledger_reads.h"
#include "tests/metrics_scrape.h"
#include "tests/requests.h"
#include "tests/server_process.h"
#include "tests/trading_group.h"

namespace interco::testing {
namespace {

v1::Group CreateGroup(const ServerProcess& server, const std::string& id, grpc::Status* status,
                      const std::string& request_id = "") {
  v1::CreateGroupRequest request;
  request.set_request_id(request_id.empty() ? "create-" + id : request_id);
  request.set_group_id(id);
  request.set_display_name("Group " + id);
  v1::Group group;
  *status = Call(*v1::AdminService::NewStub(server.Channel()), &v1::AdminService::Stub::CreateGroup,
                 request, &group);
  return group;
}

grpc::Status DeleteGroup(const ServerProcess& server, const std::string& id, bool force,
                         const std::string& request_id, v1::DeleteGroupResponse* response) {
  v1::DeleteGroupRequest request;
  request.set_request_id(request_id);
  request.set_group_id(id);
  request.set_force(force);
  return Call(*v1::AdminService::NewStub(server.Channel()), &v1::AdminService::Stub::DeleteGroup,
              request, response);
}

grpc::Status Post(const std::shared_ptr<grpc::Channel>& channel, const std::string& request_id,
                  int64_t cost, v1::PostTransactionResponse* response) {
  return Call(*v1::LedgerService::NewStub(channel), &v1::LedgerService::Stub::PostTransaction,
              GoodsPosting(request_id, "A", "B", cost), response);
}

class GroupsE2eTest : public ::testing::Test {
 protected:
  void Start(std::vector<std::string> extra = {}) {
    server_.reset();
    if (data_dir_.empty()) data_dir_ = FreshTempDir("groups");
    std::vector<std::string> flags = {"--listen=127.0.0.1:0", "--data_dir=" + data_dir_,
                                      "--metrics_listen=127.0.0.1:0"};
    flags.insert(flags.end(), extra.begin(), extra.end());
    auto server = ServerProcess::Start(flags);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
  }
  void TearDown() override {
    if (HasFailure() && server_ != nullptr) {
      std::ifstream err(server_->stderr_path());
      std::cerr << "server stderr:\n" << err.rdbuf() << std::endl;
    }
  }
  std::shared_ptr<grpc::Channel> In(const std::string& group) {
    return GroupChannel(server_->address(), group);
  }
  std::string data_dir_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(GroupsE2eTest, TwoGroupsWithTheSameIdsKeepTheirBooksApart) {
  Start();
  grpc::Status created;
  CreateGroup(*server_, "acme", &created);
  ASSERT_TRUE(created.ok()) << created.error_message();
  // The same entities, policy and request ids in both; other amounts.
  ASSERT_TRUE(SetUpTradingGroup(server_->Channel()).ok());
  ASSERT_TRUE(SetUpTradingGroup(In("acme")).ok());
  for (int i = 1; i <= 3; ++i) {
    v1::PostTransactionResponse in_default, in_acme;
    ASSERT_TRUE(Post(server_->Channel(), absl::StrCat("r", i), 100, &in_default).ok());
    ASSERT_TRUE(Post(In("acme"), absl::StrCat("r", i), 700, &in_acme).ok());
    // The same request id posts once in each group, by design.
    EXPECT_EQ(in_default.sequence(), static_cast<uint64_t>(i));
    EXPECT_EQ(in_acme.sequence(), static_cast<uint64_t>(i));
  }
  // One more in acme only: the heads move apart.
  v1::PostTransactionResponse extra;
  ASSERT_TRUE(Post(In("acme"), "r4", 700, &extra).ok());
  // Explicitly naming "default" is the same as naming nothing.
  const v1::LedgerHead named_default = Head(In("default"));
  const v1::LedgerHead unnamed = Head(server_->Channel());
  EXPECT_EQ(named_default.sequence(), 3u);
  EXPECT_EQ(named_default.chain_hash(), unnamed.chain_hash());
  const v1::LedgerHead acme = Head(In("acme"));
  EXPECT_EQ(acme.sequence(), 4u);
  EXPECT_NE(acme.chain_hash(), unnamed.chain_hash());
  // Entries of one group are not in the other.
  v1::ListEntriesRequest list;
  list.set_entity_id("A");
  v1::ListEntriesResponse default_entries, acme_entries;
  ASSERT_TRUE(Call(*v1::LedgerService::NewStub(server_->Channel()),
                   &v1::LedgerService::Stub::ListEntries, list, &default_entries)
                  .ok());
  ASSERT_TRUE(Call(*v1::LedgerService::NewStub(In("acme")), &v1::LedgerService::Stub::ListEntries,
                   list, &acme_entries)
                  .ok());
  EXPECT_EQ(default_entries.entries_size(), 3);
  EXPECT_EQ(acme_entries.entries_size(), 4);
  EXPECT_TRUE(Verify(server_->Channel()).ok());
  EXPECT_TRUE(Verify(In("acme")).ok());
}

TEST_F(GroupsE2eTest, ANewGroupStartsEmptyWithAHeadOfItsOwn) {
  Start();
  ASSERT_TRUE(SetUpTradingGroup(server_->Channel()).ok());
  v1::PostTransactionResponse posted;
  ASSERT_TRUE(Post(server_->Channel(), "r1", 100, &posted).ok());
  grpc::Status created;
  CreateGroup(*server_, "globex", &created);
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(Head(In("globex")).sequence(), 0u);
  // Its structure is empty too: the default group's entities are unknown there.
  v1::PostTransactionResponse refused;
  const grpc::Status status = Post(In("globex"), "r1", 100, &refused);
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(Head(In("globex")).sequence(), 0u);
}

TEST_F(GroupsE2eTest, AGroupThatIsNotThereOrIsMalformedIsRefusedBeforeAnythingIsRead) {
  Start();
  v1::LedgerHead head;
  grpc::Status status =
      Call(*v1::LedgerService::NewStub(In("nope")), &v1::LedgerService::Stub::GetLedgerHead,
           v1::GetLedgerHeadRequest(), &head);
  EXPECT_EQ(status.error_code(), grpc::NOT_FOUND);
  EXPECT_EQ(ErrorReason(status), "GROUP_NOT_FOUND");
  for (const std::string& bad :
       std::vector<std::string>{"Acme", std::string(64, 'a'), "-acme", "ac_me", ""}) {
    status = Call(*v1::LedgerService::NewStub(In(bad)), &v1::LedgerService::Stub::GetLedgerHead,
                  v1::GetLedgerHeadRequest(), &head);
    EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT) << bad;
    EXPECT_EQ(ErrorReason(status), "INVALID_GROUP_ID") << bad;
    EXPECT_EQ(ViolatedField(status), "x-interco-group") << bad;
  }
  // The header twice: which group was meant is unknown.
  grpc::ClientContext context;
  context.AddMetadata("x-interco-group", "default");
  context.AddMetadata("x-interco-group", "default");
  status = v1::LedgerService::NewStub(server_->Channel())
               ->GetLedgerHead(&context, v1::GetLedgerHeadRequest(), &head);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_EQ(ErrorReason(status), "GROUP_HEADER_REPEATED");
  // A streamed import names its group as well.
  grpc::ClientContext stream_context;
  stream_context.AddMetadata("x-interco-group", "nope");
  v1::StreamPostTransactionsResponse streamed;
  auto writer = v1::LedgerService::NewStub(server_->Channel())
                    ->StreamPostTransactions(&stream_context, &streamed);
  writer->Write(GoodsPosting("s1"));
  writer->WritesDone();
  EXPECT_EQ(writer->Finish().error_code(), grpc::NOT_FOUND);
}

TEST_F(GroupsE2eTest, GroupsAreCreatedListedAndDeletedExactlyOnce) {
  Start({"--groups_max=3", "--backup_dir=" + FreshTempDir("groups_backups")});
  grpc::Status status;
  const v1::Group acme = CreateGroup(*server_, "acme", &status, "req-acme");
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(acme.create_request_id(), "req-acme");
  // A retry answers with the group it created; another request for it is refused.
  const v1::Group again = CreateGroup(*server_, "acme", &status, "req-acme");
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(again.create_time(), acme.create_time());
  CreateGroup(*server_, "acme", &status, "req-other");
  EXPECT_EQ(status.error_code(), grpc::ALREADY_EXISTS);
  EXPECT_EQ(ErrorReason(status), "GROUP_EXISTS");
  CreateGroup(*server_, "Bad", &status);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  CreateGroup(*server_, "beta", &status);
  ASSERT_TRUE(status.ok());
  CreateGroup(*server_, "gamma", &status);
  EXPECT_EQ(status.error_code(), grpc::RESOURCE_EXHAUSTED);
  EXPECT_EQ(ErrorReason(status), "GROUPS_MAX");

  // Paged, in id order.
  auto admin = v1::AdminService::NewStub(server_->Channel());
  v1::ListGroupsRequest list;
  list.set_page_size(2);
  v1::ListGroupsResponse page;
  ASSERT_TRUE(Call(*admin, &v1::AdminService::Stub::ListGroups, list, &page).ok());
  ASSERT_EQ(page.groups_size(), 2);
  EXPECT_EQ(page.groups(0).group_id(), "acme");
  EXPECT_EQ(page.groups(1).group_id(), "beta");
  list.set_page_token(page.next_page_token());
  ASSERT_TRUE(Call(*admin, &v1::AdminService::Stub::ListGroups, list, &page).ok());
  ASSERT_EQ(page.groups_size(), 1);
  EXPECT_EQ(page.groups(0).group_id(), "default");
  EXPECT_EQ(page.next_page_token(), "");

  // A group with entries needs force, and force a checkpoint after its last posting.
  ASSERT_TRUE(SetUpTradingGroup(In("acme")).ok());
  v1::PostTransactionResponse posted;
  ASSERT_TRUE(Post(In("acme"), "r1", 100, &posted).ok());
  v1::DeleteGroupResponse deleted;
  status = DeleteGroup(*server_, "acme", false, "del-1", &deleted);
  EXPECT_EQ(status.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorReason(status), "GROUP_NOT_EMPTY");
  status = DeleteGroup(*server_, "acme", true, "del-1", &deleted);
  EXPECT_EQ(ErrorReason(status), "CHECKPOINT_REQUIRED");
  EXPECT_EQ(Head(In("acme")).sequence(), 1u);  // Refusals deleted nothing.
  v1::CreateCheckpointRequest checkpoint;
  checkpoint.set_name("before-delete");
  v1::CreateCheckpointResponse written;
  ASSERT_TRUE(Call(*v1::AdminService::NewStub(In("acme")),
                   &v1::AdminService::Stub::CreateCheckpoint, checkpoint, &written)
                  .ok());
  EXPECT_NE(written.path().find("/groups/acme/before-delete"), std::string::npos) << written.path();
  EXPECT_EQ(written.ledger_sequence(), 1u);
  status = DeleteGroup(*server_, "acme", true, "del-1", &deleted);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(deleted.ledger_sequence(), 1u);
  // The retry answers the same; the group is gone.
  ASSERT_TRUE(DeleteGroup(*server_, "acme", true, "del-1", &deleted).ok());
  v1::LedgerHead head;
  status = Call(*v1::LedgerService::NewStub(In("acme")), &v1::LedgerService::Stub::GetLedgerHead,
                v1::GetLedgerHeadRequest(), &head);
  EXPECT_EQ(status.error_code(), grpc::NOT_FOUND);
  status = DeleteGroup(*server_, "default", true, "del-default", &deleted);
  EXPECT_EQ(ErrorReason(status), "DEFAULT_GROUP");
  // The deleted group's id may be used again: a new, empty group.
  CreateGroup(*server_, "acme", &status, "req-acme-2");
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(Head(In("acme")).sequence(), 0u);
}

TEST_F(GroupsE2eTest, ARestartKeepsEveryGroupsHeadAndChain) {
  Start();
  std::vector<std::string> groups = {"default", "acme", "globex"};
  std::vector<v1::LedgerHead> before;
  for (size_t g = 0; g < groups.size(); ++g) {
    if (groups[g] != "default") {
      grpc::Status created;
      CreateGroup(*server_, groups[g], &created);
      ASSERT_TRUE(created.ok());
    }
    ASSERT_TRUE(SetUpTradingGroup(In(groups[g])).ok());
    for (size_t i = 0; i <= g; ++i) {
      v1::PostTransactionResponse posted;
      ASSERT_TRUE(Post(In(groups[g]), absl::StrCat("r", i), 100 + 10 * g, &posted).ok());
    }
    before.push_back(Head(In(groups[g])));
  }
  ASSERT_EQ(server_->SignalAndWait(SIGTERM, absl::Seconds(20)), 0);
  Start();
  for (size_t g = 0; g < groups.size(); ++g) {
    const v1::LedgerHead after = Head(In(groups[g]));
    EXPECT_EQ(after.sequence(), g + 1) << groups[g];
    EXPECT_EQ(after.sequence(), before[g].sequence()) << groups[g];
    EXPECT_EQ(after.chain_hash(), before[g].chain_hash()) << groups[g];
    const v1::VerifyLedgerResponse verified = Verify(In(groups[g]));
    EXPECT_TRUE(verified.ok()) << groups[g] << ": " << verified.problem();
    EXPECT_EQ(verified.entries_checked(), g + 1) << groups[g];
  }
}

TEST_F(GroupsE2eTest, AtMostOpenGroupsMaxAreOpenAndTheOthersReopenOnUse) {
  Start({"--open_groups_max=2"});
  const std::vector<std::string> groups = {"g1", "g2", "g3"};
  for (const std::string& group : groups) {
    grpc::Status created;
    CreateGroup(*server_, group, &created);
    ASSERT_TRUE(created.ok());
  }
  for (int round = 0; round < 3; ++round) {
    for (const std::string& group : groups) {
      if (round == 0) {
        ASSERT_TRUE(SetUpTradingGroup(In(group)).ok());
      }
      v1::PostTransactionResponse posted;
      const grpc::Status status = Post(In(group), absl::StrCat("r", round), 100, &posted);
      ASSERT_TRUE(status.ok()) << group << ": " << status.error_message();
      EXPECT_EQ(posted.sequence(), static_cast<uint64_t>(round + 1)) << group;
      const std::string metrics = Scrape(server_->metrics_address());
      EXPECT_LE(Sample(metrics, "interco_groups_open"), 2) << metrics;
      EXPECT_EQ(Sample(metrics, "interco_groups"), 4);
    }
  }
  const std::string metrics = Scrape(server_->metrics_address());
  EXPECT_EQ(Sample(metrics, "interco_ledger_head_sequence", {"group=\"g3\""}), 3);
}

TEST_F(GroupsE2eTest, StreamSlotsAreCountedPerGroupAndInTotal) {
  Start({"--max_concurrent_streams=2", "--max_concurrent_streams_total=3"});
  grpc::Status created;
  CreateGroup(*server_, "acme", &created);
  ASSERT_TRUE(created.ok());
  // Streams that stay open: each holds its slot until it is finished.
  struct Open {
    std::unique_ptr<grpc::ClientContext> context = std::make_unique<grpc::ClientContext>();
    v1::StreamPostTransactionsResponse response;
    std::unique_ptr<grpc::ClientWriter<v1::PostTransactionRequest>> writer;
  };
  auto open = [&](const std::string& group) {
    auto stream = std::make_unique<Open>();
    stream->writer = v1::LedgerService::NewStub(In(group))->StreamPostTransactions(
        stream->context.get(), &stream->response);
    return stream;
  };
  // A stream's call reaches the server after its client returns: ask until the refusal
  // comes (each ask finishes at once, so it never holds a slot for long).
  auto refusal = [&](const std::string& group) {
    grpc::Status status;
    for (int attempt = 0; attempt < 200; ++attempt) {
      auto stream = open(group);
      stream->writer->WritesDone();
      status = stream->writer->Finish();
      if (status.error_code() == grpc::RESOURCE_EXHAUSTED) break;
      absl::SleepFor(absl::Milliseconds(50));
    }
    return status;
  };
  // A held stream's call may reach the server after a probe's, which would then take its
  // slot and have the held one refused: give the held calls time to arrive first (the
  // server does not answer a stream before its end, so there is nothing to wait on).
  const auto settle = [] { absl::SleepFor(absl::Seconds(1)); };
  std::vector<std::unique_ptr<Open>> held;
  held.push_back(open("default"));
  held.push_back(open("default"));
  settle();
  grpc::Status status = refusal("default");
  EXPECT_EQ(status.error_code(), grpc::RESOURCE_EXHAUSTED);
  EXPECT_EQ(ErrorReason(status), "TOO_MANY_STREAMS");
  held.push_back(open("acme"));
  settle();
  status = refusal("acme");
  EXPECT_EQ(status.error_code(), grpc::RESOURCE_EXHAUSTED);
  EXPECT_EQ(ErrorReason(status), "TOO_MANY_STREAMS_TOTAL");
  for (auto& stream : held) {
    stream->writer->WritesDone();
    EXPECT_TRUE(stream->writer->Finish().ok());
  }
}

}  // namespace
}  // namespace interco::testing
