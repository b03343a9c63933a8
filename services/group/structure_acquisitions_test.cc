// GroupStructure's acquisitions: the record, its replacement, every refusal with its code,
// field and reason, and the rules that keep a stored acquisition true.
#include <functional>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "services/common/field_error.h"
#include "services/group/structure.h"
#include "services/group/test_structures.h"

namespace interco::group {
namespace {

using testing::AcquisitionOf;
using testing::Add;
using testing::Edge;
using testing::Entity;

Decimal Amount(absl::string_view text) { return *Decimal::Parse(text); }

// P (EUR) holds all of A (EUR) and 80% of B (USD); B holds 60% of C (JPY); D (EUR) is held by
// no one. Every edge from 2020-01-01.
class StructureAcquisitionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const auto& [id, currency] :
         {std::pair{"P", "EUR"}, std::pair{"A", "EUR"}, std::pair{"B", "USD"},
          std::pair{"C", "JPY"}, std::pair{"D", "EUR"}}) {
      ASSERT_TRUE(Add(structure_, Entity(id, currency)).ok());
    }
    for (const OwnershipEdge& edge :
         {Edge("P", "A", "1"), Edge("P", "B", "0.8"), Edge("B", "C", "0.6")}) {
      ASSERT_TRUE(Add(structure_, edge).ok());
    }
  }

  // B's acquisition of C: consideration in USD, NCI at fair value in JPY, one adjustment.
  static Acquisition OfC() {
    Acquisition acquisition = AcquisitionOf("B", "C", absl::CivilDay(2020, 1, 1), "5000.25", "USD");
    acquisition.nci_measurement = NciMeasurement::kFairValue;
    acquisition.nci_fair_value = Amount("300000");
    acquisition.fair_value_adjustments = {{"1300", Amount("-12000")}};
    return acquisition;
  }

  // Expects `change` to be refused with `code`, `field` and `reason`, and nothing to change.
  void ExpectRefused(const ChangeBody& change, absl::StatusCode code, const std::string& field,
                     const std::string& reason) {
    const uint64_t version = structure_.version();
    const auto acquisitions = structure_.acquisitions();
    const absl::Status status = Add(structure_, change);
    EXPECT_EQ(status.code(), code) << status;
    ASSERT_TRUE(GetErrorDetail(status).has_value()) << status;
    EXPECT_EQ(GetErrorDetail(status)->field, field) << status;
    EXPECT_EQ(GetErrorDetail(status)->reason, reason) << status;
    EXPECT_EQ(structure_.version(), version);
    EXPECT_EQ(structure_.acquisitions(), acquisitions);
  }

  GroupStructure structure_{OwnershipThresholds{}};
};

TEST_F(StructureAcquisitionsTest, AnAcceptedAcquisitionIsAVersionAndReadsBack) {
  const uint64_t before = structure_.version();
  absl::StatusOr<ChangeBody> applied = structure_.Apply(OfC());
  ASSERT_TRUE(applied.ok()) << applied.status();
  EXPECT_EQ(std::get<Acquisition>(*applied), OfC());
  EXPECT_EQ(structure_.version(), before + 1);
  ASSERT_NE(structure_.FindAcquisition("B", "C"), nullptr);
  EXPECT_EQ(*structure_.FindAcquisition("B", "C"), OfC());
  EXPECT_EQ(structure_.FindAcquisition("C", "B"), nullptr);
  EXPECT_EQ(structure_.WrittenAt(OfC()), before + 1);
  EXPECT_EQ(Describe(OfC()), "upsert acquisition B -> C");
}

TEST_F(StructureAcquisitionsTest, AnUpsertOfTheSamePairReplacesIt) {
  ASSERT_TRUE(Add(structure_, OfC()).ok());
  Acquisition corrected = OfC();
  corrected.consideration = Amount("5100");
  corrected.nci_measurement = NciMeasurement::kProportionate;
  corrected.nci_fair_value.reset();
  corrected.fair_value_adjustments.clear();
  ASSERT_TRUE(Add(structure_, corrected).ok());
  ASSERT_EQ(structure_.acquisitions().size(), 1u);
  EXPECT_EQ(*structure_.FindAcquisition("B", "C"), corrected);
  EXPECT_EQ(structure_.WrittenAt(OfC()), structure_.version());
}

TEST_F(StructureAcquisitionsTest, AcquisitionsAreSortedByHolderThenHeld) {
  for (const Acquisition& acquisition :
       {AcquisitionOf("P", "B", absl::CivilDay(2020, 1, 1), "800", "EUR"), OfC(),
        AcquisitionOf("P", "A")}) {
    ASSERT_TRUE(Add(structure_, acquisition).ok());
  }
  std::vector<std::string> pairs;
  for (const auto& [key, acquisition] : structure_.acquisitions()) {
    EXPECT_EQ(key, (GroupStructure::AcquisitionKey{acquisition.holder_id, acquisition.held_id}));
    pairs.push_back(key.first + "->" + key.second);
  }
  EXPECT_EQ(pairs, (std::vector<std::string>{"B->C", "P->A", "P->B"}));
}

struct Refusal {
  std::string name;
  std::function<void(Acquisition&)> change;
  absl::StatusCode code;
  std::string field;
  std::string reason;
};

TEST_F(StructureAcquisitionsTest, EveryRefusalHasItsCodeFieldAndReason) {
  constexpr auto kInvalid = absl::StatusCode::kInvalidArgument;
  constexpr auto kNotFound = absl::StatusCode::kNotFound;
  constexpr auto kFailed = absl::StatusCode::kFailedPrecondition;
  const std::vector<Refusal> refusals = {
      {"holder missing", [](Acquisition& a) { a.holder_id = ""; }, kInvalid, "holder_id",
       "MISSING_FIELD"},
      {"holder unknown", [](Acquisition& a) { a.holder_id = "X"; }, kNotFound, "holder_id",
       "UNKNOWN_ID"},
      {"held unknown", [](Acquisition& a) { a.held_id = "X"; }, kNotFound, "held_id", "UNKNOWN_ID"},
      {"held by itself", [](Acquisition& a) { a.held_id = "B"; }, kInvalid, "held_id",
       "SELF_HOLDING"},
      {"mid-month", [](Acquisition& a) { a.acquisition_date = absl::CivilDay(2020, 1, 2); },
       kInvalid, "acquisition_date", "NOT_FIRST_OF_MONTH"},
      {"before 1900", [](Acquisition& a) { a.acquisition_date = absl::CivilDay(1899, 12, 1); },
       kInvalid, "acquisition_date", "DATE_OUT_OF_RANGE"},
      {"before the edge", [](Acquisition& a) { a.acquisition_date = absl::CivilDay(2019, 12, 1); },
       kFailed, "held_id", "NOT_HELD"},
      {"held by another", [](Acquisition& a) { a.holder_id = "P"; }, kFailed, "held_id",
       "NOT_HELD"},
      {"held by no one",
       [](Acquisition& a) {
         a.holder_id = "P";
         a.held_id = "D";
       },
       kFailed, "held_id", "NOT_HELD"},
      {"negative consideration", [](Acquisition& a) { a.consideration = Amount("-0.01"); },
       kInvalid, "consideration", "NEGATIVE_AMOUNT"},
      {"consideration below a cent", [](Acquisition& a) { a.consideration = Amount("0.001"); },
       kInvalid, "consideration", "TOO_MANY_PLACES"},
      {"unknown currency", [](Acquisition& a) { a.consideration_currency = "XYZ"; }, kInvalid,
       "consideration_currency", "UNKNOWN_CURRENCY"},
      {"not the holder's currency", [](Acquisition& a) { a.consideration_currency = "EUR"; },
       kInvalid, "consideration_currency", "NOT_FUNCTIONAL_CURRENCY"},
      {"no investment account", [](Acquisition& a) { a.investment_account = ""; }, kInvalid,
       "investment_account", "MISSING_FIELD"},
      {"fair value missing", [](Acquisition& a) { a.nci_fair_value.reset(); }, kInvalid,
       "nci_fair_value", "MISSING_FIELD"},
      {"fair value not allowed",
       [](Acquisition& a) { a.nci_measurement = NciMeasurement::kProportionate; }, kInvalid,
       "nci_fair_value", "NOT_ALLOWED"},
      {"NCI fair value below zero", [](Acquisition& a) { a.nci_fair_value = Amount("-1"); },
       kInvalid, "nci_fair_value", "NEGATIVE_AMOUNT"},
      {"NCI fair value in sen", [](Acquisition& a) { a.nci_fair_value = Amount("0.5"); }, kInvalid,
       "nci_fair_value", "TOO_MANY_PLACES"},
      {"too many adjustments",
       [](Acquisition& a) {
         a.fair_value_adjustments.clear();
         for (size_t i = 0; i <= kMaxFairValueAdjustments; ++i) {
           a.fair_value_adjustments.push_back({"A" + std::to_string(i), Amount("1")});
         }
       },
       kInvalid, "fair_value_adjustments", "TOO_MANY_ADJUSTMENTS"},
      {"account twice",
       [](Acquisition& a) {
         a.fair_value_adjustments.push_back({"1300", Amount("1")});
       },
       kInvalid, "fair_value_adjustments[1].account", "DUPLICATE_ACCOUNT"},
      {"account malformed", [](Acquisition& a) { a.fair_value_adjustments[0].account = "13 00"; },
       kInvalid, "fair_value_adjustments[0].account", "INVALID_ID"},
      {"adjustment in sen",
       [](Acquisition& a) { a.fair_value_adjustments[0].amount = Amount("-0.5"); }, kInvalid,
       "fair_value_adjustments[0].amount", "TOO_MANY_PLACES"},
  };
  for (const Refusal& refusal : refusals) {
    SCOPED_TRACE(refusal.name);
    Acquisition acquisition = OfC();
    refusal.change(acquisition);
    ExpectRefused(acquisition, refusal.code, refusal.field, refusal.reason);
  }
}

TEST_F(StructureAcquisitionsTest, TheCurrenciesAreThoseInForceOnTheAcquisitionDate) {
  LegalEntity b_in_chf = Entity("B", "CHF");
  b_in_chf.functional_currency_from = absl::CivilMonth(2024, 7);
  ASSERT_TRUE(Add(structure_, b_in_chf).ok());
  Acquisition in_june = OfC();
  in_june.acquisition_date = absl::CivilDay(2024, 6, 1);
  EXPECT_TRUE(Add(structure_, in_june).ok());
  Acquisition in_july = in_june;
  in_july.acquisition_date = absl::CivilDay(2024, 7, 1);
  ExpectRefused(in_july, absl::StatusCode::kInvalidArgument, "consideration_currency",
                "NOT_FUNCTIONAL_CURRENCY");
  in_july.consideration_currency = "CHF";
  EXPECT_TRUE(Add(structure_, in_july).ok());
}

TEST_F(StructureAcquisitionsTest, AnEdgeCannotEndBeforeAnAcquisitionItCarries) {
  Acquisition in_2022 = OfC();
  in_2022.acquisition_date = absl::CivilDay(2022, 3, 1);
  ASSERT_TRUE(Add(structure_, in_2022).ok());
  ExpectRefused(EndEdge{"B", "C", absl::CivilDay(2020, 1, 1), absl::CivilDay(2022, 3, 1)},
                absl::StatusCode::kFailedPrecondition, "valid_to", "ENDS_BEFORE_ACQUISITION");
  EXPECT_FALSE(structure_.edges()[2].valid_to.has_value());
  // A disposal after the acquisition is a disposal, not a contradiction.
  EXPECT_TRUE(
      Add(structure_, EndEdge{"B", "C", absl::CivilDay(2020, 1, 1), absl::CivilDay(2022, 3, 2)})
          .ok());
}

TEST_F(StructureAcquisitionsTest, AFunctionalCurrencyCannotChangeUnderAnAcquisition) {
  Acquisition in_2024 = OfC();
  in_2024.acquisition_date = absl::CivilDay(2024, 6, 1);
  ASSERT_TRUE(Add(structure_, in_2024).ok());
  // The held entity's amounts and the holder's consideration would change meaning.
  ExpectRefused(Entity("C", "KRW"), absl::StatusCode::kFailedPrecondition, "functional_currency",
                "ENTITY_HAS_ACQUISITIONS");
  LegalEntity b_from_june = Entity("B", "CHF");
  b_from_june.functional_currency_from = absl::CivilMonth(2024, 6);
  ExpectRefused(b_from_june, absl::StatusCode::kFailedPrecondition,
                "functional_currency_effective_period", "PERIOD_HAS_ACQUISITIONS");
  // Later periods, and a rename, leave the acquisition as it was.
  LegalEntity b_from_july = b_from_june;
  b_from_july.functional_currency_from = absl::CivilMonth(2024, 7);
  EXPECT_TRUE(Add(structure_, b_from_july).ok());
  LegalEntity c_renamed = Entity("C", "JPY");
  c_renamed.name = "Gamma KK";
  EXPECT_TRUE(Add(structure_, c_renamed).ok());
  // An entity with no acquisition keeps every freedom it had.
  EXPECT_TRUE(Add(structure_, Entity("D", "USD")).ok());
}

TEST_F(StructureAcquisitionsTest, AStoredHistoryReplaysItsAcquisitions) {
  ASSERT_TRUE(Add(structure_, OfC()).ok());
  GroupStructure copy(structure_);
  EXPECT_EQ(copy.acquisitions(), structure_.acquisitions());
  EXPECT_EQ(copy.WrittenAt(OfC()), structure_.WrittenAt(OfC()));
  EXPECT_TRUE(copy.ApplyStored(AcquisitionOf("P", "A")).ok());
  EXPECT_EQ(copy.acquisitions().size(), 2u);
  EXPECT_EQ(structure_.acquisitions().size(), 1u);
}

}  // namespace
}  // namespace interco::group
