#include "services/tenancy/groups.h"

#include <map>
#include <memory>
#include <set>
#include <string>

#include "gtest/gtest.h"
#include "services/common/field_error.h"

namespace interco::tenancy {
namespace {

class MemoryCatalog final : public GroupCatalog {
 public:
  absl::StatusOr<std::vector<GroupRecord>> LoadAll() const override {
    std::vector<GroupRecord> all;
    for (const auto& [id, record] : records) all.push_back(record);
    return all;
  }
  absl::StatusOr<std::optional<GroupRequest>> FindRequest(
      const std::string& request_id) const override {
    const auto found = requests.find(request_id);
    if (found == requests.end()) return std::nullopt;
    return found->second;
  }
  absl::Status Put(const GroupRecord& record, const std::string& request_id,
                   const GroupRequest& request) override {
    records[record.id] = record;
    if (!request_id.empty()) requests[request_id] = request;
    return absl::OkStatus();
  }
  absl::Status Remove(const std::string& id, const std::string& request_id,
                      const GroupRequest& request) override {
    records.erase(id);
    if (!request_id.empty()) requests[request_id] = request;
    return absl::OkStatus();
  }
  std::map<std::string, GroupRecord> records;
  std::map<std::string, GroupRequest> requests;
};

class MemoryFiles final : public GroupFiles {
 public:
  absl::Status Create(const std::string& id) override {
    ids.insert(id);
    return absl::OkStatus();
  }
  absl::Status Remove(const std::string& id) override {
    if (fail_remove) return absl::UnavailableError("the disk said no");
    ids.erase(id);
    return absl::OkStatus();
  }
  absl::StatusOr<std::vector<std::string>> List() const override {
    return std::vector<std::string>(ids.begin(), ids.end());
  }
  std::set<std::string> ids;
  bool fail_remove = false;
};

class SequenceTenant final : public Tenant {
 public:
  explicit SequenceTenant(uint64_t sequence) : sequence_(sequence) {}
  uint64_t ledger_sequence() const override { return sequence_; }
  absl::Status Close() override { return absl::OkStatus(); }

 private:
  uint64_t sequence_;
};

class GroupsTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }
  void Reopen() {
    groups_.reset();
    OpenGroupsOptions pool_options;
    pool_options.idle_check_every = absl::ZeroDuration();
    pool_ = std::make_unique<OpenGroups>(
        [this](const std::string& id) -> absl::StatusOr<std::unique_ptr<Tenant>> {
          return std::make_unique<SequenceTenant>(sequences_[id]);
        },
        pool_options);
    GroupsOptions options;
    options.groups_max = 3;
    options.now = [] { return absl::FromUnixSeconds(1'800'000'000); };
    auto groups = Groups::Open(&catalog_, &files_, pool_.get(), options);
    ASSERT_TRUE(groups.ok()) << groups.status();
    groups_ = std::move(*groups);
  }
  static std::string Reason(const absl::Status& status) {
    const auto detail = GetErrorDetail(status);
    return detail.has_value() ? detail->reason : "";
  }
  MemoryCatalog catalog_;
  MemoryFiles files_;
  std::map<std::string, uint64_t> sequences_;
  std::unique_ptr<OpenGroups> pool_;
  std::unique_ptr<Groups> groups_;
};

TEST_F(GroupsTest, DefaultAlwaysExists) {
  ASSERT_TRUE(groups_->Get("default").ok());
  EXPECT_TRUE((files_.ids.count("default") == 1));
  EXPECT_TRUE(groups_->CheckCallable("default", "x-interco-group").ok());
  EXPECT_EQ(Reason(groups_->Delete("r", "default", true).status()), "DEFAULT_GROUP");
}

TEST_F(GroupsTest, CreateIsExactlyOnceByRequestId) {
  auto created = groups_->Create("req-1", "acme", "Acme Holdings");
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->create_request_id, "req-1");
  auto again = groups_->Create("req-1", "acme", "Acme Holdings");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->create_time, created->create_time);
  EXPECT_EQ(groups_->Create("req-1", "globex", "").status().code(),
            absl::StatusCode::kAlreadyExists);
  const absl::Status exists = groups_->Create("req-2", "acme", "").status();
  EXPECT_EQ(exists.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(Reason(exists), "GROUP_EXISTS");
}

TEST_F(GroupsTest, BadInputIsRefusedAndWritesNothing) {
  EXPECT_EQ(groups_->Create("r", "Acme", "").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(groups_->Create("", "acme", "").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(groups_->Create("r", "acme", "a\tb").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(groups_->Create("r", "acme", std::string(201, 'x')).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(catalog_.records.size(), 1u);
  EXPECT_TRUE(catalog_.requests.empty());
}

TEST_F(GroupsTest, TheLimitCountsDefault) {
  ASSERT_TRUE(groups_->Create("r1", "a", "").ok());
  ASSERT_TRUE(groups_->Create("r2", "b", "").ok());
  const absl::Status full = groups_->Create("r3", "c", "").status();
  EXPECT_EQ(full.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(Reason(full), "GROUPS_MAX");
}

TEST_F(GroupsTest, ListPagesInIdOrder) {
  ASSERT_TRUE(groups_->Create("r1", "b", "").ok());
  ASSERT_TRUE(groups_->Create("r2", "a", "").ok());
  auto first = groups_->List("", 2);
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].id, "a");
  EXPECT_EQ(first[1].id, "b");
  auto rest = groups_->List("b", 2);
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].id, "default");
}

TEST_F(GroupsTest, AnEmptyGroupIsDeletedAndARetryAnswersTheSame) {
  ASSERT_TRUE(groups_->Create("c", "acme", "").ok());
  auto deleted = groups_->Delete("d", "acme", false);
  ASSERT_TRUE(deleted.ok()) << deleted.status();
  EXPECT_FALSE((files_.ids.count("acme") == 1));
  EXPECT_EQ(groups_->CheckCallable("acme", "x-interco-group").code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(groups_->Delete("d", "acme", false).ok());
  EXPECT_EQ(groups_->Delete("d2", "acme", false).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(GroupsTest, AGroupWithEntriesNeedsForceAndACheckpointHoldingThem) {
  ASSERT_TRUE(groups_->Create("c", "acme", "").ok());
  sequences_["acme"] = 12;
  EXPECT_EQ(Reason(groups_->Delete("d", "acme", false).status()), "GROUP_NOT_EMPTY");
  EXPECT_EQ(Reason(groups_->Delete("d", "acme", true).status()), "CHECKPOINT_REQUIRED");
  ASSERT_TRUE(groups_->RecordCheckpoint("acme", 11).ok());
  EXPECT_EQ(Reason(groups_->Delete("d", "acme", true).status()), "CHECKPOINT_REQUIRED");
  ASSERT_TRUE(groups_->RecordCheckpoint("acme", 12).ok());
  // Refusals left the group usable.
  EXPECT_TRUE(groups_->CheckCallable("acme", "x").ok());
  auto deleted = groups_->Delete("d", "acme", true);
  ASSERT_TRUE(deleted.ok()) << deleted.status();
  EXPECT_EQ(deleted->ledger_sequence, 12u);
}

TEST_F(GroupsTest, ADeletionACrashInterruptedIsFinishedAtStartUp) {
  ASSERT_TRUE(groups_->Create("c", "acme", "").ok());
  catalog_.records["acme"].state = GroupRecord::State::kDeleting;
  Reopen();
  EXPECT_EQ(groups_->Get("acme").status().code(), absl::StatusCode::kNotFound);
  EXPECT_FALSE((files_.ids.count("acme") == 1));
  EXPECT_FALSE((catalog_.records.count("acme") == 1));
}

TEST_F(GroupsTest, DataNoRecordNamesIsReportedAndAdoptedByItsCreate) {
  files_.ids.insert("orphan");
  Reopen();
  EXPECT_EQ(groups_->unlisted(), std::vector<std::string>{"orphan"});
  EXPECT_EQ(groups_->Get("orphan").status().code(), absl::StatusCode::kNotFound);
  ASSERT_TRUE(groups_->Create("c", "orphan", "").ok());
  Reopen();
  EXPECT_TRUE(groups_->unlisted().empty());
}

TEST_F(GroupsTest, ADeletionThatStoppedHalfWayIsFinishedByItsRetry) {
  ASSERT_TRUE(groups_->Create("c", "acme", "").ok());
  files_.fail_remove = true;
  EXPECT_EQ(groups_->Delete("d", "acme", false).status().code(), absl::StatusCode::kUnavailable);
  // Recorded as being deleted: calls are refused meanwhile.
  EXPECT_EQ(groups_->CheckCallable("acme", "x").code(), absl::StatusCode::kFailedPrecondition);
  files_.fail_remove = false;
  ASSERT_TRUE(groups_->Delete("d", "acme", false).ok());
  EXPECT_EQ(groups_->Get("acme").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(files_.ids.count("acme"), 0u);
}

TEST_F(GroupsTest, RecordsSurviveReopening) {
  ASSERT_TRUE(groups_->Create("c", "acme", "Acme").ok());
  ASSERT_TRUE(groups_->RecordCheckpoint("acme", 5).ok());
  Reopen();
  auto acme = groups_->Get("acme");
  ASSERT_TRUE(acme.ok());
  EXPECT_EQ(acme->display_name, "Acme");
  EXPECT_EQ(acme->checkpoint_sequence, 5u);
}

}  // namespace
}  // namespace interco::tenancy
