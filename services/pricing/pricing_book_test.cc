#include "services/pricing/pricing_book.h"

#include "gtest/gtest.h"
#include "services/common/field_error.h"
#include "services/pricing/test_policies.h"

namespace interco::pricing {
namespace {

using testing::CostPlusPolicy;
using testing::Dec;

MatchKey Key(const char* seller, const char* buyer, const char* category = "") {
  return {
      seller, seller, buyer, buyer, TransactionType::kGoods, category, absl::CivilDay(2024, 6, 30)};
}

class PricingBookTest : public ::testing::Test {
 protected:
  absl::Status Upsert(const PricingBody& body) { return book_.Apply(body).status(); }
  std::string Winner(const MatchKey& key) {
    auto governing = book_.Match(key);
    return governing.ok() ? governing->policy->id : std::string(governing.status().message());
  }
  PricingBook book_;
};

TEST_F(PricingBookTest, MostSpecificWinsThenPriority) {
  ASSERT_TRUE(Upsert(CostPlusPolicy("any")).ok());
  Policy seller = CostPlusPolicy("seller-A");
  seller.pattern.seller_id = "A";
  ASSERT_TRUE(Upsert(seller).ok());
  Policy goods = CostPlusPolicy("A-goods-electronics");
  goods.pattern.seller_id = "A";
  goods.pattern.transaction_type = TransactionType::kGoods;
  goods.pattern.category = "electronics";
  ASSERT_TRUE(Upsert(goods).ok());
  EXPECT_EQ(Winner(Key("B", "C")), "any");
  EXPECT_EQ(Winner(Key("A", "C")), "seller-A");
  EXPECT_EQ(Winner(Key("A", "C", "electronics")), "A-goods-electronics");

  Policy buyer = CostPlusPolicy("buyer-C");
  buyer.pattern.buyer_id = "C";
  buyer.priority = 10;  // Equally specific as seller-A, so it needs a priority.
  ASSERT_TRUE(Upsert(buyer).ok());
  EXPECT_EQ(Winner(Key("A", "C")), "buyer-C");
}

TEST_F(PricingBookTest, EquallySpecificEqualPriorityOverlapIsAConflictAtUpsert) {
  Policy seller = CostPlusPolicy("seller-A");
  seller.pattern.seller_id = "A";
  ASSERT_TRUE(Upsert(seller).ok());
  Policy buyer = CostPlusPolicy("buyer-C");
  buyer.pattern.buyer_id = "C";
  const absl::Status status = Upsert(buyer);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(GetErrorDetail(status)->reason, "POLICY_CONFLICT");
  EXPECT_EQ(book_.policy_count(), 1u);
  // Disjoint validity is no conflict; nor is re-upserting the same policy id.
  buyer.pattern.valid_from = absl::CivilDay(2010, 1, 1);
  buyer.pattern.valid_to = absl::CivilDay(2015, 1, 1);
  EXPECT_TRUE(Upsert(buyer).ok());
  seller.parameters["markup"] = Dec("0.1");
  EXPECT_TRUE(Upsert(seller).ok());
}

TEST_F(PricingBookTest, NoMatchIsFailedPrecondition) {
  Policy seller = CostPlusPolicy("seller-A");
  seller.pattern.seller_id = "A";
  ASSERT_TRUE(Upsert(seller).ok());
  const absl::Status status = book_.Match(Key("B", "C")).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(GetErrorDetail(status)->reason, "NO_POLICY");
  EXPECT_EQ(status.message(),
            "no transfer-pricing policy governs seller B, buyer C, GOODS on "
            "2024-06-30");
}

TEST_F(PricingBookTest, PolicyVersionIsTheVersionThatLastChangedIt) {
  ASSERT_TRUE(Upsert(CostPlusPolicy("p")).ok());
  ASSERT_TRUE(Upsert(testing::SpotRate("EUR", "USD", "1.1", absl::CivilDay(2024, 6, 30))).ok());
  EXPECT_EQ(book_.Match(Key("A", "B"))->policy_version, 1u);
  ASSERT_TRUE(Upsert(CostPlusPolicy("p", "0.1")).ok());
  EXPECT_EQ(book_.Match(Key("A", "B"))->policy_version, 3u);
  EXPECT_EQ(book_.version(), 3u);
}

TEST_F(PricingBookTest, CopiesAreIndependent) {
  ASSERT_TRUE(Upsert(CostPlusPolicy("p")).ok());
  PricingBook copy(book_);
  ASSERT_TRUE(copy.Apply(CostPlusPolicy("p", "0.2")).ok());
  EXPECT_EQ(book_.Match(Key("A", "B"))->policy->parameters.at("markup").ToString(), "0.08");
  EXPECT_EQ(copy.Match(Key("A", "B"))->policy->parameters.at("markup").ToString(), "0.2");
}

TEST_F(PricingBookTest, BadPoliciesAreInvalidArgumentNamingTheField) {
  const struct {
    std::function<void(Policy&)> edit;
    const char* field;
  } kCases[] = {
      {[](Policy& p) { p.id = ""; }, "policy_id"},
      {[](Policy& p) { p.pattern.seller_id = "bad id"; }, "pattern.seller_id"},
      {[](Policy& p) { p.pattern.category = std::string(65, 'c'); }, "pattern.category"},
      {[](Policy& p) { p.pattern.valid_to = absl::CivilDay(2019, 1, 1); },
       "pattern.validity.valid_to"},
      {[](Policy& p) { p.parameters["markup"] = Dec("-2"); }, "parameters[markup]"},
      {[](Policy& p) { p.priority = 2000000; }, "priority"},
      {[](Policy& p) {
         p.range = RangeStrategy::kUsInterquartile;
         p.comparables = {Dec("0.05"), Dec("0.06"), Dec("0.07")};
       },
       "comparables"},
      {[](Policy& p) { p.comparables = {Dec("0.05")}; }, "range_strategy"},
      {[](Policy& p) {
         p.method = Method::kLowValueServices;
         p.parameters.clear();
         p.range = RangeStrategy::kFullRange;
         p.comparables = {Dec("0.05"), Dec("0.06")};
       },
       "range_strategy"},
  };
  for (const auto& c : kCases) {
    Policy policy = CostPlusPolicy("p");
    c.edit(policy);
    const absl::Status status = Upsert(policy);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.field;
    EXPECT_EQ(GetErrorDetail(status)->field, c.field) << status;
  }
  EXPECT_EQ(book_.version(), 0u);
}

TEST_F(PricingBookTest, ReadsSeeEachRecordWithTheVersionThatLastWroteIt) {
  ASSERT_TRUE(Upsert(CostPlusPolicy("goods")).ok());  // 1
  ASSERT_TRUE(
      Upsert(testing::SpotRate("EUR", "USD", "1.1", absl::CivilDay(2024, 6, 28))).ok());  // 2
  ASSERT_TRUE(
      Upsert(PeriodStatus{"A", *ledger::Period::Parse("p", "2024-05"), true, true}).ok());  // 3
  ASSERT_TRUE(Upsert(ledger::EntityAccountMap{
                         "A", {{TransactionType::kGoods, {{"1310", "4010"}, {"5010", "2310"}}}}})
                  .ok());  // 4
  ASSERT_TRUE(
      Upsert(testing::SpotRate("EUR", "USD", "1.2", absl::CivilDay(2024, 6, 28))).ok());  // 5

  EXPECT_EQ(book_.policies().at("goods").policy_version, 1u);
  ASSERT_EQ(book_.fx_rates().size(), 1u);  // The correction replaced the rate of that day.
  const auto& rate = book_.fx_rates().begin()->second;
  EXPECT_EQ(rate.version, 5u);
  EXPECT_EQ(rate.record.rate, Dec("1.2"));
  const auto& closed = book_.closed_periods().at({"A", *ledger::Period::Parse("p", "2024-05")});
  EXPECT_TRUE(closed.roll_forward);
  EXPECT_EQ(closed.version, 3u);
  EXPECT_EQ(book_.account_maps().find("A")->second.version, 4u);

  ASSERT_TRUE(Upsert(PeriodStatus{"A", *ledger::Period::Parse("p", "2024-05"), false, false})
                  .ok());  // 6: reopened.
  EXPECT_TRUE(book_.closed_periods().empty());
  PricingBook copy(book_);
  EXPECT_EQ(copy.fx_rates().begin()->second.version, 5u);
}

}  // namespace
}  // namespace interco::pricing
