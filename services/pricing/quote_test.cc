#include "services/pricing/quote.h"

#include "gtest/gtest.h"
#include "services/common/field_error.h"
#include "services/group/test_structures.h"
#include "services/pricing/test_policies.h"

namespace interco::pricing {
namespace {

using group::testing::Edge;
using group::testing::Entity;
using testing::CostPlusPolicy;
using testing::Dec;
using testing::SpotRate;

const absl::CivilDay kDay(2024, 6, 30);

group::Party E(const char* id) { return {group::PartyKind::kEntity, id}; }

// P (EUR) holds 100% of A (EUR) and B (USD) and 30% of the associate S (JPY); O (EUR) is
// an outsider. A has departments A-IT and A-HR; ann works for B.
class QuoteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const auto& entity :
         {Entity("P"), Entity("A"), Entity("B", "USD"), Entity("S", "JPY"), Entity("O")}) {
      ASSERT_TRUE(structure_.Apply(entity).ok());
    }
    for (const auto& edge : {Edge("P", "A", "1"), Edge("P", "B", "1"), Edge("P", "S", "0.3")}) {
      ASSERT_TRUE(structure_.Apply(edge).ok());
    }
    ASSERT_TRUE(structure_.Apply(group::Department{"A-IT", "A", "IT"}).ok());
    ASSERT_TRUE(structure_.Apply(group::Department{"A-HR", "A", "HR"}).ok());
    ASSERT_TRUE(structure_.Apply(group::Employee{"ann", "B", "Ann"}).ok());
    Upsert(SpotRate("EUR", "USD", "1.1", kDay));
    Upsert(SpotRate("EUR", "JPY", "160", kDay));
    Policy goods = CostPlusPolicy("goods");
    goods.pattern.transaction_type = TransactionType::kGoods;
    Upsert(goods);
  }
  void Upsert(const PricingBody& body) {
    const absl::Status status = book_.Apply(body).status();
    ASSERT_TRUE(status.ok()) << status;
  }
  QuoteRequest Request(group::Party seller, group::Party buyer, const char* cost = "100") {
    QuoteRequest request;
    request.seller = seller;
    request.buyer = buyer;
    request.date = kDay;
    request.quantity = Dec("3");
    request.currency = "EUR";
    request.inputs["cost"] = Dec(cost);
    return request;
  }
  absl::StatusOr<Quote> Price(const QuoteRequest& request) {
    return PriceTransaction(structure_, book_, request);
  }

  group::GroupStructure structure_{group::OwnershipThresholds{}};
  PricingBook book_;
};

TEST_F(QuoteTest, CostPlusInTransactionAndBothFunctionalCurrencies) {
  auto quote = Price(Request(E("A"), E("B")));
  ASSERT_TRUE(quote.ok()) << quote.status();
  EXPECT_TRUE(quote->transfer_pricing_applies);
  EXPECT_EQ(quote->policy_id, "goods");
  EXPECT_EQ(quote->unit_price.ToString(), "108");
  EXPECT_EQ(quote->total.ToString(), "324");
  ASSERT_EQ(quote->functional.size(), 2u);
  EXPECT_EQ(quote->functional[0].entity_id, "A");
  EXPECT_EQ(quote->functional[0].conversion.method, "same currency");
  EXPECT_EQ(quote->functional[1].currency, "USD");
  EXPECT_EQ(quote->functional[1].unit_price.ToString(), "118.8");
  EXPECT_EQ(quote->functional[1].total.ToString(), "356.4");
  EXPECT_EQ(quote->functional[1].conversion.method, "direct EUR/USD");
  EXPECT_EQ(quote->explanation, "cost 100 x (1 + markup 0.08) = 108");
}

TEST_F(QuoteTest, RegulationRangeAdjustsAnOutsidePriceToTheMedian) {
  Policy cup;
  cup.id = "cup";
  cup.pattern.seller_id = "A";
  cup.pattern.valid_from = absl::CivilDay(2020, 1, 1);
  cup.priority = 10;  // "goods" is as specific and could also govern A -> B goods.
  cup.method = Method::kCup;
  cup.range = RangeStrategy::kUsInterquartile;
  cup.comparables = {Dec("42"), Dec("44"), Dec("45"), Dec("47.50")};
  Upsert(cup);
  QuoteRequest request = Request(E("A"), E("B"));
  request.inputs.clear();
  request.tested_unit_price = Dec("47");
  auto quote = Price(request);
  ASSERT_TRUE(quote.ok()) << quote.status();
  EXPECT_EQ(quote->policy_id, "cup");
  EXPECT_EQ(quote->price_range->low.ToString(), "43");
  EXPECT_EQ(quote->price_range->median.ToString(), "44.5");
  EXPECT_EQ(quote->price_range->high.ToString(), "46.25");
  EXPECT_FALSE(*quote->tested_price_in_range);
  EXPECT_EQ(quote->unit_price.ToString(), "44.5");
  EXPECT_EQ(quote->adjustment.ToString(), "-2.5");

  request.tested_unit_price = Dec("45");
  quote = Price(request);
  EXPECT_TRUE(*quote->tested_price_in_range);
  EXPECT_EQ(quote->unit_price.ToString(), "45");
  EXPECT_EQ(quote->adjustment.ToString(), "0");
}

TEST_F(QuoteTest, ResaleMinusRangeIsSortedInPriceTerms) {
  Policy resale;
  resale.id = "resale";
  resale.pattern.seller_id = "A";
  resale.pattern.valid_from = absl::CivilDay(2020, 1, 1);
  resale.priority = 10;
  resale.method = Method::kResaleMinus;
  resale.range = RangeStrategy::kFullRange;
  resale.comparables = {Dec("0.2"), Dec("0.3")};
  Upsert(resale);
  QuoteRequest request = Request(E("A"), E("B"));
  request.inputs = {{"resale_price", Dec("100")}};
  auto quote = Price(request);
  ASSERT_TRUE(quote.ok()) << quote.status();
  EXPECT_EQ(quote->price_range->low.ToString(), "70");
  EXPECT_EQ(quote->price_range->high.ToString(), "80");
  EXPECT_EQ(quote->unit_price.ToString(), "75");
  // The same range in the indicator's terms, in the comparables' order: margins 20% to 30%.
  EXPECT_EQ(quote->indicator, "gross_margin");
  ASSERT_TRUE(quote->indicator_range.has_value());
  EXPECT_EQ(quote->indicator_range->low.ToString(), "0.2");
  EXPECT_EQ(quote->indicator_range->median.ToString(), "0.25");
  EXPECT_EQ(quote->indicator_range->high.ToString(), "0.3");
}

TEST_F(QuoteTest, ExternalTransactionsGetNoTransferPricing) {
  auto quote = Price(Request(E("A"), E("O")));
  ASSERT_TRUE(quote.ok()) << quote.status();
  EXPECT_FALSE(quote->transfer_pricing_applies);
  EXPECT_TRUE(quote->policy_id.empty());
  EXPECT_EQ(quote->explanation,
            "no transfer pricing applies: external: A and O are not related through ownership "
            "on 2024-06-30");
}

TEST_F(QuoteTest, ExternalTransactionAtAStatedPriceIsConvertedForTheGroupSide) {
  QuoteRequest request = Request(E("B"), {group::PartyKind::kExternal, "customer-9"});
  request.inputs.clear();
  request.tested_unit_price = Dec("19.995");
  auto quote = Price(request);
  ASSERT_TRUE(quote.ok()) << quote.status();
  EXPECT_FALSE(quote->transfer_pricing_applies);
  EXPECT_EQ(quote->unit_price.ToString(), "20");  // 19.995 -> 20.00 half-even.
  EXPECT_EQ(quote->total.ToString(), "60");
  ASSERT_EQ(quote->functional.size(), 1u);
  EXPECT_EQ(quote->functional[0].entity_id, "B");
  EXPECT_EQ(quote->functional[0].total.ToString(), "66");
}

TEST_F(QuoteTest, TriangulatesThroughTheParentsCurrencyAndRoundsJpyToWholeYen) {
  Policy services = CostPlusPolicy("services", "0.05");
  services.pattern.transaction_type = TransactionType::kServices;
  Upsert(services);
  QuoteRequest request = Request(E("A"), E("S"), "33.33");
  request.transaction_type = TransactionType::kServices;
  request.currency = "USD";
  auto quote = Price(request);
  ASSERT_TRUE(quote.ok()) << quote.status();
  EXPECT_EQ(quote->unit_price.ToString(), "35");  // 33.33 x 1.05 = 34.9965 -> 35.00 USD.
  ASSERT_EQ(quote->functional.size(), 2u);
  EXPECT_EQ(quote->functional[1].entity_id, "S");
  EXPECT_EQ(quote->functional[1].conversion.method, "inverse of EUR/USD then direct EUR/JPY");
  // 35 USD x 160/1.1 = 5090.909... -> 5091 JPY; the total 105 USD -> 15272.727... -> 15273.
  EXPECT_EQ(quote->functional[1].unit_price.ToString(), "5091");
  EXPECT_EQ(quote->functional[1].total.ToString(), "15273");
}

TEST_F(QuoteTest, DepartmentCostAllocationAndEmployeeDiscount) {
  Policy allocation;
  allocation.id = "it-hours";
  allocation.pattern.seller_id = "A-IT";
  allocation.pattern.transaction_type = TransactionType::kCostAllocation;
  allocation.pattern.valid_from = absl::CivilDay(2020, 1, 1);
  allocation.method = Method::kCostAllocation;
  Upsert(allocation);
  QuoteRequest request =
      Request({group::PartyKind::kDepartment, "A-IT"}, {group::PartyKind::kDepartment, "A-HR"});
  request.transaction_type = TransactionType::kCostAllocation;
  request.inputs = {{"hourly_rate", Dec("85")}};
  request.quantity = Dec("10");
  auto quote = Price(request);
  ASSERT_TRUE(quote.ok()) << quote.status();
  EXPECT_EQ(quote->classification.relation, group::Relation::kSameEntity);
  EXPECT_EQ(quote->total.ToString(), "850");

  Policy discount;
  discount.id = "staff";
  discount.pattern.transaction_type = TransactionType::kEmployeeSale;
  discount.pattern.valid_from = absl::CivilDay(2020, 1, 1);
  discount.method = Method::kEmployeeDiscount;
  discount.parameters = {{"discount", Dec("0.3")}, {"discount_cap", Dec("0.25")}};
  Upsert(discount);
  request = Request(E("B"), {group::PartyKind::kEmployee, "ann"});
  request.transaction_type = TransactionType::kEmployeeSale;
  request.currency = "USD";
  request.quantity = Dec("1");
  request.inputs = {{"list_price", Dec("999.99")}};
  quote = Price(request);
  ASSERT_TRUE(quote.ok()) << quote.status();
  EXPECT_EQ(quote->classification.relation, group::Relation::kEmployee);
  EXPECT_EQ(quote->unit_price.ToString(), "749.99");  // 749.9925 -> 749.99.
}

TEST_F(QuoteTest, ASaleToAnEmployeeNeedsNoRateIntoTheEmployersCurrency) {
  // A (EUR) sells to ann, who works for B (USD), on a day without a EUR/USD rate: only A
  // books the sale, in EUR.
  QuoteRequest request = Request(E("A"), {group::PartyKind::kEmployee, "ann"});
  request.date = absl::CivilDay(2024, 3, 1);
  auto quote = Price(request);
  ASSERT_TRUE(quote.ok()) << quote.status();
  EXPECT_EQ(quote->classification.relation, group::Relation::kEmployee);
  ASSERT_EQ(quote->functional.size(), 1u);
  EXPECT_EQ(quote->functional[0].entity_id, "A");
  EXPECT_EQ(quote->functional[0].conversion.method, "same currency");
  // The seller's own rate is still required.
  request = Request(E("B"), {group::PartyKind::kEmployee, "ann"});
  request.date = absl::CivilDay(2024, 3, 1);
  EXPECT_EQ(Price(request).status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(QuoteTest, FailuresNameTheirCause) {
  QuoteRequest request = Request(E("A"), E("B"));
  request.quantity = Decimal();
  EXPECT_EQ(GetErrorDetail(Price(request).status())->field, "quantity");
  request = Request(E("A"), E("B"));
  request.currency = "EURO";
  EXPECT_EQ(GetErrorDetail(Price(request).status())->field, "currency_code");
  request = Request(E("A"), E("B"), "-5");
  EXPECT_EQ(GetErrorDetail(Price(request).status())->field, "inputs[cost]");

  request = Request(E("A"), E("B"));
  request.transaction_type = TransactionType::kRoyalty;
  EXPECT_EQ(Price(request).status().code(), absl::StatusCode::kFailedPrecondition);

  request = Request(E("A"), E("B"));
  request.date = kDay + 1;  // No rate that day.
  const absl::Status missing = Price(request).status();
  EXPECT_EQ(missing.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(missing.message(),
            "no SPOT rate for EUR/USD on 2024-07-01 (direct, inverse, or through EUR)");
}

}  // namespace
}  // namespace interco::pricing
