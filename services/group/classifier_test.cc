#include "services/group/classifier.h"

#include "gtest/gtest.h"
#include "services/common/field_error.h"
#include "services/group/test_structures.h"

namespace interco::group {
namespace {

using testing::Add;
using testing::Edge;
using testing::Entity;

Party E(const std::string& id) { return {PartyKind::kEntity, id}; }
Party Dept(const std::string& id) { return {PartyKind::kDepartment, id}; }
Party Emp(const std::string& id) { return {PartyKind::kEmployee, id}; }
Party Ext(const std::string& id) { return {PartyKind::kExternal, id}; }

const absl::CivilDay kDay(2024, 6, 30);

// P holds 80% of A and 100% of B; A holds 60% of C; P holds 30% of the associate S;
// O is an outsider; Q acquires 70% of T on 2024-03-01 and disposes of it on 2024-09-01.
class ClassifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* id : {"P", "A", "B", "C", "S", "O", "Q", "T"}) {
      ASSERT_TRUE(Add(structure_, Entity(id)).ok());
    }
    for (const OwnershipEdge& edge :
         {Edge("P", "A", "0.8"), Edge("P", "B", "1"), Edge("A", "C", "0.6"), Edge("P", "S", "0.3"),
          Edge("Q", "T", "0.7", absl::CivilDay(2024, 3, 1), absl::CivilDay(2024, 9, 1))}) {
      ASSERT_TRUE(Add(structure_, edge).ok());
    }
    ASSERT_TRUE(Add(structure_, Department{"A-IT", "A", "IT"}).ok());
    ASSERT_TRUE(Add(structure_, Department{"A-SALES", "A", "Sales"}).ok());
    ASSERT_TRUE(Add(structure_, Employee{"ann", "B", "Ann"}).ok());
  }
  Classification Ok(const Party& seller, const Party& buyer, absl::CivilDay day = kDay) {
    absl::StatusOr<Classification> result = Classify(structure_, seller, buyer, day);
    EXPECT_TRUE(result.ok()) << result.status();
    return result.value_or(Classification{});
  }
  GroupStructure structure_{OwnershipThresholds{}};
};

TEST_F(ClassifierTest, SubsidiariesOfOneParentAreIntercompanyWithTheirShares) {
  const Classification c = Ok(E("C"), E("B"));
  EXPECT_EQ(c.relation, Relation::kIntercompany);
  EXPECT_EQ(c.first_common_parent_id, "P");
  EXPECT_EQ(c.seller.effective_ownership.ToString(), "0.48");
  EXPECT_EQ(c.buyer.effective_ownership.ToString(), "1");
  EXPECT_EQ(c.seller.method, ConsolidationMethod::kFull);
  EXPECT_EQ(c.seller.ultimate_parent_id, "P");
  EXPECT_EQ(c.structure_version, structure_.version());
  EXPECT_EQ(c.reason, "internal: both controlled by P on 2024-06-30; P holds 48% of C, 100% of B");
}

TEST_F(ClassifierTest, FirstCommonParentIsTheLowestOne) {
  EXPECT_EQ(Ok(E("A"), E("C")).first_common_parent_id, "A");
  EXPECT_EQ(Ok(E("A"), E("C")).reason, "internal: A controls C on 2024-06-30; A holds 60% of C");
  EXPECT_EQ(Ok(E("C"), E("A")).buyer.effective_ownership.ToString(), "1");
}

TEST_F(ClassifierTest, DepartmentsOfOneEntityAreSameEntity) {
  const Classification c = Ok(Dept("A-IT"), Dept("A-SALES"));
  EXPECT_EQ(c.relation, Relation::kSameEntity);
  EXPECT_EQ(c.first_common_parent_id, "A");
  EXPECT_EQ(Ok(E("A"), Dept("A-IT")).relation, Relation::kSameEntity);
}

TEST_F(ClassifierTest, DepartmentOfOneSubsidiarySellingToAnotherIsIntercompany) {
  EXPECT_EQ(Ok(Dept("A-IT"), E("B")).relation, Relation::kIntercompany);
}

TEST_F(ClassifierTest, EmployeePurchaseIsEmployee) {
  const Classification c = Ok(E("A"), Emp("ann"));
  EXPECT_EQ(c.relation, Relation::kEmployee);
  EXPECT_NE(c.reason.find("ann is an employee of B"), std::string::npos) << c.reason;
  EXPECT_EQ(Ok(E("O"), Emp("ann")).relation, Relation::kExternal);
}

TEST_F(ClassifierTest, AssociateAtThirtyPercentIsAffiliate) {
  const Classification c = Ok(E("A"), E("S"));
  EXPECT_EQ(c.relation, Relation::kAffiliate);
  EXPECT_TRUE(c.first_common_parent_id.empty());
  EXPECT_EQ(c.buyer.method, ConsolidationMethod::kEquity);
  EXPECT_EQ(c.buyer.effective_ownership.ToString(), "0.3");
  EXPECT_NE(c.reason.find("S is an associate of P's group"), std::string::npos) << c.reason;
}

TEST_F(ClassifierTest, CommonOwnershipOfTwentyFivePercentIsAffiliate) {
  ASSERT_TRUE(Add(structure_, Entity("Z")).ok());
  ASSERT_TRUE(Add(structure_, Entity("Y1")).ok());
  ASSERT_TRUE(Add(structure_, Entity("Y2")).ok());
  ASSERT_TRUE(Add(structure_, Edge("Z", "Y1", "0.25")).ok());
  ASSERT_TRUE(Add(structure_, Edge("Z", "Y2", "0.19")).ok());
  // Z's 19% of Y2 is below both influence and common ownership.
  EXPECT_EQ(Ok(E("Y1"), E("Y2")).relation, Relation::kExternal);
  ASSERT_TRUE(Add(structure_, Entity("Y3")).ok());
  OwnershipEdge edge = Edge("Z", "Y3", "0.25");
  edge.voting_share = *Decimal::Parse("0.1");
  ASSERT_TRUE(Add(structure_, edge).ok());
  const Classification c = Ok(E("Y1"), E("Y3"));
  EXPECT_EQ(c.relation, Relation::kAffiliate);
  EXPECT_NE(c.reason.find("Z holds 25% of Y1 and 25% of Y3"), std::string::npos) << c.reason;
}

TEST_F(ClassifierTest, OutsidersAndExternalPartiesAreExternal) {
  EXPECT_EQ(Ok(E("A"), E("O")).relation, Relation::kExternal);
  const Classification c = Ok(E("A"), Ext("customer-42"));
  EXPECT_EQ(c.relation, Relation::kExternal);
  EXPECT_EQ(c.seller.entity_id, "A");
  EXPECT_TRUE(c.buyer.entity_id.empty());
  EXPECT_EQ(c.reason, "external: buyer customer-42 is outside the group");
}

TEST_F(ClassifierTest, AcquisitionFlipsTheRelationOnItsDateAndDisposalFlipsItBack) {
  ASSERT_TRUE(Add(structure_, Entity("Q2")).ok());
  ASSERT_TRUE(Add(structure_, Edge("Q", "Q2", "1")).ok());
  EXPECT_EQ(Ok(E("T"), E("Q2"), absl::CivilDay(2024, 2, 29)).relation, Relation::kExternal);
  EXPECT_EQ(Ok(E("T"), E("Q2"), absl::CivilDay(2024, 3, 1)).relation, Relation::kIntercompany);
  EXPECT_EQ(Ok(E("T"), E("Q2"), absl::CivilDay(2024, 8, 31)).relation, Relation::kIntercompany);
  EXPECT_EQ(Ok(E("T"), E("Q2"), absl::CivilDay(2024, 9, 1)).relation, Relation::kExternal);
}

TEST_F(ClassifierTest, UnknownPartiesAreNotFoundNamingTheField) {
  const struct {
    Party seller, buyer;
    const char* field;
  } kCases[] = {
      {E("NOPE"), E("A"), "seller.entity_id"},
      {E("A"), Dept("NOPE"), "buyer.department_id"},
      {Emp("NOPE"), E("A"), "seller.employee_id"},
  };
  for (const auto& c : kCases) {
    const absl::Status status = Classify(structure_, c.seller, c.buyer, kDay).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kNotFound) << status;
    EXPECT_EQ(GetErrorDetail(status)->field, c.field);
  }
}

TEST_F(ClassifierTest, SamePartyOrBadIdOrDateIsInvalidArgument) {
  EXPECT_EQ(Classify(structure_, E("A"), E("A"), kDay).status().code(),
            absl::StatusCode::kInvalidArgument);
  const absl::Status bad_id = Classify(structure_, E("A"), Ext(""), kDay).status();
  EXPECT_EQ(bad_id.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(GetErrorDetail(bad_id)->field, "buyer.external_id");
  EXPECT_EQ(Classify(structure_, E("A"), E("B"), absl::CivilDay(1899, 12, 31)).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace interco::group
