#include "storage/pricing_store.h"

#include <filesystem>

#include "gtest/gtest.h"
#include "services/pricing/test_policies.h"
#include "storage/pricing_codec.h"

namespace interco::storage {
namespace {

using pricing::testing::Dec;

std::vector<pricing::PricingChange> Sample() {
  pricing::Policy full = pricing::testing::CostPlusPolicy("p1", "0.123456789012");
  full.pattern.seller_id = "A";
  full.pattern.buyer_id = "B-IT";
  full.pattern.transaction_type = pricing::TransactionType::kEmployeeSale;
  full.pattern.category = "électronique";
  full.pattern.valid_to = absl::CivilDay(2030, 12, 31);
  full.priority = -7;
  full.comparables = {Dec("0.05"), Dec("-0.01"), Dec("0.2"), Dec("0.07")};
  full.range = pricing::RangeStrategy::kUsInterquartile;
  full.rounding = RoundingMode::kHalfUp;
  full.reject_out_of_range = true;
  pricing::FxRate closing{"EUR",
                          "JPY",
                          pricing::RateType::kClosing,
                          absl::CivilDay(2024, 1, 1),
                          absl::CivilDay(2024, 2, 1),
                          Dec("160.123456789012")};
  return {{"r1", pricing::testing::CostPlusPolicy("p0")},
          {"r2", full},
          {"r3", closing},
          {"r4", pricing::PeriodStatus{"A", *ledger::Period::Parse("p", "2024-05"), true, true}},
          {"r5", ledger::EntityAccountMap{
                     "B",
                     {{pricing::TransactionType::kServices,
                       {{"1311 IC recv", "4021 IC fees"}, {"6021 IC fees", "2311 IC pay"}}}}}}};
}

TEST(PricingCodecTest, RoundTripsAndRejectsDamage) {
  for (const pricing::PricingChange& change : Sample()) {
    const std::string bytes = EncodePricingChange(change);
    auto decoded = DecodePricingChange(bytes);
    ASSERT_TRUE(decoded.ok()) << decoded.status();
    EXPECT_TRUE(*decoded == change) << change.request_id;
    for (size_t cut = 0; cut < bytes.size(); ++cut) {
      EXPECT_EQ(DecodePricingChange(bytes.substr(0, cut)).status().code(),
                absl::StatusCode::kDataLoss);
    }
    EXPECT_EQ(DecodePricingChange(bytes + '\0').status().code(), absl::StatusCode::kDataLoss);
  }
}

TEST(PricingStoreTest, SurvivesReopen) {
  const std::string path = std::string(std::getenv("TEST_TMPDIR")) + "/pricing";
  std::filesystem::remove_all(path);
  {
    auto database = Database::Open({.path = path});
    ASSERT_TRUE(database.ok());
    auto store = NewPricingStore(database->get());
    uint64_t version = 0;
    for (const auto& change : Sample()) ASSERT_TRUE(store->Append(++version, change).ok());
  }
  auto database = Database::Open({.path = path});
  ASSERT_TRUE(database.ok());
  auto loaded = NewPricingStore(database->get())->LoadAll();
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_TRUE(*loaded == Sample());
}

}  // namespace
}  // namespace interco::storage
