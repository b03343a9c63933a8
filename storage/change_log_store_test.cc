// The chain over a change log: every kind of edit on disk is found, by the load at start-up
// and by Verify, naming the family, version and key.
#include "storage/change_log_store.h"

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "gtest/gtest.h"

namespace interco::storage {
namespace {

struct Note {
  std::string text;
};

std::string EncodeNote(const Note& note) { return note.text; }
absl::StatusOr<Note> DecodeNote(absl::string_view bytes) {
  if (bytes.find('!') != absl::string_view::npos) return absl::DataLossError("not a note");
  return Note{std::string(bytes)};
}

using NoteStore = ChangeLogStore<Note>;

class ChangeLogStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::string(std::getenv("TEST_TMPDIR")) + "/" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::remove_all(path_);
    Reopen();
    for (const char* text : {"one", "two", "three"}) {
      ASSERT_TRUE(store_->Append(store_->Head().version + 1, Note{text}).ok());
    }
  }

  void Reopen() {
    store_.reset();
    database_.reset();
    auto database = Database::Open({.path = path_});
    ASSERT_TRUE(database.ok()) << database.status();
    database_ = *std::move(database);
    store_ = std::make_unique<NoteStore>(database_.get(), Family::kChart, "chart", &EncodeNote,
                                         &DecodeNote);
  }

  std::string Raw(uint64_t version) {
    std::string value;
    EXPECT_TRUE(database_->db()
                    ->Get(rocksdb::ReadOptions(), database_->family(Family::kChart),
                          EncodeKey64(version), &value)
                    .ok());
    return value;
  }
  void Put(uint64_t version, const std::string& value) {
    ASSERT_TRUE(database_->db()
                    ->Put(rocksdb::WriteOptions(), database_->family(Family::kChart),
                          EncodeKey64(version), value)
                    .ok());
  }
  void Delete(uint64_t version) {
    ASSERT_TRUE(database_->db()
                    ->Delete(rocksdb::WriteOptions(), database_->family(Family::kChart),
                             EncodeKey64(version))
                    .ok());
  }

  // The load's error and what Verify (of a store that loaded before the edit) reports.
  void ExpectFound(uint64_t version, absl::string_view problem) {
    const absl::StatusOr<ledger::FamilyCheck> check = store_->Verify([] { return absl::OkStatus(); });
    ASSERT_TRUE(check.ok()) << check.status();
    EXPECT_FALSE(check->ok);
    EXPECT_EQ(check->family, "chart");
    EXPECT_EQ(check->first_broken_version, version);
    EXPECT_NE(absl::string_view(check->problem).find(problem), absl::string_view::npos) << check->problem;
    Reopen();
    const absl::Status loaded = store_->LoadAll().status();
    EXPECT_EQ(loaded.code(), absl::StatusCode::kDataLoss);
    EXPECT_NE(loaded.message().find(problem), absl::string_view::npos) << loaded;
  }

  std::string path_;
  std::unique_ptr<Database> database_;
  std::unique_ptr<NoteStore> store_;
};

TEST_F(ChangeLogStoreTest, LoadsAndVerifiesAnUntouchedLog) {
  Reopen();
  absl::StatusOr<std::vector<Note>> notes = store_->LoadAll();
  ASSERT_TRUE(notes.ok()) << notes.status();
  ASSERT_EQ(notes->size(), 3u);
  EXPECT_EQ((*notes)[2].text, "three");
  const ledger::FamilyHead head = store_->Head();
  EXPECT_EQ(head.family, "chart");
  EXPECT_EQ(head.version, 3u);
  EXPECT_NE(head.hash, ledger::Hash{});
  EXPECT_EQ(store_->HeadAt(3)->hash, head.hash);
  EXPECT_NE(store_->HeadAt(2)->hash, head.hash);
  EXPECT_EQ(store_->HeadAt(0)->hash, ledger::Hash{});
  EXPECT_EQ(store_->HeadAt(4).status().code(), absl::StatusCode::kNotFound);
  const absl::StatusOr<ledger::FamilyCheck> check = store_->Verify([] { return absl::OkStatus(); });
  ASSERT_TRUE(check.ok());
  EXPECT_TRUE(check->ok) << check->problem;
  EXPECT_EQ(check->versions_checked, 3u);
  // The chain carries on after a restart.
  ASSERT_TRUE(store_->Append(4, Note{"four"}).ok());
  Reopen();
  ASSERT_TRUE(store_->LoadAll().ok());
  EXPECT_EQ(store_->Head().version, 4u);
}

TEST_F(ChangeLogStoreTest, FindsAnEditedRecord) {
  std::string value = Raw(2);
  value[0] = 'T';  // "two" -> "Two", the hashes kept.
  Put(2, value);
  ExpectFound(2, "version 2 does not match its hash");
}

TEST_F(ChangeLogStoreTest, FindsARecordRehashedInPlace) {
  // Whoever edits a record and recomputes its hash breaks the next version's link.
  Put(2, ChainValue("chart", 2, store_->HeadAt(1)->hash, "TWO"));
  ExpectFound(3, "version 3 does not link to version 2");
}

TEST_F(ChangeLogStoreTest, FindsADeletedRecord) {
  Delete(2);
  ExpectFound(2, "expected version 2");
}

TEST_F(ChangeLogStoreTest, FindsTheLastVersionsRemoved) {
  Delete(3);
  // Verify names the version the server read; the load the recorded head.
  const absl::StatusOr<ledger::FamilyCheck> check = store_->Verify([] { return absl::OkStatus(); });
  ASSERT_TRUE(check.ok());
  EXPECT_FALSE(check->ok);
  EXPECT_EQ(check->first_broken_version, 3u);
  Reopen();
  const absl::Status loaded = store_->LoadAll().status();
  EXPECT_EQ(loaded.code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(loaded.message().find("recorded head is version 3"), absl::string_view::npos)
      << loaded;
}

TEST_F(ChangeLogStoreTest, FindsARecordThatNoLongerDecodes) {
  Put(2, ChainValue("chart", 2, store_->HeadAt(1)->hash, "tw!o"));
  // Rehashed and undecodable: the decode is reported, not only the broken link after it.
  ExpectFound(2, "chart version 2: not a note");
}

TEST_F(ChangeLogStoreTest, VerifyStopsWhenToldTo) {
  const absl::StatusOr<ledger::FamilyCheck> check =
      store_->Verify([] { return absl::DeadlineExceededError("out of time"); });
  EXPECT_EQ(check.status().code(), absl::StatusCode::kDeadlineExceeded);
}

}  // namespace
}  // namespace interco::storage
