// Trial balance CSV files for `interco tb import`: one row per account, any number of trial
// balances per file, each (entity, period) one import. Its request_id comes from its
// content (business_key.h), so a re-run, from any file, is answered with the version the
// first run created, and a corrected file becomes the next version.
#ifndef INTERCO_SERVICES_CLI_TRIAL_BALANCE_CSV_H_
#define INTERCO_SERVICES_CLI_TRIAL_BALANCE_CSV_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "interco/v1/trial_balance.pb.h"
#include "services/cli/decimal_text.h"
#include "services/cli/transactions_csv.h"

namespace interco::cli {

struct CsvTrialBalance {
  v1::ImportTrialBalanceRequest request;
  std::vector<int> lines;  // The file line of each request line.
};

struct TrialBalanceCsv {
  std::vector<CsvTrialBalance> trial_balances;  // In file order.
  // Rows that could not be read. A trial balance with such a row is not sent: without the
  // row it would not balance, or would say less than the file.
  std::vector<CsvRowError> errors;
};

inline constexpr char kTrialBalanceCsvColumns[] =
    "entity,period,currency,source_system,account,balance";

// INVALID_ARGUMENT for a file that is not CSV or lacks a column.
// Balances are read with `mark` as their decimal mark (decimal_text.h) and made plain
// before the request id is taken.
absl::StatusOr<TrialBalanceCsv> ReadTrialBalanceCsv(absl::string_view text, DecimalMark mark);

// The group chart's accounts: one UpsertGroupAccountRequest per row, and its file line.
// Columns: account,name,class,statement_line,elimination_family[,flags] with class ASSET,
// LIABILITY, EQUITY, INCOME or EXPENSE, the family NONE, RECEIVABLE_PAYABLE, REVENUE_COST,
// INTEREST, DIVIDEND or INVESTMENT_EQUITY, and flags among INTERCOMPANY, INVESTMENT,
// DIVIDEND_INCOME, DIVIDENDS_DECLARED separated by spaces.
struct GroupAccountRows {
  std::vector<std::pair<int, v1::UpsertGroupAccountRequest>> accounts;
  std::vector<CsvRowError> errors;
};
absl::StatusOr<GroupAccountRows> ReadGroupAccountsCsv(absl::string_view text);

// Mappings: entity,valid_from,local_account,group_account; one upsert per (entity,
// valid_from), with the file line of its first row.
struct ChartMappingRows {
  std::vector<std::pair<int, v1::UpsertChartMappingRequest>> mappings;
  std::vector<CsvRowError> errors;
};
absl::StatusOr<ChartMappingRows> ReadChartMappingsCsv(absl::string_view text);

}  // namespace interco::cli

#endif  // INTERCO_SERVICES_CLI_TRIAL_BALANCE_CSV_H_
