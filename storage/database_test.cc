#include "storage/database.h"

#include <filesystem>
#include <fstream>
#include <string>

#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "rocksdb/metadata.h"
#include "storage/table_damage.h"

namespace interco::storage {
namespace {

std::string TempDir(const std::string& name) {
  const char* base = std::getenv("TEST_TMPDIR");
  const std::string dir = std::string(base != nullptr ? base : "/tmp") + "/" + name;
  std::filesystem::remove_all(dir);
  return dir;
}

TEST(DatabaseTest, CreatesEveryFamilyAndReopens) {
  const std::string path = TempDir("create");
  {
    absl::StatusOr<std::unique_ptr<Database>> db = Database::Open({.path = path});
    ASSERT_TRUE(db.ok()) << db.status();
    for (int f = 0; f < static_cast<int>(Family::kCount); ++f) {
      EXPECT_EQ((*db)->family(static_cast<Family>(f))->GetName(), kFamilyNames[f]);
    }
    rocksdb::WriteOptions write;
    write.sync = true;
    ASSERT_TRUE((*db)->db()->Put(write, (*db)->family(Family::kJournal), "k", "v").ok());
    EXPECT_TRUE((*db)->Close().ok());
    EXPECT_TRUE((*db)->Close().ok()) << "Close is idempotent";
  }
  absl::StatusOr<std::unique_ptr<Database>> db = Database::Open({.path = path});
  ASSERT_TRUE(db.ok()) << db.status();
  std::string value;
  ASSERT_TRUE((*db)->db()->Get({}, (*db)->family(Family::kJournal), "k", &value).ok());
  EXPECT_EQ(value, "v");
}

TEST(DatabaseTest, SecondOpenOfTheSameDirectoryIsFailedPreconditionNamingTheLock) {
  const std::string path = TempDir("locked");
  absl::StatusOr<std::unique_ptr<Database>> first = Database::Open({.path = path});
  ASSERT_TRUE(first.ok()) << first.status();
  absl::StatusOr<std::unique_ptr<Database>> second = Database::Open({.path = path});
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), absl::StatusCode::kFailedPrecondition) << second.status();
  EXPECT_NE(second.status().message().find("LOCK"), std::string::npos) << second.status();
}

TEST(DatabaseTest, PathUnderARegularFileIsUnavailable) {
  const std::string file = TempDir("plain_file");
  std::ofstream(file) << "not a directory";
  absl::StatusOr<std::unique_ptr<Database>> db = Database::Open({.path = file + "/db"});
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), absl::StatusCode::kUnavailable) << db.status();
}

TEST(DatabaseTest, EmptyPathIsInvalidArgument) {
  EXPECT_EQ(Database::Open({.path = ""}).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(DatabaseTest, UnknownFormatVersionIsFailedPrecondition) {
  const std::string path = TempDir("future");
  {
    absl::StatusOr<std::unique_ptr<Database>> db = Database::Open({.path = path});
    ASSERT_TRUE(db.ok());
    rocksdb::WriteOptions write;
    write.sync = true;
    ASSERT_TRUE(
        (*db)->db()->Put(write, (*db)->family(Family::kDefault), "format_version", "99").ok());
  }
  absl::StatusOr<std::unique_ptr<Database>> db = Database::Open({.path = path});
  EXPECT_EQ(db.status().code(), absl::StatusCode::kFailedPrecondition) << db.status();
}

}  // namespace
}  // namespace interco::storage

namespace interco::storage {
namespace {

TEST(DatabaseCheckpointTest, ACheckpointOpensWithEverythingWrittenBeforeIt) {
  const std::string path = TempDir("live");
  const std::string copy = TempDir("backups") + "/first";
  absl::StatusOr<std::unique_ptr<Database>> db = Database::Open({.path = path});
  ASSERT_TRUE(db.ok()) << db.status();
  rocksdb::WriteOptions write;
  write.sync = true;
  ASSERT_TRUE((*db)->db()->Put(write, (*db)->family(Family::kJournal), "k", "v").ok());
  const absl::Status made = (*db)->Checkpoint(copy);
  ASSERT_TRUE(made.ok()) << made;
  EXPECT_EQ((*db)->Checkpoint(copy).code(), absl::StatusCode::kAlreadyExists);
  ASSERT_TRUE((*db)->db()->Put(write, (*db)->family(Family::kJournal), "later", "x").ok());

  absl::StatusOr<std::unique_ptr<Database>> restored = Database::Open({.path = copy});
  ASSERT_TRUE(restored.ok()) << restored.status();
  std::string value;
  ASSERT_TRUE((*restored)->db()->Get({}, (*restored)->family(Family::kJournal), "k", &value).ok());
  EXPECT_EQ(value, "v");
  EXPECT_TRUE((*restored)
                  ->db()
                  ->Get({}, (*restored)->family(Family::kJournal), "later", &value)
                  .IsNotFound());
}

TEST(DatabaseCheckpointTest, ACheckpointUnderARegularFileIsUnavailable) {
  absl::StatusOr<std::unique_ptr<Database>> db = Database::Open({.path = TempDir("live2")});
  ASSERT_TRUE(db.ok()) << db.status();
  const std::string file = TempDir("a_file");
  std::ofstream(file) << "x";
  EXPECT_EQ((*db)->Checkpoint(file + "/backup").code(), absl::StatusCode::kUnavailable);
}

TEST(DatabaseFiguresTest, ReportsRocksDbPropertiesByName) {
  absl::StatusOr<std::unique_ptr<Database>> db = Database::Open({.path = TempDir("figures")});
  ASSERT_TRUE(db.ok()) << db.status();
  bool found = false;
  for (const Database::Figure& figure : (*db)->Figures()) {
    found = found || figure.name == "estimate-num-keys";
  }
  EXPECT_TRUE(found);
}

TEST(DatabaseTest, ACompactionThatHitsCorruptionStopsWritesAndSaysWhy) {
  const std::string path = TempDir("background_error");
  {
    absl::StatusOr<std::unique_ptr<Database>> db = Database::Open({.path = path});
    ASSERT_TRUE(db.ok()) << db.status();
    for (int i = 0; i < 2000; ++i) {
      ASSERT_TRUE((*db)
                      ->db()
                      ->Put({}, (*db)->family(Family::kJournal), "key" + std::to_string(i),
                            std::string(100, static_cast<char>('a' + i % 26)))
                      .ok());
    }
    ASSERT_TRUE((*db)->db()->Flush({}, (*db)->family(Family::kJournal)).ok());
    const std::string table = TableFileOf(**db, "journal");
    ASSERT_FALSE(table.empty());
    FlipByteAt(table, 0.3);
    ASSERT_TRUE((*db)->Close().ok());
  }
  absl::StatusOr<std::unique_ptr<Database>> db = Database::Open({.path = path});
  ASSERT_TRUE(db.ok()) << db.status();
  EXPECT_TRUE((*db)->WriteHealth().ok());
  rocksdb::CompactRangeOptions compact;
  compact.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  EXPECT_FALSE(
      (*db)->db()->CompactRange(compact, (*db)->family(Family::kJournal), nullptr, nullptr).ok());
  const absl::Status health = (*db)->WriteHealth();
  EXPECT_EQ(health.code(), absl::StatusCode::kDataLoss) << health;
  EXPECT_NE(health.message().find("after a compaction failed"), std::string::npos) << health;
  EXPECT_FALSE((*db)->db()->Put({}, (*db)->family(Family::kJournal), "k", "v").ok());
  // Corruption is not something RocksDB can retry: resuming leaves writes stopped.
  EXPECT_EQ((*db)->TryResume().code(), absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace interco::storage
