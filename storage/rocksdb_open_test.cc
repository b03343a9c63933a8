// Issue 24: damage found when the database opens is reported as what it is. Each test
// builds a small RocksDB in a temporary directory, with the options that matter to how an
// open fails (paranoid checks, a WAL whose torn tail alone is tolerated, as
// storage/database.cc), damages one kind of file, opens again and classifies the failure.
#include <filesystem>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "rocksdb/options.h"
#include "storage/rocksdb_status.h"
#include "storage/table_damage.h"

namespace interco::storage {
namespace {

namespace fs = std::filesystem;

rocksdb::Options OpenOptions() {
  rocksdb::Options options;
  options.create_if_missing = true;
  options.paranoid_checks = true;
  options.wal_recovery_mode = rocksdb::WALRecoveryMode::kTolerateCorruptedTailRecords;
  return options;
}

// A database with one table file (2000 keys flushed) and a write-ahead log (200 more).
std::string MakeDatabase(const std::string& name) {
  const std::string path = absl::StrCat(::testing::TempDir(), "/", name);
  fs::remove_all(path);
  rocksdb::DB* raw = nullptr;
  EXPECT_TRUE(rocksdb::DB::Open(OpenOptions(), path, &raw).ok());
  std::unique_ptr<rocksdb::DB> db(raw);
  for (int i = 0; i < 2000; ++i) {
    EXPECT_TRUE(db->Put({}, absl::StrCat("table-", i), std::string(100, 't')).ok());
  }
  EXPECT_TRUE(db->Flush(rocksdb::FlushOptions()).ok());
  for (int i = 0; i < 200; ++i) {
    EXPECT_TRUE(db->Put({}, absl::StrCat("log-", i), std::string(100, 'l')).ok());
  }
  EXPECT_TRUE(db->Close().ok());
  return path;
}

// The one file of `path` whose name ends with `suffix` or starts with `prefix`.
std::string FileOf(const std::string& path, const std::string& prefix, const std::string& suffix) {
  std::string found;
  for (const auto& file : fs::directory_iterator(path)) {
    const std::string name = file.path().filename().string();
    if ((!prefix.empty() && name.rfind(prefix, 0) == 0) ||
        (!suffix.empty() && name.size() > suffix.size() &&
         name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)) {
      EXPECT_TRUE(found.empty()) << "two files: " << found << ", " << name;
      found = name;
    }
  }
  EXPECT_FALSE(found.empty()) << prefix << suffix;
  return found;
}

absl::Status OpenAgain(const std::string& path) {
  rocksdb::DB* raw = nullptr;
  const rocksdb::Status opened = rocksdb::DB::Open(OpenOptions(), path, &raw);
  std::unique_ptr<rocksdb::DB> db(raw);
  return FromRocksDbOpen(opened, path);
}

bool Says(const absl::Status& status, const std::string& text) {
  return status.message().find(text) != absl::string_view::npos;
}

TEST(FromRocksDbOpenTest, ADamagedTableMetaBlockNamesTheTableNotTheLog) {
  const std::string path = MakeDatabase("table_meta");
  const std::string table = FileOf(path, "", ".sst");
  FlipByteAt(path + "/" + table, 0.97);  // In the table's meta blocks, read at open.
  const absl::Status status = OpenAgain(path);
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
  EXPECT_TRUE(
      Says(status, "refusing to start: table file " + table + " of " + path + " is damaged ("))
      << status;
  EXPECT_FALSE(Says(status, "write-ahead")) << status;
}

TEST(FromRocksDbOpenTest, ADeletedTableIsNamedMissing) {
  const std::string path = MakeDatabase("table_deleted");
  const std::string table = FileOf(path, "", ".sst");
  fs::remove(path + "/" + table);
  const absl::Status status = OpenAgain(path);
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
  EXPECT_TRUE(
      Says(status, "refusing to start: table file " + table + " of " + path + " is missing ("))
      << status;
  EXPECT_FALSE(Says(status, "write-ahead")) << status;
}

TEST(FromRocksDbOpenTest, ATruncatedTableIsNamedDamaged) {
  const std::string path = MakeDatabase("table_truncated");
  const std::string table = FileOf(path, "", ".sst");
  fs::resize_file(path + "/" + table, fs::file_size(path + "/" + table) / 2);
  const absl::Status status = OpenAgain(path);
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
  EXPECT_TRUE(Says(status, "table file " + table + " of " + path + " is damaged")) << status;
}

TEST(FromRocksDbOpenTest, ADamagedManifestIsNamed) {
  const std::string path = MakeDatabase("manifest_damaged");
  const std::string manifest = FileOf(path, "MANIFEST-", "");
  FlipByteAt(path + "/" + manifest, 0.5);
  const absl::Status status = OpenAgain(path);
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
  EXPECT_TRUE(
      Says(status, "refusing to start: the MANIFEST " + manifest + " of " + path + " is damaged ("))
      << status;
  EXPECT_FALSE(Says(status, "write-ahead")) << status;
}

TEST(FromRocksDbOpenTest, ADeletedManifestIsNamedMissingNotUnavailable) {
  const std::string path = MakeDatabase("manifest_deleted");
  const std::string manifest = FileOf(path, "MANIFEST-", "");
  fs::remove(path + "/" + manifest);
  const absl::Status status = OpenAgain(path);
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss) << status;
  EXPECT_TRUE(Says(status, "the MANIFEST " + manifest + " of " + path + " is missing")) << status;
}

TEST(FromRocksDbOpenTest, ADeletedCurrentFileIsNamed) {
  const std::string path = MakeDatabase("current_deleted");
  fs::remove(path + "/CURRENT");
  const absl::Status status = OpenAgain(path);
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
  EXPECT_TRUE(Says(status, "the CURRENT file of " + path + " is missing")) << status;
  EXPECT_FALSE(Says(status, "write-ahead")) << status;
}

TEST(FromRocksDbOpenTest, DamageInsideTheLogIsTheLogsAndNamesItsFiles) {
  const std::string path = MakeDatabase("log_damaged");
  const std::string log = FileOf(path, "", ".log");
  FlipByteAt(path + "/" + log, 0.3);  // Before the end: acknowledged records follow.
  const absl::Status status = OpenAgain(path);
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
  EXPECT_TRUE(Says(status, "the write-ahead log of " + path + " is damaged before its end"))
      << status;
  EXPECT_TRUE(Says(status, "Kept untouched: " + log)) << status;
}

TEST(FromRocksDbOpenTest, AnythingElseIsTranslatedAsUsual) {
  EXPECT_TRUE(FromRocksDbOpen(rocksdb::Status::OK(), "/d").ok());
  const absl::Status busy = FromRocksDbOpen(rocksdb::Status::Busy("x"), "/d");
  EXPECT_EQ(busy.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(busy.message(), "opening data directory /d: Resource busy: x");
}

}  // namespace
}  // namespace interco::storage
