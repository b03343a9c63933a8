#include "storage/group_catalog_store.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "gtest/gtest.h"
#include "storage/database.h"

namespace interco::storage {
namespace {

namespace fs = std::filesystem;
using tenancy::GroupRecord;
using tenancy::GroupRequest;

std::string FreshDir(const std::string& name) {
  const fs::path dir = fs::path(std::getenv("TEST_TMPDIR")) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

TEST(GroupCatalogStoreTest, RecordsAndRequestsSurviveReopening) {
  const std::string dir = FreshDir("catalog");
  GroupRecord record;
  record.id = "acme";
  record.display_name = "Acme Holdings";
  record.create_time = absl::FromUnixSeconds(1'800'000'000);
  record.create_request_id = "req-1";
  record.checkpoint_sequence = 42;
  {
    auto catalog = GroupCatalogStore::Open(dir);
    ASSERT_TRUE(catalog.ok()) << catalog.status();
    ASSERT_TRUE((*catalog)
                    ->Put(record, "req-1",
                          GroupRequest{GroupRequest::Kind::kCreate, "acme", "Acme Holdings", 0})
                    .ok());
    GroupRecord other;
    other.id = "globex";
    ASSERT_TRUE((*catalog)->Put(other, "", GroupRequest{}).ok());
  }
  auto catalog = GroupCatalogStore::Open(dir);
  ASSERT_TRUE(catalog.ok());
  auto all = (*catalog)->LoadAll();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].id, "acme");
  EXPECT_EQ((*all)[0].display_name, "Acme Holdings");
  EXPECT_EQ((*all)[0].create_time, record.create_time);
  EXPECT_EQ((*all)[0].checkpoint_sequence, 42u);
  EXPECT_FALSE((*all)[1].checkpoint_sequence.has_value());
  auto request = (*catalog)->FindRequest("req-1");
  ASSERT_TRUE(request.ok() && request->has_value());
  EXPECT_EQ((*request)->group_id, "acme");
  ASSERT_TRUE(
      (*catalog)
          ->Remove("acme", "req-2", GroupRequest{GroupRequest::Kind::kDelete, "acme", "", 9})
          .ok());
  EXPECT_EQ((*catalog)->LoadAll()->size(), 1u);
  EXPECT_EQ((*(*catalog)->FindRequest("req-2"))->ledger_sequence, 9u);
  EXPECT_FALSE((*catalog)->FindRequest("nope")->has_value());
}

TEST(GroupDirectoriesTest, CreateOpenRemove) {
  const std::string dir = FreshDir("dirs");
  GroupDirectories groups(dir, DatabaseOptions{});
  EXPECT_EQ(groups.OpenExisting("acme").status().code(), absl::StatusCode::kDataLoss);
  ASSERT_TRUE(groups.Create("acme").ok());
  ASSERT_TRUE(groups.Create("globex").ok());
  EXPECT_EQ(*groups.List(), (std::vector<std::string>{"acme", "globex"}));
  {
    auto database = groups.OpenExisting("acme");
    ASSERT_TRUE(database.ok()) << database.status();
  }
  ASSERT_TRUE(groups.Remove("acme").ok());
  EXPECT_EQ(*groups.List(), std::vector<std::string>{"globex"});
  EXPECT_FALSE(fs::exists(fs::path(dir) / "groups" / "acme"));
  EXPECT_TRUE(groups.Remove("acme").ok());  // Idempotent.
}

TEST(AdoptSingleGroupLayoutTest, ASingleGroupDirectoryBecomesDefault) {
  const std::string dir = FreshDir("legacy");
  {
    auto database = Database::Open({.path = dir});
    ASSERT_TRUE(database.ok());
  }
  auto moved = AdoptSingleGroupLayout(dir);
  ASSERT_TRUE(moved.ok()) << moved.status();
  EXPECT_TRUE(*moved);
  EXPECT_FALSE(fs::exists(fs::path(dir) / "CURRENT"));
  EXPECT_TRUE(fs::exists(fs::path(dir) / "groups" / "default" / "CURRENT"));
  EXPECT_FALSE(*AdoptSingleGroupLayout(dir));  // Done once.
  GroupDirectories groups(dir, DatabaseOptions{});
  EXPECT_TRUE(groups.OpenExisting("default").ok());
}

TEST(AdoptSingleGroupLayoutTest, AMoveACrashInterruptedIsFinished) {
  const std::string dir = FreshDir("half");
  {
    auto database = Database::Open({.path = dir});
    ASSERT_TRUE(database.ok());
  }
  // As if the crash came after CURRENT moved and before the rest did.
  fs::create_directories(fs::path(dir) / "groups" / ".adopting-default");
  fs::rename(fs::path(dir) / "CURRENT", fs::path(dir) / "groups" / ".adopting-default" / "CURRENT");
  ASSERT_TRUE(*AdoptSingleGroupLayout(dir));
  GroupDirectories groups(dir, DatabaseOptions{});
  EXPECT_TRUE(groups.OpenExisting("default").ok());
}

TEST(AdoptSingleGroupLayoutTest, ANewDirectoryIsLeftAlone) {
  const std::string dir = FreshDir("new");
  EXPECT_FALSE(*AdoptSingleGroupLayout(dir));
  EXPECT_FALSE(fs::exists(fs::path(dir) / "groups"));
}

}  // namespace
}  // namespace interco::storage
