#include "services/group/structure.h"

#include "gtest/gtest.h"
#include "services/common/field_error.h"
#include "services/group/test_structures.h"

namespace interco::group {
namespace {

using testing::Add;
using testing::Edge;
using testing::Entity;

class StructureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* id : {"P", "A", "B", "C"}) ASSERT_TRUE(Add(structure_, Entity(id)).ok());
  }
  // Expects `change` to fail with `code` naming `field`, and the structure to be unchanged.
  void ExpectRejected(const ChangeBody& change, absl::StatusCode code, const std::string& field) {
    const uint64_t version = structure_.version();
    const size_t edges = structure_.edges().size();
    const absl::Status status = Add(structure_, change);
    EXPECT_EQ(status.code(), code) << status;
    ASSERT_TRUE(GetErrorDetail(status).has_value()) << status;
    EXPECT_EQ(GetErrorDetail(status)->field, field) << status;
    EXPECT_EQ(structure_.version(), version);
    EXPECT_EQ(structure_.edges().size(), edges);
  }
  GroupStructure structure_{OwnershipThresholds{}};
};

TEST_F(StructureTest, EveryAcceptedChangeIsANewVersion) {
  EXPECT_EQ(structure_.version(), 4u);
  ASSERT_TRUE(Add(structure_, Edge("P", "A", "0.8")).ok());
  EXPECT_EQ(structure_.version(), 5u);
  LegalEntity renamed = Entity("A");
  renamed.name = "Alpha GmbH";
  ASSERT_TRUE(Add(structure_, renamed).ok());
  EXPECT_EQ(structure_.version(), 6u);
  EXPECT_EQ(structure_.FindEntity("A")->name, "Alpha GmbH");
}

TEST_F(StructureTest, BadEntityFieldsAreInvalidArgument) {
  LegalEntity entity = Entity("X");
  entity.jurisdiction = "XX";
  ExpectRejected(entity, absl::StatusCode::kInvalidArgument, "jurisdiction");
  entity = Entity("X", "EUR1");
  ExpectRejected(entity, absl::StatusCode::kInvalidArgument, "functional_currency");
  entity = Entity("");
  ExpectRejected(entity, absl::StatusCode::kInvalidArgument, "entity_id");
  entity = Entity(std::string(65, 'x'));
  ExpectRejected(entity, absl::StatusCode::kInvalidArgument, "entity_id");
  entity = Entity("bad id");
  ExpectRejected(entity, absl::StatusCode::kInvalidArgument, "entity_id");
  entity = Entity("X");
  entity.name = std::string(201, 'n');
  ExpectRejected(entity, absl::StatusCode::kInvalidArgument, "name");
  entity.name = "";
  ExpectRejected(entity, absl::StatusCode::kInvalidArgument, "name");
  entity = Entity("X");
  entity.parent_of_record_id = "NOPE";
  ExpectRejected(entity, absl::StatusCode::kNotFound, "parent_of_record_id");
  entity.parent_of_record_id = "X";
  ExpectRejected(entity, absl::StatusCode::kInvalidArgument, "parent_of_record_id");
}

TEST_F(StructureTest, DepartmentsAndEmployeesNeedAKnownEntityAndCannotMove) {
  ExpectRejected(Department{"D1", "NOPE", "IT"}, absl::StatusCode::kNotFound, "entity_id");
  ExpectRejected(Employee{"E1", "NOPE", "Ann"}, absl::StatusCode::kNotFound, "entity_id");
  ASSERT_TRUE(Add(structure_, Department{"D1", "A", "IT"}).ok());
  ASSERT_TRUE(Add(structure_, Employee{"E1", "A", "Ann"}).ok());
  ExpectRejected(Department{"D1", "B", "IT"}, absl::StatusCode::kFailedPrecondition, "entity_id");
  ExpectRejected(Employee{"E1", "B", "Ann"}, absl::StatusCode::kFailedPrecondition, "entity_id");
  EXPECT_TRUE(Add(structure_, Department{"D1", "A", "IT and HR"}).ok());
}

TEST_F(StructureTest, PartyIdsAreOneNamespaceAcrossEntitiesDepartmentsAndEmployees) {
  ASSERT_TRUE(Add(structure_, Department{"D1", "A", "IT"}).ok());
  ASSERT_TRUE(Add(structure_, Employee{"E1", "A", "Ann"}).ok());
  ExpectRejected(Department{"B", "A", "IT"}, absl::StatusCode::kAlreadyExists, "department_id");
  ExpectRejected(Department{"E1", "A", "IT"}, absl::StatusCode::kAlreadyExists, "department_id");
  ExpectRejected(Employee{"A", "A", "Ann"}, absl::StatusCode::kAlreadyExists, "employee_id");
  ExpectRejected(Employee{"D1", "A", "Ann"}, absl::StatusCode::kAlreadyExists, "employee_id");
  ExpectRejected(Entity("D1"), absl::StatusCode::kAlreadyExists, "entity_id");
  ExpectRejected(Entity("E1"), absl::StatusCode::kAlreadyExists, "entity_id");
  const absl::Status status = Add(structure_, Entity("D1"));
  EXPECT_EQ(status.message(),
            "entity_id: a department already has this id; entities, departments and employees "
            "share one namespace of party ids (got \"D1\")");
  EXPECT_EQ(GetErrorDetail(status)->reason, "PARTY_ID_IN_USE");
  // Updates of a party under its own kind are not new ids.
  EXPECT_TRUE(Add(structure_, Department{"D1", "A", "IT and HR"}).ok());
  EXPECT_TRUE(Add(structure_, Employee{"E1", "A", "Ann Smith"}).ok());
  EXPECT_TRUE(Add(structure_, Entity("A", "EUR")).ok());
}

TEST_F(StructureTest, StoredHistoryWithSharedIdsStillReplaysAndUpdates) {
  // What a release before the one namespace may have stored.
  ASSERT_TRUE(structure_.ApplyStored(Department{"X", "A", "IT"}).ok());
  ASSERT_TRUE(structure_.ApplyStored(Employee{"X", "A", "Ann"}).ok());
  EXPECT_TRUE(Add(structure_, Employee{"X", "A", "Ann Smith"}).ok());
  EXPECT_TRUE(Add(structure_, Department{"X", "A", "IT and HR"}).ok());
  ExpectRejected(Entity("X"), absl::StatusCode::kAlreadyExists, "entity_id");
}

TEST_F(StructureTest, EdgeFieldErrorsAreInvalidArgument) {
  ExpectRejected(Edge("A", "A", "0.5"), absl::StatusCode::kInvalidArgument, "held_id");
  ExpectRejected(Edge("P", "A", "1.5"), absl::StatusCode::kInvalidArgument, "equity_share");
  ExpectRejected(Edge("P", "A", "-0.1"), absl::StatusCode::kInvalidArgument, "equity_share");
  ExpectRejected(Edge("P", "A", "0.1234567890123"), absl::StatusCode::kInvalidArgument,
                 "equity_share");
  ExpectRejected(Edge("P", "A", "0"), absl::StatusCode::kInvalidArgument, "equity_share");
  ExpectRejected(Edge("P", "A", "0.5", absl::CivilDay(2024, 1, 1), absl::CivilDay(2023, 1, 1)),
                 absl::StatusCode::kInvalidArgument, "validity.valid_to");
  ExpectRejected(Edge("P", "A", "0.5", absl::CivilDay(1800, 1, 1)),
                 absl::StatusCode::kInvalidArgument, "validity.valid_from");
  OwnershipEdge voting = Edge("P", "A", "0.5");
  voting.voting_share = *Decimal::Parse("2");
  ExpectRejected(voting, absl::StatusCode::kInvalidArgument, "voting_share");
}

TEST_F(StructureTest, UnknownHolderOrHeldIsNotFound) {
  ExpectRejected(Edge("NOPE", "A", "0.5"), absl::StatusCode::kNotFound, "holder_id");
  ExpectRejected(Edge("P", "NOPE", "0.5"), absl::StatusCode::kNotFound, "held_id");
}

TEST_F(StructureTest, MoreThanOneHundredPercentHeldOnAnyDateIsRejected) {
  ASSERT_TRUE(Add(structure_, Edge("P", "C", "0.6")).ok());
  ExpectRejected(Edge("A", "C", "0.5"), absl::StatusCode::kFailedPrecondition, "equity_share");
  EXPECT_EQ(Add(structure_, Edge("A", "C", "0.5")).message(),
            "equity_share: the equity held in C would total 110% on 2020-01-01 (got \"0.5\")");
  // A later edge that only overlaps part of the time is still caught on its start day.
  ASSERT_TRUE(Add(structure_, Edge("B", "C", "0.3", absl::CivilDay(2025, 1, 1))).ok());
  ExpectRejected(Edge("A", "C", "0.2", absl::CivilDay(2019, 1, 1)),
                 absl::StatusCode::kFailedPrecondition, "equity_share");
  // Exactly 100% is fine, and so is a disjoint period.
  EXPECT_TRUE(Add(structure_, Edge("A", "C", "0.1")).ok());
  EXPECT_TRUE(
      Add(structure_, Edge("B", "C", "0.4", absl::CivilDay(2010, 1, 1), absl::CivilDay(2020, 1, 1)))
          .ok());
}

TEST_F(StructureTest, OverlappingValidityOfTheSamePairIsRejected) {
  ASSERT_TRUE(
      Add(structure_, Edge("P", "A", "0.5", absl::CivilDay(2020, 1, 1), absl::CivilDay(2022, 1, 1)))
          .ok());
  ExpectRejected(Edge("P", "A", "0.3", absl::CivilDay(2021, 6, 1)),
                 absl::StatusCode::kFailedPrecondition, "validity.valid_from");
  EXPECT_TRUE(Add(structure_, Edge("P", "A", "0.3", absl::CivilDay(2022, 1, 1))).ok());
}

TEST_F(StructureTest, CyclesNeedTheCrossHoldingMark) {
  ASSERT_TRUE(Add(structure_, Edge("P", "A", "0.8")).ok());
  ASSERT_TRUE(Add(structure_, Edge("A", "B", "0.8")).ok());
  ExpectRejected(Edge("B", "P", "0.1"), absl::StatusCode::kFailedPrecondition, "held_id");
  OwnershipEdge cross = Edge("B", "P", "0.1");
  cross.cross_holding = true;
  EXPECT_TRUE(Add(structure_, cross).ok());
}

TEST_F(StructureTest, CrossHoldingThatDivergesIsRejected) {
  ASSERT_TRUE(Add(structure_, Edge("A", "B", "1")).ok());
  OwnershipEdge cross = Edge("B", "A", "1");
  cross.cross_holding = true;
  ExpectRejected(cross, absl::StatusCode::kFailedPrecondition, "cross_holding");
}

TEST_F(StructureTest, EndEdgeSetsValidToOnceAndFindsTheEdgeByItsStart) {
  ASSERT_TRUE(Add(structure_, Edge("P", "A", "0.8")).ok());
  ExpectRejected(EndEdge{"P", "A", absl::CivilDay(2021, 1, 1), absl::CivilDay(2025, 1, 1)},
                 absl::StatusCode::kNotFound, "valid_from");
  ExpectRejected(EndEdge{"P", "A", absl::CivilDay(2020, 1, 1), absl::CivilDay(2019, 1, 1)},
                 absl::StatusCode::kInvalidArgument, "valid_to");
  absl::StatusOr<ChangeBody> ended =
      structure_.Apply(EndEdge{"P", "A", absl::CivilDay(2020, 1, 1), absl::CivilDay(2025, 1, 1)});
  ASSERT_TRUE(ended.ok()) << ended.status();
  EXPECT_EQ(std::get<OwnershipEdge>(*ended).valid_to, absl::CivilDay(2025, 1, 1));
  ExpectRejected(EndEdge{"P", "A", absl::CivilDay(2020, 1, 1), absl::CivilDay(2026, 1, 1)},
                 absl::StatusCode::kFailedPrecondition, "valid_to");
  EXPECT_EQ(structure_.EdgesOn(absl::CivilDay(2024, 12, 31)).size(), 1u);
  EXPECT_TRUE(structure_.EdgesOn(absl::CivilDay(2025, 1, 1)).empty());
}

TEST_F(StructureTest, EachRecordKnowsTheVersionThatLastWroteIt) {
  EXPECT_EQ(structure_.WrittenAt(Entity("P")), 1u);
  EXPECT_EQ(structure_.WrittenAt(Entity("C")), 4u);
  ASSERT_TRUE(Add(structure_, Edge("P", "A", "0.8")).ok());
  const OwnershipEdge edge = structure_.edges().back();
  EXPECT_EQ(structure_.WrittenAt(edge), 5u);
  LegalEntity renamed = Entity("P");
  renamed.name = "Parent SE";
  ASSERT_TRUE(Add(structure_, renamed).ok());
  EXPECT_EQ(structure_.WrittenAt(Entity("P")), 6u);
  // Ending an edge writes it again, under the same key (holder, held, valid_from).
  ASSERT_TRUE(
      Add(structure_, EndEdge{"P", "A", absl::CivilDay(2020, 1, 1), absl::CivilDay(2025, 1, 1)})
          .ok());
  EXPECT_EQ(structure_.WrittenAt(structure_.edges().back()), 7u);
  // A failed change writes nothing; unknown records and other kinds were never written.
  ExpectRejected(Edge("P", "Z", "0.1"), absl::StatusCode::kNotFound, "held_id");
  EXPECT_EQ(structure_.WrittenAt(Edge("P", "Z", "0.1")), 0u);
  EXPECT_EQ(structure_.WrittenAt(Department{"P", "P", "x"}), 0u);
  // A copy (the next version under construction) carries them along.
  GroupStructure next(structure_);
  EXPECT_EQ(next.WrittenAt(Entity("P")), 6u);
}

TEST_F(StructureTest, CopyStartsWithNoCachedAnalysisAndDiverges) {
  ASSERT_TRUE(Add(structure_, Edge("P", "A", "0.8")).ok());
  ASSERT_TRUE(structure_.AnalysisOn(absl::CivilDay(2024, 1, 1)).ok());
  GroupStructure next(structure_);
  ASSERT_TRUE(Add(next, Edge("P", "B", "0.9")).ok());
  EXPECT_EQ(structure_.edges().size(), 1u);
  EXPECT_EQ(next.edges().size(), 2u);
  auto analysis = next.AnalysisOn(absl::CivilDay(2024, 1, 1));
  ASSERT_TRUE(analysis.ok());
  EXPECT_TRUE((*analysis)->Controls(*(*analysis)->entities().Find("P"),
                                    *(*analysis)->entities().Find("B")));
}

}  // namespace
}  // namespace interco::group
