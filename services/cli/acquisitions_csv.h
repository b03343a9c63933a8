// Acquisition CSV files for `interco acquisitions load`: one acquisition per (holder, held),
// on one row, or on several when it has several fair-value adjustments (one per row; the
// acquisition's own columns repeat on each). Its request_id comes from its content
// (business_key.h): a re-run, from any file, is answered with the structure version the
// first run created, and a corrected row becomes the next version, replacing the record.
#ifndef INTERCO_SERVICES_CLI_ACQUISITIONS_CSV_H_
#define INTERCO_SERVICES_CLI_ACQUISITIONS_CSV_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "interco/v1/group_structure.pb.h"
#include "services/cli/decimal_text.h"
#include "services/cli/transactions_csv.h"

namespace interco::cli {

// held_currency is the held entity's functional currency on the acquisition date, in which
// nci_fair_value and the adjustments are stated; it is required with either. Amounts are
// exact decimals ("1000.50"); nci_measurement is PROPORTIONATE or FAIR_VALUE.
inline constexpr char kAcquisitionsCsvColumns[] =
    "holder,held,acquisition_date,consideration,currency,investment_account,nci_measurement,"
    "nci_fair_value,held_currency,adjustment_account,adjustment_amount (the last four "
    "optional)";

struct CsvAcquisition {
  v1::UpsertAcquisitionRequest request;
  int line = 0;                       // The file line of its first row.
  std::vector<int> adjustment_lines;  // The file line of each adjustment, in order.
};

struct AcquisitionsCsv {
  std::vector<CsvAcquisition> acquisitions;  // In the order of their first rows.
  // Rows that could not be read. An acquisition with such a row is not sent: without it,
  // it would say less than the file.
  std::vector<CsvRowError> errors;
};

// INVALID_ARGUMENT for a file that is not CSV or lacks a required column.
// Amounts (consideration, nci_fair_value, adjustment_amount) are read with `mark` as their
// decimal mark (decimal_text.h) and made plain before the request id is taken.
absl::StatusOr<AcquisitionsCsv> ReadAcquisitionsCsv(absl::string_view text, DecimalMark mark);

}  // namespace interco::cli

#endif  // INTERCO_SERVICES_CLI_ACQUISITIONS_CSV_H_
