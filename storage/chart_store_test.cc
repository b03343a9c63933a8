#include "storage/chart_store.h"

#include <filesystem>

#include "gtest/gtest.h"
#include "storage/chart_codec.h"

namespace interco::storage {
namespace {

using trial_balance::AccountClass;
using trial_balance::ChartChange;
using trial_balance::ChartMapping;
using trial_balance::EliminationFamily;
using trial_balance::GroupAccount;

std::vector<ChartChange> Sample() {
  GroupAccount investment{"1500",
                          "Investment in subsidiaries",
                          AccountClass::kAsset,
                          "BS.ASSETS.INVESTMENTS",
                          EliminationFamily::kInvestmentEquity,
                          false,
                          true,
                          false,
                          false};
  GroupAccount receivable{"1200",
                          "IC receivables",
                          AccountClass::kAsset,
                          "BS.ASSETS.RECEIVABLES",
                          EliminationFamily::kReceivablePayable,
                          true,
                          false,
                          false,
                          false};
  GroupAccount declared{"3200",
                        "Dividends declared",
                        AccountClass::kEquity,
                        "BS.EQUITY.DIVIDENDS",
                        EliminationFamily::kDividend,
                        false,
                        false,
                        false,
                        true};
  return {
      {"c1", investment},
      {"c2", receivable},
      {"c3", declared},
      {"c4", ChartMapping{"S", absl::CivilDay(2024, 1, 1), {{"100000", "1500"}, {"ü", "1200"}}}}};
}

TEST(ChartCodecTest, RoundTripsAndRejectsDamage) {
  for (const ChartChange& change : Sample()) {
    const std::string bytes = EncodeChartChange(change);
    auto decoded = DecodeChartChange(bytes);
    ASSERT_TRUE(decoded.ok()) << decoded.status();
    EXPECT_TRUE(*decoded == change) << change.request_id;
    for (size_t cut = 0; cut < bytes.size(); ++cut) {
      EXPECT_EQ(DecodeChartChange(bytes.substr(0, cut)).status().code(),
                absl::StatusCode::kDataLoss);
    }
    EXPECT_EQ(DecodeChartChange(bytes + '\0').status().code(), absl::StatusCode::kDataLoss);
  }
}

TEST(ChartStoreTest, SurvivesReopen) {
  const std::string path = std::string(std::getenv("TEST_TMPDIR")) + "/chart";
  std::filesystem::remove_all(path);
  {
    auto database = Database::Open({.path = path});
    ASSERT_TRUE(database.ok());
    auto store = NewChartStore(database->get());
    uint64_t version = 0;
    for (const auto& change : Sample()) ASSERT_TRUE(store->Append(++version, change).ok());
  }
  auto database = Database::Open({.path = path});
  ASSERT_TRUE(database.ok());
  auto loaded = NewChartStore(database->get())->LoadAll();
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_TRUE(*loaded == Sample());
}

}  // namespace
}  // namespace interco::storage
