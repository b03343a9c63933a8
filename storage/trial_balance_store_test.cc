#include "storage/trial_balance_store.h"

#include <filesystem>

#include "gtest/gtest.h"
#include "storage/trial_balance_codec.h"

namespace interco::storage {
namespace {

using trial_balance::TrialBalance;
using trial_balance::TrialBalanceHeader;
using trial_balance::TrialBalanceLine;

ledger::Period P(const char* text) { return *ledger::Period::Parse("period", text); }
Decimal D(const char* text) { return *Decimal::Parse(text); }

TrialBalance Version(const char* entity, const char* period, uint64_t version, uint64_t sequence,
                     const char* cash) {
  TrialBalance tb;
  tb.header = {entity, P(period), version, sequence, absl::StrCat("req-", sequence),
               "USD",  "ERP",     7,       2,        D(cash)};
  tb.lines = {{"CASH", "1000", D(cash)}, {"CAPITAL", "3000", *Decimal::Sub(Decimal(), D(cash))}};
  return tb;
}

std::string FreshPath(const char* name) {
  const std::string path = std::string(std::getenv("TEST_TMPDIR")) + "/" + name;
  std::filesystem::remove_all(path);
  return path;
}

TEST(TrialBalanceCodecTest, RoundTripsAndRejectsDamage) {
  const TrialBalance tb = Version("S", "2024-12", 3, 9, "1250.5");
  const std::string header = EncodeTbHeader(tb.header);
  ASSERT_TRUE(DecodeTbHeader(header).ok());
  EXPECT_EQ(*DecodeTbHeader(header), tb.header);
  const std::string lines = EncodeTbLines(tb.lines);
  EXPECT_EQ(*DecodeTbLines(lines), tb.lines);
  for (size_t cut = 0; cut < header.size(); ++cut) {
    EXPECT_EQ(DecodeTbHeader(header.substr(0, cut)).status().code(), absl::StatusCode::kDataLoss);
  }
  for (size_t cut = 0; cut < lines.size(); ++cut) {
    EXPECT_EQ(DecodeTbLines(lines.substr(0, cut)).status().code(), absl::StatusCode::kDataLoss);
  }
  EXPECT_EQ(DecodeTbLines(lines + '\0').status().code(), absl::StatusCode::kDataLoss);
  trial_balance::VersionKey key;
  ASSERT_TRUE(ParseTbVersionSuffix(TbVersionSuffix("S", P("2024-12"), 3), &key));
  EXPECT_EQ(key.entity_id, "S");
  EXPECT_EQ(key.period, P("2024-12"));
  EXPECT_EQ(key.version, 3u);
}

TEST(TrialBalanceStoreTest, VersionsStayReadableAsOfTheirSequenceAfterReopen) {
  const std::string path = FreshPath("tb");
  {
    auto database = Database::Open({.path = path});
    ASSERT_TRUE(database.ok());
    auto store = RocksDbTrialBalanceStore::Open(database->get());
    ASSERT_TRUE(store.ok()) << store.status();
    ASSERT_TRUE((*store)->Append(Version("S", "2024-12", 1, 1, "100")).ok());
    ASSERT_TRUE((*store)->Append(Version("P", "2024-12", 1, 2, "50")).ok());
    ASSERT_TRUE((*store)->Append(Version("S", "2024-12", 2, 3, "110")).ok());
    ASSERT_TRUE((*store)->Append(Version("S", "2024-11", 1, 4, "90")).ok());
  }
  auto database = Database::Open({.path = path});
  ASSERT_TRUE(database.ok());
  auto opened = RocksDbTrialBalanceStore::Open(database->get());
  ASSERT_TRUE(opened.ok());
  auto& store = **opened;
  EXPECT_EQ(store.last_import_sequence(), 4u);
  EXPECT_EQ((*store.FindHeader("S", P("2024-12"), {}))->version, 2u);
  EXPECT_EQ((*store.FindHeader("S", P("2024-12"), {0, 2}))->version, 1u);
  EXPECT_FALSE(store.FindHeader("S", P("2024-12"), {2, 2})->has_value());
  EXPECT_FALSE(store.FindHeader("S", P("2024-10"), {})->has_value());
  EXPECT_EQ((*store.Lines("S", P("2024-12"), 1))[0].balance, D("100"));

  auto found = store.FindByRequest("req-3");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->header.version, 2u);
  EXPECT_FALSE(store.FindByRequest("req-9")->has_value());

  auto all = store.List("", std::nullopt, std::nullopt, 10);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 4u);  // P first, then S by period and version.
  EXPECT_EQ((*all)[0].entity_id, "P");
  EXPECT_EQ((*all)[1].period, P("2024-11"));
  auto after = store.List("S", P("2024-12"), trial_balance::VersionKey{"S", P("2024-12"), 1}, 10);
  ASSERT_EQ(after->size(), 1u);
  EXPECT_EQ((*after)[0].version, 2u);
  EXPECT_EQ(store.List("", P("2024-11"), std::nullopt, 10)->size(), 1u);
}

TEST(TrialBalanceStoreTest, RefusesWhatBreaksItsInvariantsAndWritesNothing) {
  auto database = Database::Open({.path = FreshPath("tb_bad")});
  ASSERT_TRUE(database.ok());
  auto store = *RocksDbTrialBalanceStore::Open(database->get());
  TrialBalance unbalanced = Version("S", "2024-12", 1, 1, "100");
  unbalanced.lines[1].balance = D("-99");
  EXPECT_EQ(store->Append(unbalanced).code(), absl::StatusCode::kInternal);
  EXPECT_EQ(store->Append(Version("S", "2024-12", 2, 1, "100")).code(),
            absl::StatusCode::kInternal);  // Version 2 before 1.
  EXPECT_EQ(store->Append(Version("S", "2024-12", 1, 5, "100")).code(),
            absl::StatusCode::kInternal);  // A gap in the sequence.
  EXPECT_EQ(store->last_import_sequence(), 0u);
  EXPECT_TRUE(store->List("", std::nullopt, std::nullopt, 10)->empty());
}

}  // namespace
}  // namespace interco::storage
