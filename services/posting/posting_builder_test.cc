#include "services/posting/posting_builder.h"

#include "gtest/gtest.h"
#include "services/group/test_structures.h"
#include "services/pricing/test_policies.h"

namespace interco::posting {

using ledger::AccountMapping;
using ledger::EntityAccountMap;
using ledger::LedgerLine;
using ledger::Posting;
using ledger::Side;
namespace {

using group::testing::Edge;
using group::testing::Entity;
using pricing::testing::Dec;

const absl::CivilDay kDay(2024, 6, 30);

// P (EUR) holds A (EUR) and B (USD); A has departments IT and HR; ann works for B.
class PostingBuilderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const auto& e : {Entity("P"), Entity("A"), Entity("B", "USD")}) {
      ASSERT_TRUE(structure_.Apply(e).ok());
    }
    ASSERT_TRUE(structure_.Apply(Edge("P", "A", "1")).ok());
    ASSERT_TRUE(structure_.Apply(Edge("P", "B", "1")).ok());
    ASSERT_TRUE(structure_.Apply(group::Department{"A-IT", "A", "IT"}).ok());
    ASSERT_TRUE(structure_.Apply(group::Department{"A-HR", "A", "HR"}).ok());
    ASSERT_TRUE(structure_.Apply(group::Employee{"ann", "B", "Ann"}).ok());
    ASSERT_TRUE(book_.Apply(pricing::testing::CostPlusPolicy("cp")).ok());
    ASSERT_TRUE(book_.Apply(pricing::testing::SpotRate("EUR", "USD", "1.1", kDay)).ok());
  }
  absl::StatusOr<Posting> Build(group::Party seller, group::Party buyer,
                                std::optional<Decimal> price = std::nullopt) {
    pricing::QuoteRequest request;
    request.seller = seller;
    request.buyer = buyer;
    request.date = kDay;
    request.quantity = Dec("2");
    request.currency = "EUR";
    request.inputs["cost"] = Dec("50");
    request.tested_unit_price = price;
    auto quote = pricing::PriceTransaction(structure_, book_, request);
    if (!quote.ok()) return quote.status();
    return BuildPosting("T1", request, *quote, book_);
  }
  group::GroupStructure structure_{group::OwnershipThresholds{}};
  pricing::PricingBook book_;
};

std::string Describe(const LedgerLine& l) {
  return absl::StrCat(l.entity_id, " ", l.side == Side::kDebit ? "Dr " : "Cr ", l.account, " ",
                      l.amount.ToString(), " ", l.currency, " = ", l.functional_amount.ToString(),
                      " ", l.functional_currency, " cp ", l.counterparty_id);
}

std::vector<std::string> Lines(const Posting& posting) {
  std::vector<std::string> lines;
  for (const LedgerLine& line : posting.lines) lines.push_back(Describe(line));
  return lines;
}

TEST_F(PostingBuilderTest, IntercompanyGoodsBooksBothEntitiesBalanced) {
  auto posting = Build({group::PartyKind::kEntity, "A"}, {group::PartyKind::kEntity, "B"});
  ASSERT_TRUE(posting.ok()) << posting.status();
  EXPECT_EQ(Lines(*posting), (std::vector<std::string>{
                                 "A Dr 1310 IC receivable 108 EUR = 108 EUR cp B",
                                 "A Cr 4010 IC revenue goods 108 EUR = 108 EUR cp B",
                                 "B Dr 1400 inventory 108 EUR = 118.8 USD cp A",
                                 "B Cr 2310 IC payable 108 EUR = 118.8 USD cp A",
                             }));
  EXPECT_EQ(posting->lines[0].period.ToString(), "2024-06");
  EXPECT_EQ(posting->policy_id, "cp");
  EXPECT_EQ(posting->relation, group::Relation::kIntercompany);
}

TEST_F(PostingBuilderTest, AnEntitysOwnAccountMapReplacesTheDefaultsForItsSide) {
  ASSERT_TRUE(book_
                  .Apply(EntityAccountMap{"B",
                                          {{pricing::TransactionType::kGoods,
                                            {{"x", "y"}, {"1410 IC stock", "2311 IC payable"}}}}})
                  .ok());
  auto posting = Build({group::PartyKind::kEntity, "A"}, {group::PartyKind::kEntity, "B"});
  ASSERT_TRUE(posting.ok()) << posting.status();
  EXPECT_EQ(posting->lines[0].account, "1310 IC receivable") << "A keeps the defaults";
  EXPECT_EQ(posting->lines[2].account, "1410 IC stock");
  EXPECT_EQ(posting->lines[3].account, "2311 IC payable");
}

TEST_F(PostingBuilderTest, DepartmentsOfOneEntityChargeAndRelieve) {
  auto posting =
      Build({group::PartyKind::kDepartment, "A-IT"}, {group::PartyKind::kDepartment, "A-HR"});
  ASSERT_TRUE(posting.ok()) << posting.status();
  EXPECT_EQ(Lines(*posting), (std::vector<std::string>{
                                 "A Dr 6990 internal allocations 108 EUR = 108 EUR cp A-IT",
                                 "A Cr 6991 internal allocation relief 108 EUR = 108 EUR cp A-HR",
                             }));
}

TEST_F(PostingBuilderTest, EmployeePurchaseIsBookedOnTheSellersSideOnly) {
  auto posting = Build({group::PartyKind::kEntity, "A"}, {group::PartyKind::kEmployee, "ann"});
  ASSERT_TRUE(posting.ok()) << posting.status();
  EXPECT_EQ(Lines(*posting), (std::vector<std::string>{
                                 "A Dr 1250 receivable from employees 108 EUR = 108 EUR cp ann",
                                 "A Cr 4000 revenue 108 EUR = 108 EUR cp ann",
                             }));
}

TEST_F(PostingBuilderTest, ExternalSaleIsBookedOnTheGroupSideAtItsStatedPrice) {
  auto posting =
      Build({group::PartyKind::kEntity, "B"}, {group::PartyKind::kExternal, "cust-1"}, Dec("30"));
  ASSERT_TRUE(posting.ok()) << posting.status();
  EXPECT_EQ(Lines(*posting), (std::vector<std::string>{
                                 "B Dr 1200 trade receivable 60 EUR = 66 USD cp cust-1",
                                 "B Cr 4000 revenue 60 EUR = 66 USD cp cust-1",
                             }));
  EXPECT_TRUE(posting->policy_id.empty());
  EXPECT_EQ(Build({group::PartyKind::kEntity, "B"}, {group::PartyKind::kExternal, "cust-1"})
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace interco::posting
