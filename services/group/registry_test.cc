#include "services/group/registry.h"

#include "gtest/gtest.h"
#include "services/group/test_structures.h"

namespace interco::group {
namespace {

using testing::Edge;
using testing::Entity;

class MemoryLog : public StructureLog {
 public:
  absl::Status Append(uint64_t version, const StructureChange& change) override {
    if (!fail_with.ok()) return fail_with;
    EXPECT_EQ(version, changes.size() + 1);
    changes.push_back(change);
    return absl::OkStatus();
  }
  std::vector<StructureChange> changes;
  absl::Status fail_with;
};

class RegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto registry = StructureRegistry::Create({}, &log_, GroupStructure(OwnershipThresholds{}));
    ASSERT_TRUE(registry.ok());
    registry_ = *std::move(registry);
  }
  MemoryLog log_;
  std::unique_ptr<StructureRegistry> registry_;
};

TEST_F(RegistryTest, AppliesPersistsAndPublishes) {
  auto applied = registry_->Apply({"r1", Entity("P")});
  ASSERT_TRUE(applied.ok()) << applied.status();
  EXPECT_EQ(applied->version, 1u);
  EXPECT_EQ(log_.changes.size(), 1u);
  EXPECT_NE(registry_->Current()->FindEntity("P"), nullptr);
}

TEST_F(RegistryTest, RetryWithSameContentReturnsTheOriginalAndWritesNothing) {
  ASSERT_TRUE(registry_->Apply({"r1", Entity("P")}).ok());
  ASSERT_TRUE(registry_->Apply({"r2", Entity("A")}).ok());
  auto retry = registry_->Apply({"r1", Entity("P")});
  ASSERT_TRUE(retry.ok());
  EXPECT_EQ(retry->version, 1u);
  EXPECT_EQ(log_.changes.size(), 2u);
  EXPECT_EQ(registry_->Current()->version(), 2u);
}

TEST_F(RegistryTest, SameRequestIdWithOtherContentIsAlreadyExists) {
  ASSERT_TRUE(registry_->Apply({"r1", Entity("P")}).ok());
  EXPECT_EQ(registry_->Apply({"r1", Entity("Q")}).status().code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(log_.changes.size(), 1u);
  EXPECT_EQ(registry_->Current()->FindEntity("Q"), nullptr);
}

TEST_F(RegistryTest, RejectedChangeIsNotRecordedSoItsRequestIdStaysFree) {
  EXPECT_EQ(registry_->Apply({"r1", Edge("P", "A", "0.5")}).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_TRUE(registry_->Apply({"r1", Entity("P")}).ok());
}

TEST_F(RegistryTest, LogFailureLeavesEverythingUnchanged) {
  log_.fail_with = absl::UnavailableError("disk gone");
  EXPECT_EQ(registry_->Apply({"r1", Entity("P")}).status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(registry_->Current()->version(), 0u);
  log_.fail_with = absl::OkStatus();
  EXPECT_TRUE(registry_->Apply({"r1", Entity("P")}).ok());
}

TEST_F(RegistryTest, OlderVersionsAreRebuiltAndHistoryReplays) {
  ASSERT_TRUE(registry_->Apply({"r1", Entity("P")}).ok());
  ASSERT_TRUE(registry_->Apply({"r2", Entity("A")}).ok());
  ASSERT_TRUE(registry_->Apply({"r3", Edge("P", "A", "0.8")}).ok());
  auto v2 = registry_->AtVersion(2, "structure_version");
  ASSERT_TRUE(v2.ok());
  EXPECT_TRUE((*v2)->edges().empty());
  EXPECT_EQ((*v2)->version(), 2u);
  EXPECT_EQ(registry_->AtVersion(4, "structure_version").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ((*registry_->AtVersion(0, "structure_version"))->version(), 3u);

  const std::vector<VersionInfo> versions = registry_->Versions(1, 10);
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0].version, 2u);
  EXPECT_EQ(versions[1].description, "add ownership edge P -> A from 2020-01-01");

  MemoryLog other;
  auto replayed =
      StructureRegistry::Create(log_.changes, &other, GroupStructure(OwnershipThresholds{}));
  ASSERT_TRUE(replayed.ok());
  EXPECT_EQ((*replayed)->Current()->version(), 3u);
  EXPECT_EQ((*replayed)->Apply({"r2", Entity("A")})->version, 2u) << "ids survive a restart";
}

TEST(RegistryReplayTest, StoredIdsSharedAcrossKindsStillReplayButNewOnesAreRefused) {
  MemoryLog log;
  auto registry = StructureRegistry::Create(
      {{"r1", Entity("A")}, {"r2", Department{"X", "A", "IT"}}, {"r3", Employee{"X", "A", "Ann"}}},
      &log, GroupStructure(OwnershipThresholds{}));
  ASSERT_TRUE(registry.ok()) << registry.status();
  EXPECT_NE((*registry)->AtVersion(3, "structure_version").value()->FindEmployee("X"), nullptr);
  EXPECT_EQ((*registry)->Apply({"r4", Entity("X")}).status().code(),
            absl::StatusCode::kAlreadyExists);
}

TEST(RegistryReplayTest, HistoryThatNoLongerAppliesIsDataLoss) {
  MemoryLog log;
  auto registry = StructureRegistry::Create({{"r1", Edge("P", "A", "0.5")}}, &log,
                                            GroupStructure(OwnershipThresholds{}));
  EXPECT_EQ(registry.status().code(), absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace interco::group
