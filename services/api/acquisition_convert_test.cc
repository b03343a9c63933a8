#include "services/api/acquisition_convert.h"

#include <string>

#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "services/common/field_error.h"

namespace interco::api {
namespace {

// P (EUR) acquired S (USD): EUR 1,234.56, NCI at a fair value of USD 250.5, two adjustments.
constexpr char kRequest[] = R"pb(
  request_id: "acq-1"
  acquisition {
    holder_id: "P"
    held_id: "S"
    acquisition_date { year: 2024 month: 1 day: 1 }
    consideration { currency_code: "EUR" units: 1234 nanos: 560000000 }
    investment_account: "1500"
    nci_measurement: NCI_MEASUREMENT_FAIR_VALUE
    nci_fair_value { currency_code: "USD" units: 250 nanos: 500000000 }
    fair_value_adjustments {
      account: "1300"
      amount { currency_code: "USD" units: -40 nanos: -250000000 }
    }
    fair_value_adjustments {
      account: "2000"
      amount { currency_code: "USD" units: 7 }
    }
  })pb";

v1::UpsertAcquisitionRequest Request(const std::string& text = kRequest) {
  v1::UpsertAcquisitionRequest request;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &request)) << text;
  return request;
}

Decimal Amount(const char* text) { return *Decimal::Parse(text); }

void ExpectInvalid(const v1::UpsertAcquisitionRequest& request, const std::string& field,
                   const std::string& reason) {
  const absl::Status status = AcquisitionUpsertFromProto(request).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  ASSERT_TRUE(GetErrorDetail(status).has_value()) << status;
  EXPECT_EQ(GetErrorDetail(status)->field, field) << status;
  EXPECT_EQ(GetErrorDetail(status)->reason, reason) << status;
}

TEST(AcquisitionConvertTest, TheWireRecordBecomesExactAmountsAndOneHeldCurrency) {
  absl::StatusOr<group::AcquisitionUpsert> upsert = AcquisitionUpsertFromProto(Request());
  ASSERT_TRUE(upsert.ok()) << upsert.status();
  EXPECT_EQ(upsert->request_id, "acq-1");
  EXPECT_EQ(upsert->held_amounts_currency, "USD");
  const group::Acquisition& a = upsert->acquisition;
  EXPECT_EQ(a.holder_id, "P");
  EXPECT_EQ(a.held_id, "S");
  EXPECT_EQ(a.acquisition_date, absl::CivilDay(2024, 1, 1));
  EXPECT_EQ(a.consideration, Amount("1234.56"));
  EXPECT_EQ(a.consideration_currency, "EUR");
  EXPECT_EQ(a.investment_account, "1500");
  EXPECT_EQ(a.nci_measurement, group::NciMeasurement::kFairValue);
  EXPECT_EQ(a.nci_fair_value, Amount("250.5"));
  ASSERT_EQ(a.fair_value_adjustments.size(), 2u);
  EXPECT_EQ(a.fair_value_adjustments[0], (group::FairValueAdjustment{"1300", Amount("-40.25")}));
  EXPECT_EQ(a.fair_value_adjustments[1], (group::FairValueAdjustment{"2000", Amount("7")}));
}

TEST(AcquisitionConvertTest, TheRecordGoesBackToTheSameWire) {
  absl::StatusOr<group::AcquisitionUpsert> upsert = AcquisitionUpsertFromProto(Request());
  ASSERT_TRUE(upsert.ok()) << upsert.status();
  absl::StatusOr<v1::Acquisition> wire = AcquisitionToProto(upsert->acquisition, "USD");
  ASSERT_TRUE(wire.ok()) << wire.status();
  EXPECT_EQ(wire->SerializeAsString(), Request().acquisition().SerializeAsString())
      << wire->ShortDebugString();
}

TEST(AcquisitionConvertTest, WhatTheWireCannotSayIsRefusedNamingTheField) {
  const std::string text = kRequest;
  auto without = [&](const std::string& part) {
    std::string changed = text;
    changed.replace(changed.find(part), part.size(), "");
    return Request(changed);
  };
  ExpectInvalid(without("acquisition_date { year: 2024 month: 1 day: 1 }"), "acquisition_date",
                "MISSING_FIELD");
  ExpectInvalid(without(R"(consideration { currency_code: "EUR" units: 1234 nanos: 560000000 })"),
                "consideration", "MISSING_FIELD");
  ExpectInvalid(without(R"(currency_code: "EUR" )"), "consideration.currency_code",
                "MISSING_FIELD");
  ExpectInvalid(without("nci_measurement: NCI_MEASUREMENT_FAIR_VALUE"), "nci_measurement",
                "MISSING_FIELD");
  ExpectInvalid(without(R"(amount { currency_code: "USD" units: 7 })"),
                "fair_value_adjustments[1].amount", "MISSING_FIELD");
  v1::UpsertAcquisitionRequest request = Request();
  request.mutable_acquisition()->mutable_consideration()->set_nanos(-1);
  ExpectInvalid(request, "consideration", "INVALID_MONEY");
  request = Request();
  request.mutable_acquisition()->set_nci_measurement(static_cast<v1::NciMeasurement>(9));
  ExpectInvalid(request, "nci_measurement", "INVALID_ENUM");
  request = Request();
  request.mutable_acquisition()
      ->mutable_fair_value_adjustments(1)
      ->mutable_amount()
      ->set_currency_code("EUR");
  ExpectInvalid(request, "fair_value_adjustments[1].amount.currency_code", "CURRENCY_MISMATCH");
  request = Request();
  request.mutable_acquisition()->mutable_nci_fair_value()->clear_currency_code();
  ExpectInvalid(request, "nci_fair_value.currency_code", "MISSING_FIELD");
}

}  // namespace
}  // namespace interco::api
