#include "services/cli/acquisitions_csv.h"

#include "gtest/gtest.h"

namespace interco::cli {
namespace {

constexpr char kHeader[] =
    "holder,held,acquisition_date,consideration,currency,investment_account,nci_measurement,"
    "nci_fair_value,held_currency,adjustment_account,adjustment_amount\n";

// P of B with two adjustments on lines 2 and 4; P of A on line 3 without any.
constexpr char kRows[] =
    "P,B,2020-01-01,1200000.50,EUR,1500,FAIR_VALUE,300000,USD,1300,25000\n"
    "P,A,2020-01-01,500000,EUR,1500,PROPORTIONATE,,,,\n"
    "P,B,2020-01-01,1200000.50,EUR,1500,FAIR_VALUE,300000,USD,2000,-12000.25\n"
    "\n";

TEST(AcquisitionsCsvTest, RowsOfOnePairAreOneAcquisitionWithItsAdjustmentsInFileOrder) {
  absl::StatusOr<AcquisitionsCsv> file =
      ReadAcquisitionsCsv(std::string(kHeader) + kRows, DecimalMark::kPoint);
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_TRUE(file->errors.empty());
  ASSERT_EQ(file->acquisitions.size(), 2u);
  const CsvAcquisition& b = file->acquisitions[0];
  EXPECT_EQ(b.line, 2);
  EXPECT_EQ(b.adjustment_lines, (std::vector<int>{2, 4}));
  const v1::Acquisition& a = b.request.acquisition();
  EXPECT_EQ(a.holder_id(), "P");
  EXPECT_EQ(a.held_id(), "B");
  EXPECT_EQ(a.acquisition_date().year(), 2020);
  EXPECT_EQ(a.consideration().currency_code(), "EUR");
  EXPECT_EQ(a.consideration().units(), 1200000);
  EXPECT_EQ(a.consideration().nanos(), 500000000);
  EXPECT_EQ(a.investment_account(), "1500");
  EXPECT_EQ(a.nci_measurement(), v1::NCI_MEASUREMENT_FAIR_VALUE);
  EXPECT_EQ(a.nci_fair_value().currency_code(), "USD");
  EXPECT_EQ(a.nci_fair_value().units(), 300000);
  ASSERT_EQ(a.fair_value_adjustments_size(), 2);
  EXPECT_EQ(a.fair_value_adjustments(1).account(), "2000");
  EXPECT_EQ(a.fair_value_adjustments(1).amount().units(), -12000);
  EXPECT_EQ(a.fair_value_adjustments(1).amount().nanos(), -250000000);
  const v1::Acquisition& of_a = file->acquisitions[1].request.acquisition();
  EXPECT_EQ(of_a.nci_measurement(), v1::NCI_MEASUREMENT_PROPORTIONATE);
  EXPECT_FALSE(of_a.has_nci_fair_value());
  EXPECT_EQ(of_a.fair_value_adjustments_size(), 0);
  EXPECT_TRUE(file->acquisitions[1].adjustment_lines.empty());
}

TEST(AcquisitionsCsvTest, RequestIdFollowsTheContentNotTheFile) {
  const std::string reordered =
      "held,holder,acquisition_date,consideration,currency,investment_account,nci_measurement\n"
      "A,P,2020-01-01,500000,EUR,1500,PROPORTIONATE\n";
  const std::string changed =
      "holder,held,acquisition_date,consideration,currency,investment_account,nci_measurement\n"
      "P,A,2020-01-01,500001,EUR,1500,PROPORTIONATE\n";
  const std::string id = ReadAcquisitionsCsv(std::string(kHeader) + kRows, DecimalMark::kPoint)
                             ->acquisitions[1]
                             .request.request_id();
  EXPECT_EQ(
      ReadAcquisitionsCsv(reordered, DecimalMark::kPoint)->acquisitions[0].request.request_id(),
      id);
  EXPECT_NE(ReadAcquisitionsCsv(changed, DecimalMark::kPoint)->acquisitions[0].request.request_id(),
            id);
  EXPECT_EQ(id.rfind("acq:P.A:", 0), 0u) << id;
}

TEST(AcquisitionsCsvTest, AnAcquisitionWithAnUnreadableRowIsNotSent) {
  const std::string rows =
      "P,B,2020-01-01,1200000.50,EUR,1500,FAIR_VALUE,300000,USD,1300,25000\n"
      "P,B,2020-01-01,1200000.50,EUR,1500,FAIR_VALUE,300001,USD,2000,1\n"  // Differs.
      "P,A,2020-01-01,500000,EUR,1500,HALF,,,,\n"                          // Unknown NCI.
      "P,C,2020-01-01,1,EUR,1500,PROPORTIONATE,,,1300,\n"                  // No amount.
      "P,D,2020-01-01,1,EUR,1500,PROPORTIONATE,,,1300,5\n"                 // No currency.
      "P,E,2020-06-31,1,EUR,1500,PROPORTIONATE,,,,\n"                      // No such day.
      "P,F,2020-06-01,1,EUR,1500\n"                                        // Too short.
      "P,G,2020-06-01,1,EUR,1500,PROPORTIONATE,,,,\n";
  absl::StatusOr<AcquisitionsCsv> file =
      ReadAcquisitionsCsv(std::string(kHeader) + rows, DecimalMark::kPoint);
  ASSERT_TRUE(file.ok()) << file.status();
  ASSERT_EQ(file->acquisitions.size(), 1u);
  EXPECT_EQ(file->acquisitions[0].request.acquisition().held_id(), "G");
  std::vector<int> lines;
  for (const CsvRowError& error : file->errors) lines.push_back(error.line);
  EXPECT_EQ(lines, (std::vector<int>{3, 4, 5, 6, 7, 8}));
  EXPECT_NE(file->errors[0].message.find("nci_fair_value"), std::string::npos);
  EXPECT_NE(file->errors[3].message.find("held_currency"), std::string::npos);
}

TEST(AcquisitionsCsvTest, AFileWithoutARequiredColumnIsRefused) {
  EXPECT_EQ(
      ReadAcquisitionsCsv("holder,held,acquisition_date\nP,A,2020-01-01\n", DecimalMark::kPoint)
          .status()
          .code(),
      absl::StatusCode::kInvalidArgument);
}

TEST(AcquisitionsCsvTest, DecimalCommasAreTheSameAcquisition) {
  const std::string plain =
      "holder,held,acquisition_date,consideration,currency,investment_account,nci_measurement\n"
      "P,A,2020-01-01,2500000.50,EUR,1500,PROPORTIONATE\n";
  const std::string german =
      "holder;held;acquisition_date;consideration;currency;investment_account;nci_measurement\n"
      "P;A;2020-01-01;2.500.000,50;EUR;1500;PROPORTIONATE\n";
  absl::StatusOr<AcquisitionsCsv> file = ReadAcquisitionsCsv(german, DecimalMark::kComma);
  ASSERT_TRUE(file.ok()) << file.status();
  ASSERT_EQ(file->acquisitions.size(), 1u) << (file->errors.empty() ? "" : file->errors[0].message);
  EXPECT_EQ(file->acquisitions[0].request.acquisition().consideration().units(), 2500000);
  EXPECT_EQ(file->acquisitions[0].request.request_id(),
            ReadAcquisitionsCsv(plain, DecimalMark::kPoint)->acquisitions[0].request.request_id());
}

}  // namespace
}  // namespace interco::cli
