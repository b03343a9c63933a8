// UpsertAcquisition: exactly once per request_id, durable before visible, readable as of an
// earlier structure version, and the chart's and the stated currency's refusals.
#include "services/group/acquisition_upsert.h"

#include <map>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "services/common/field_error.h"
#include "services/group/test_structures.h"

namespace interco::group {
namespace {

using testing::AcquisitionOf;
using testing::Edge;
using testing::Entity;

class MemoryLog : public StructureLog {
 public:
  absl::Status Append(uint64_t version, const StructureChange& change) override {
    if (!fail_with.ok()) return fail_with;
    EXPECT_EQ(version, changes.size() + 1);
    changes.push_back(change);
    return absl::OkStatus();
  }
  std::vector<StructureChange> changes;
  absl::Status fail_with;
};

class MemoryChart : public ChartAccounts {
 public:
  std::optional<ChartAccountFacts> Find(absl::string_view id) const override {
    const auto it = accounts.find(std::string(id));
    if (it == accounts.end()) return std::nullopt;
    return it->second;
  }
  std::map<std::string, ChartAccountFacts> accounts = {
      {"1300", {.asset_or_liability = true}},
      {"1500", {.asset_or_liability = true, .investment_in_held_entity = true}},
      {"2000", {.asset_or_liability = true}},
      {"3000", {}},
  };
};

// P (EUR) holds 80% of S (USD) from 2024-01-01: structure version 3.
class AcquisitionUpsertTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto registry = StructureRegistry::Create({}, &log_, GroupStructure(OwnershipThresholds{}));
    ASSERT_TRUE(registry.ok());
    registry_ = *std::move(registry);
    ASSERT_TRUE(registry_->Apply({"p", Entity("P", "EUR")}).ok());
    ASSERT_TRUE(registry_->Apply({"s", Entity("S", "USD")}).ok());
    ASSERT_TRUE(registry_->Apply({"e", Edge("P", "S", "0.8", absl::CivilDay(2024, 1, 1))}).ok());
  }

  // P's acquisition of S on 2024-01-01 for EUR 1,000, NCI at a fair value of USD 250 and
  // an inventory adjustment.
  static AcquisitionUpsert Upsert(const std::string& request_id = "acq-1") {
    Acquisition acquisition = AcquisitionOf("P", "S", absl::CivilDay(2024, 1, 1), "1000", "EUR");
    acquisition.nci_measurement = NciMeasurement::kFairValue;
    acquisition.nci_fair_value = Decimal::FromUnits(250);
    acquisition.fair_value_adjustments = {{"1300", Decimal::FromUnits(40)}};
    return {request_id, acquisition, "USD"};
  }

  absl::StatusOr<StructureRegistry::Applied> Run(const AcquisitionUpsert& upsert) {
    return UpsertAcquisition(*registry_, chart_, upsert);
  }

  // Expects `upsert` refused with `code`, `field` and `reason`, and nothing written.
  void ExpectRefused(const AcquisitionUpsert& upsert, absl::StatusCode code,
                     const std::string& field, const std::string& reason) {
    const size_t written = log_.changes.size();
    const uint64_t version = registry_->Current()->version();
    const absl::Status status = Run(upsert).status();
    EXPECT_EQ(status.code(), code) << status;
    ASSERT_TRUE(GetErrorDetail(status).has_value()) << status;
    EXPECT_EQ(GetErrorDetail(status)->field, field) << status;
    EXPECT_EQ(GetErrorDetail(status)->reason, reason) << status;
    EXPECT_EQ(log_.changes.size(), written);
    EXPECT_EQ(registry_->Current()->version(), version);
  }

  MemoryLog log_;
  MemoryChart chart_;
  std::unique_ptr<StructureRegistry> registry_;
};

TEST_F(AcquisitionUpsertTest, AnAcceptedUpsertIsOneStructureVersionWrittenBeforeItIsSeen) {
  absl::StatusOr<StructureRegistry::Applied> applied = Run(Upsert());
  ASSERT_TRUE(applied.ok()) << applied.status();
  EXPECT_EQ(applied->version, 4u);
  EXPECT_EQ(std::get<Acquisition>(applied->record), Upsert().acquisition);
  ASSERT_EQ(log_.changes.size(), 4u);
  EXPECT_EQ(log_.changes.back(), (StructureChange{"acq-1", Upsert().acquisition}));
  ASSERT_NE(registry_->Current()->FindAcquisition("P", "S"), nullptr);
  EXPECT_EQ(registry_->Versions(3, 10).front().description, "upsert acquisition P -> S");
}

TEST_F(AcquisitionUpsertTest, ALogThatFailsLeavesNothingVisible) {
  log_.fail_with = absl::UnavailableError("disk gone");
  EXPECT_EQ(Run(Upsert()).status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(registry_->Current()->FindAcquisition("P", "S"), nullptr);
  EXPECT_EQ(registry_->Current()->version(), 3u);
}

TEST_F(AcquisitionUpsertTest, TheSameBodyGetsTheSameReplyAndAnotherIsAlreadyExists) {
  ASSERT_TRUE(Run(Upsert()).ok());
  // Even once the chart no longer holds what was checked, a retry is the original answer.
  chart_.accounts.erase("1300");
  absl::StatusOr<StructureRegistry::Applied> retry = Run(Upsert());
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_EQ(retry->version, 4u);
  EXPECT_EQ(log_.changes.size(), 4u);
  AcquisitionUpsert other = Upsert();
  other.acquisition.consideration = Decimal::FromUnits(1100);
  ExpectRefused(other, absl::StatusCode::kAlreadyExists, "request_id", "REQUEST_ID_REUSED");
  other.request_id = "";
  ExpectRefused(other, absl::StatusCode::kInvalidArgument, "request_id", "MISSING_FIELD");
}

TEST_F(AcquisitionUpsertTest, ACorrectionReplacesAndEarlierVersionsStillReadTheOriginal) {
  ASSERT_TRUE(Run(Upsert()).ok());
  AcquisitionUpsert corrected = Upsert("acq-2");
  corrected.acquisition.consideration = Decimal::FromUnits(1100);
  corrected.acquisition.fair_value_adjustments.clear();
  ASSERT_TRUE(Run(corrected).ok());
  EXPECT_EQ(*registry_->Current()->FindAcquisition("P", "S"), corrected.acquisition);
  EXPECT_EQ(registry_->Current()->acquisitions().size(), 1u);
  EXPECT_EQ(registry_->Current()->WrittenAt(corrected.acquisition), 5u);
  auto before = registry_->AtVersion(3, "as_of_structure_version");
  ASSERT_TRUE(before.ok());
  EXPECT_EQ((*before)->FindAcquisition("P", "S"), nullptr);
  auto original = registry_->AtVersion(4, "as_of_structure_version");
  ASSERT_TRUE(original.ok());
  EXPECT_EQ(*(*original)->FindAcquisition("P", "S"), Upsert().acquisition);
  EXPECT_EQ((*original)->WrittenAt(corrected.acquisition), 4u);
}

TEST_F(AcquisitionUpsertTest, TheChartsRefusalsNameTheirAccount) {
  AcquisitionUpsert upsert = Upsert();
  upsert.acquisition.investment_account = "1999";
  ExpectRefused(upsert, absl::StatusCode::kNotFound, "investment_account", "UNKNOWN_ACCOUNT");
  upsert.acquisition.investment_account = "1300";
  ExpectRefused(upsert, absl::StatusCode::kFailedPrecondition, "investment_account",
                "NOT_AN_INVESTMENT_ACCOUNT");
  upsert = Upsert();
  upsert.acquisition.fair_value_adjustments.push_back({"1999", Decimal::FromUnits(1)});
  ExpectRefused(upsert, absl::StatusCode::kNotFound, "fair_value_adjustments[1].account",
                "UNKNOWN_ACCOUNT");
  upsert.acquisition.fair_value_adjustments.back().account = "3000";
  ExpectRefused(upsert, absl::StatusCode::kFailedPrecondition, "fair_value_adjustments[1].account",
                "NOT_ASSET_OR_LIABILITY");
  upsert.acquisition.fair_value_adjustments.back().account = "2000";
  EXPECT_TRUE(Run(upsert).ok());
}

TEST_F(AcquisitionUpsertTest, TheHeldAmountsMustBeInTheHeldEntitysCurrency) {
  AcquisitionUpsert upsert = Upsert();
  upsert.held_amounts_currency = "EUR";
  ExpectRefused(upsert, absl::StatusCode::kInvalidArgument, "nci_fair_value.currency_code",
                "NOT_FUNCTIONAL_CURRENCY");
  upsert.acquisition.nci_measurement = NciMeasurement::kProportionate;
  upsert.acquisition.nci_fair_value.reset();
  ExpectRefused(upsert, absl::StatusCode::kInvalidArgument,
                "fair_value_adjustments[0].amount.currency_code", "NOT_FUNCTIONAL_CURRENCY");
  upsert.held_amounts_currency = "USD";
  EXPECT_TRUE(Run(upsert).ok());
}

TEST_F(AcquisitionUpsertTest, FieldErrorsComeBeforeTheChartsAndStateErrorsAfter) {
  AcquisitionUpsert upsert = Upsert();
  upsert.acquisition.consideration = Decimal::FromUnits(-1);
  upsert.acquisition.investment_account = "1999";
  ExpectRefused(upsert, absl::StatusCode::kInvalidArgument, "consideration", "NEGATIVE_AMOUNT");
  upsert = Upsert();
  upsert.acquisition.acquisition_date = absl::CivilDay(2023, 12, 1);
  ExpectRefused(upsert, absl::StatusCode::kFailedPrecondition, "held_id", "NOT_HELD");
}

TEST_F(AcquisitionUpsertTest, ChecksAndApplyRunInsideTheExclusiveSection) {
  int runs = 0;
  bool inside = false;
  size_t written_inside = 0;
  const RunExclusive exclusive = [&](absl::FunctionRef<void()> fn) {
    ++runs;
    inside = true;
    fn();
    written_inside = log_.changes.size();
    inside = false;
  };
  ASSERT_TRUE(UpsertAcquisition(*registry_, chart_, Upsert(), exclusive).ok());
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(written_inside, 4u);
  EXPECT_FALSE(inside);
}

}  // namespace
}  // namespace interco::group
