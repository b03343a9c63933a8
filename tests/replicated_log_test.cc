// A group's replicated log (issue 25) between real databases, on a real 3-member etcd
// cluster: the owner's commits reach etcd before its RocksDB, a follower that applies the
// log has the same ledger (head, hash, every entry, Verify), a second pod cannot own the
// group while the first does, and an owner whose ownership passed on cannot append: its
// commit is refused, its database says it is behind the log, and nothing of it lands.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "services/common/field_error.h"
#include "storage/database.h"
#include "storage/etcd/etcd_log.h"
#include "storage/etcd/group_log.h"
#include "storage/ledger_store.h"
#include "storage/ledger_test_postings.h"
#include "tests/etcd_suite.h"

namespace interco::testing {
namespace {

using storage::Database;
using storage::EtcdGroupLog;
using storage::LedgerStore;
using storage::LogPosition;
using storage::Pending;

std::string ReasonOf(const absl::Status& status) {
  const std::optional<ErrorDetail> detail = GetErrorDetail(status);
  return detail.has_value() ? detail->reason : "";
}

class ReplicatedLogTest : public EtcdSuiteTest {
 protected:
  std::unique_ptr<Database> OpenDatabase(const std::string& pod) {
    storage::DatabaseOptions options;
    options.path = absl::StrCat(::testing::TempDir(), "/", group_, "/", pod);
    auto database = Database::Open(options);
    EXPECT_TRUE(database.ok()) << database.status();
    return database.ok() ? *std::move(database) : nullptr;
  }

  // Applies every record after what `database` holds; how many it applied.
  static absl::StatusOr<int> CatchUp(EtcdGroupLog& log, Database& database) {
    int applied = 0;
    for (;;) {
      absl::StatusOr<LogPosition> from = database.AppliedLogPosition();
      if (!from.ok()) return from.status();
      auto records = log.ReadAfter(*from, 16);
      if (!records.ok()) return records.status();
      if (records->empty()) return applied;
      for (const storage::LogRecord& record : *records) {
        absl::Status status = database.ApplyLogRecord(record.position, record.batch);
        if (!status.ok()) return status;
        ++applied;
      }
    }
  }
};

TEST_F(ReplicatedLogTest, AFollowerThatAppliesTheLogHasTheSameLedger) {
  EtcdGroupLog owner_log(etcd_.get(), group_, "pod-0");
  ASSERT_TRUE(owner_log.Claim(absl::Seconds(10)).ok());
  std::unique_ptr<Database> owner = OpenDatabase("pod-0");
  owner->AttachCommitLog(&owner_log);
  auto store = LedgerStore::Open(owner.get());
  ASSERT_TRUE(store.ok());
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE((*store)->Append({Pending(absl::StrCat("r", i), "100"),
                                  Pending(absl::StrCat("s", i), "2.5")})
                    .ok());
  }
  const LogPosition head = *owner_log.Head();
  EXPECT_EQ(head.index, 20u);
  EXPECT_EQ(*owner->AppliedLogPosition(), head);

  EtcdGroupLog follower_log(etcd_.get(), group_, "pod-1");
  std::unique_ptr<Database> follower = OpenDatabase("pod-1");
  EXPECT_EQ(*CatchUp(follower_log, *follower), 20);
  EXPECT_EQ(*follower->AppliedLogPosition(), head);
  auto copy = LedgerStore::Open(follower.get());
  ASSERT_TRUE(copy.ok()) << copy.status();
  EXPECT_EQ((*copy)->head().sequence, 40u);
  EXPECT_EQ((*copy)->head().hash, (*store)->head().hash);
  auto verified = (*copy)->Verify([] { return absl::OkStatus(); });
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_TRUE(verified->ok) << verified->problem;
  EXPECT_EQ((*copy)->Get(17)->request_id, (*store)->Get(17)->request_id);
  owner_log.Release().IgnoreError();
}

TEST_F(ReplicatedLogTest, ASecondPodCannotOwnAnOwnedGroup) {
  EtcdGroupLog first(etcd_.get(), group_, "pod-0");
  ASSERT_TRUE(first.Claim(absl::Seconds(10)).ok());
  EtcdGroupLog second(etcd_.get(), group_, "pod-1");
  absl::StatusOr<LogPosition> refused = second.Claim(absl::Seconds(10));
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(refused.status()), "OWNED_ELSEWHERE");
  EXPECT_NE(refused.status().message().find("pod-0"), std::string::npos);
  EXPECT_EQ(**first.Owner(), "pod-0");
  ASSERT_TRUE(first.Release().ok());
  EXPECT_FALSE(first.Owner()->has_value());
  EXPECT_TRUE(second.Claim(absl::Seconds(10)).ok());
  second.Release().IgnoreError();
}

TEST_F(ReplicatedLogTest, AnOwnerWhoseOwnershipPassedOnCannotAppend) {
  EtcdGroupLog old_log(etcd_.get(), group_, "pod-0");
  ASSERT_TRUE(old_log.Claim(absl::Seconds(10)).ok());
  std::unique_ptr<Database> old_db = OpenDatabase("pod-0");
  old_db->AttachCommitLog(&old_log);
  auto old_store = LedgerStore::Open(old_db.get());
  ASSERT_TRUE((*old_store)->Append({Pending("r1", "1")}).ok());

  // pod-1 follows; then the old owner's lease goes (as if it paused past its TTL), and
  // pod-1 takes over and appends.
  std::unique_ptr<Database> new_db = OpenDatabase("pod-1");
  EtcdGroupLog new_log(etcd_.get(), group_, "pod-1");
  ASSERT_EQ(*CatchUp(new_log, *new_db), 1);
  auto owner_key = etcd_->Get(absl::StrCat("/interco/groups/", group_, "/owner"));
  ASSERT_TRUE(owner_key.ok() && owner_key->has_value());
  ASSERT_TRUE(etcd_->RevokeLease((*owner_key)->lease).ok());
  ASSERT_TRUE(new_log.Claim(absl::Seconds(10)).ok());
  new_db->AttachCommitLog(&new_log);
  auto new_store = LedgerStore::Open(new_db.get());
  ASSERT_TRUE(new_store.ok());
  ASSERT_TRUE((*new_store)->Append({Pending("r2", "2")}).ok());

  // The old owner still believes it owns the group: its commit is refused.
  auto late = (*old_store)->Append({Pending("r3", "3")});
  EXPECT_EQ(late.status().code(), absl::StatusCode::kUnavailable) << late.status();
  EXPECT_EQ(ReasonOf(late.status()), "BEHIND_LOG");
  EXPECT_EQ(ReasonOf(old_db->CommitHealth()), "BEHIND_LOG");
  // And every later one, without asking etcd.
  EXPECT_EQ((*old_store)->Append({Pending("r4", "4")}).status().code(),
            absl::StatusCode::kUnavailable);
  const LogPosition head = *new_log.Head();
  EXPECT_EQ(head.index, 2u);
  auto records = new_log.ReadAfter(LogPosition{}, 16);
  ASSERT_TRUE(records.ok());
  EXPECT_EQ(records->size(), 2u);
  new_log.Release().IgnoreError();
}

TEST_F(ReplicatedLogTest, ADamagedRecordIsFoundNotApplied) {
  EtcdGroupLog log(etcd_.get(), group_, "pod-0");
  ASSERT_TRUE(log.Claim(absl::Seconds(10)).ok());
  ASSERT_TRUE(log.Append("0123456789ab-one").ok());
  ASSERT_TRUE(log.Append("0123456789ab-two").ok());
  // Flip one bit of record 2's batch, as a put beside the owner would (an operator's
  // etcdctl): the record no longer matches its hash.
  const std::string key = absl::StrCat("/interco/groups/", group_, "/log/00000000000000000002");
  auto original = etcd_->Get(key);
  ASSERT_TRUE(original.ok() && original->has_value());
  std::string damaged = (*original)->value;
  damaged[damaged.size() - 3] ^= 0x20;
  // A fence on a key nobody holds (create revision 0) whose "head" is the record itself.
  storage::Fence raw{"/nobody", 0, 0, key, (*original)->mod_revision};
  ASSERT_TRUE(etcd_->Append(raw, {}, damaged).ok());
  auto records = log.ReadAfter(LogPosition{}, 16);
  EXPECT_EQ(records.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(ReasonOf(records.status()), "LOG_RECORD_DAMAGED");
  log.Release().IgnoreError();
}

// etcd pages by count: a read of records asks for as many as fit kReadBytesMax were each
// as large as a record may be, whatever the caller's limit (issue 25: a page larger than a
// reply fails the same way on every retry).
TEST_F(ReplicatedLogTest, AReadAsksForNoMoreRecordsThanFitItsByteBudget) {
  constexpr size_t kRecordBytesMax = EtcdGroupLog::kReadBytesMax / 4;
  EtcdGroupLog log(etcd_.get(), group_, "pod-0", kRecordBytesMax);
  ASSERT_TRUE(log.Claim(absl::Seconds(10)).ok());
  for (int i = 0; i < 6; ++i) ASSERT_TRUE(log.Append(absl::StrCat("0123456789ab-", i)).ok());
  EtcdGroupLog reader(etcd_.get(), group_, "pod-1", kRecordBytesMax);
  auto first = reader.ReadAfter(LogPosition{}, 32);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->size(), 4u);
  auto rest = reader.ReadAfter(first->back().position, 32);
  ASSERT_TRUE(rest.ok()) << rest.status();
  ASSERT_EQ(rest->size(), 2u);
  EXPECT_EQ(rest->back().position, log.appended());
  log.Release().IgnoreError();
}

// A commit larger than one etcd request goes in parts, put before the record that names
// them; a follower reads it back whole, hash checked.
TEST_F(ReplicatedLogTest, ACommitLargerThanOneRecordGoesInParts) {
  EtcdGroupLog log(etcd_.get(), group_, "pod-0", /*record_bytes_max=*/4096);
  ASSERT_TRUE(log.Claim(absl::Seconds(10)).ok());
  // Bytes that do not compress (records are stored compressed): 20,000 of them stay ~20,000.
  std::string big(20000, 'x');
  uint32_t state = 12345;
  for (char& c : big) {
    state = state * 1664525u + 1013904223u;
    c = static_cast<char>(state >> 24);
  }
  ASSERT_TRUE(log.Append("0123456789ab-small").ok());
  ASSERT_TRUE(log.Append(big).ok());
  ASSERT_TRUE(log.Append("0123456789ab-after").ok());
  auto parts = etcd_->Range(absl::StrCat("/interco/groups/", group_, "/parts/"),
                            absl::StrCat("/interco/groups/", group_, "/parts0"), 100);
  ASSERT_TRUE(parts.ok());
  EXPECT_EQ(parts->size(), 5u);  // 20,000 bytes in parts of 4,096 - 84.
  EtcdGroupLog reader(etcd_.get(), group_, "pod-1");
  auto records = reader.ReadAfter(LogPosition{}, 16);
  ASSERT_TRUE(records.ok()) << records.status();
  ASSERT_EQ(records->size(), 3u);
  EXPECT_EQ((*records)[1].batch, big);
  EXPECT_EQ((*records)[2].batch, "0123456789ab-after");
  // A part changed behind the log's back is found.
  storage::Fence raw{"/nobody", 0, 0, (*parts)[2].first, 0};
  auto stored = etcd_->Get((*parts)[2].first);
  raw.head_revision = (*stored)->mod_revision;
  std::string damaged = (*parts)[2].second;
  damaged[7] ^= 1;
  ASSERT_TRUE(etcd_->Append(raw, {}, damaged).ok());
  EXPECT_EQ(reader.ReadAfter(LogPosition{}, 16).status().code(), absl::StatusCode::kDataLoss);
  log.Release().IgnoreError();
}

// The log is trimmed below what every pod that reported holds, keeping the last `keep`;
// a pod behind the trimmed records is told to restore from a checkpoint, not handed a gap.
TEST_F(ReplicatedLogTest, TheLogIsTrimmedBelowWhatEveryPodHolds) {
  EtcdGroupLog owner(etcd_.get(), group_, "pod-0");
  ASSERT_TRUE(owner.Claim(absl::Seconds(10)).ok());
  for (int i = 0; i < 30; ++i) ASSERT_TRUE(owner.Append(absl::StrCat("0123456789ab-", i)).ok());
  EtcdGroupLog follower(etcd_.get(), group_, "pod-1");
  auto first20 = follower.ReadAfter(LogPosition{}, 20);
  ASSERT_TRUE(first20.ok());
  const LogPosition at20 = first20->back().position;
  ASSERT_TRUE(follower.ReportApplied(20).ok());
  ASSERT_TRUE(owner.ReportApplied(30).ok());
  // pod-1 holds 20: with 5 kept, records 1-15 go; again, nothing more goes.
  EXPECT_EQ(*owner.Trim(5), 15u);
  EXPECT_EQ(*owner.Trim(5), 15u);
  auto left = etcd_->Range(absl::StrCat("/interco/groups/", group_, "/log/"),
                           absl::StrCat("/interco/groups/", group_, "/log0"), 100);
  ASSERT_TRUE(left.ok());
  EXPECT_EQ(left->size(), 15u);
  // pod-1 goes on from where it is.
  auto rest = follower.ReadAfter(at20, 100);
  ASSERT_TRUE(rest.ok()) << rest.status();
  EXPECT_EQ(rest->size(), 10u);
  // A pod from the start cannot: it must be restored from a checkpoint.
  EtcdGroupLog fresh(etcd_.get(), group_, "pod-2");
  auto refused = fresh.ReadAfter(LogPosition{}, 100);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(refused.status()), "LOG_TRIMMED");
  // When pod-1 catches up, more can go.
  ASSERT_TRUE(follower.ReportApplied(30).ok());
  EXPECT_EQ(*owner.Trim(5), 25u);
  owner.Release().IgnoreError();
}

}  // namespace
}  // namespace interco::testing
