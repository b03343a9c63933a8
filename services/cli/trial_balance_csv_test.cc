#include "services/cli/trial_balance_csv.h"

#include "gtest/gtest.h"

namespace interco::cli {
namespace {

constexpr char kFile[] =
    "entity,period,currency,source_system,account,balance\n"
    "S,2024-12,USD,ERP-S,S-CASH,1250.00\n"
    "P,2024-12,USD,ERP-P,1000,5.00\n"
    "S,2024-12,USD,ERP-S,S-CAPITAL,-1250.00\n"
    "P,2024-12,USD,ERP-P,3000,\n"
    "\n";

TEST(TrialBalanceCsvTest, GroupsRowsByEntityAndPeriodAndDropsOnesWithBadRows) {
  absl::StatusOr<TrialBalanceCsv> file = ReadTrialBalanceCsv(kFile, DecimalMark::kPoint);
  ASSERT_TRUE(file.ok()) << file.status();
  ASSERT_EQ(file->trial_balances.size(), 1u);  // P has a row without a balance.
  const CsvTrialBalance& s = file->trial_balances[0];
  EXPECT_EQ(s.request.entity_id(), "S");
  EXPECT_EQ(s.request.lines_size(), 2);
  EXPECT_EQ(s.lines, (std::vector<int>{2, 4}));
  ASSERT_EQ(file->errors.size(), 1u);
  EXPECT_EQ(file->errors[0].line, 5);
}

TEST(TrialBalanceCsvTest, RequestIdFollowsTheContentNotTheFile) {
  const std::string reordered =
      "account,balance,entity,period,currency,source_system\n"
      "S-CASH,1250.00,S,2024-12,USD,ERP-S\n"
      "S-CAPITAL,-1250.00,S,2024-12,USD,ERP-S\n";
  const std::string changed =
      "entity,period,currency,source_system,account,balance\n"
      "S,2024-12,USD,ERP-S,S-CASH,1260.00\n"
      "S,2024-12,USD,ERP-S,S-CAPITAL,-1260.00\n";
  const std::string id =
      ReadTrialBalanceCsv(kFile, DecimalMark::kPoint)->trial_balances[0].request.request_id();
  EXPECT_EQ(
      ReadTrialBalanceCsv(reordered, DecimalMark::kPoint)->trial_balances[0].request.request_id(),
      id);
  EXPECT_NE(
      ReadTrialBalanceCsv(changed, DecimalMark::kPoint)->trial_balances[0].request.request_id(),
      id);
  EXPECT_EQ(id.rfind("tb:S.2024-12:", 0), 0u) << id;
}

TEST(TrialBalanceCsvTest, AMissingColumnIsRefused) {
  EXPECT_EQ(
      ReadTrialBalanceCsv("entity,period,account,balance\n", DecimalMark::kPoint).status().code(),
      absl::StatusCode::kInvalidArgument);
}

TEST(TrialBalanceCsvTest, AccountsAndMappingsRead) {
  absl::StatusOr<GroupAccountRows> accounts = ReadGroupAccountsCsv(
      "account,name,class,statement_line,elimination_family,flags\n"
      "1500,Investments,ASSET,BS.ASSETS.INVESTMENTS,INVESTMENT_EQUITY,INVESTMENT\n"
      "1600,Bad,ASSETS,BS.X,NONE,\n");
  ASSERT_TRUE(accounts.ok());
  ASSERT_EQ(accounts->accounts.size(), 1u);
  EXPECT_TRUE(accounts->accounts[0].second.account().investment_in_held_entity());
  ASSERT_EQ(accounts->errors.size(), 1u);
  EXPECT_EQ(accounts->errors[0].line, 3);

  absl::StatusOr<ChartMappingRows> mappings = ReadChartMappingsCsv(
      "entity,valid_from,local_account,group_account\n"
      "S,2023-01-01,S-CASH,1000\n"
      "S,2023-01-01,S-CAPITAL,3000\n");
  ASSERT_TRUE(mappings.ok());
  ASSERT_EQ(mappings->mappings.size(), 1u);
  EXPECT_EQ(mappings->mappings[0].second.mapping().mappings_size(), 2);
}

TEST(TrialBalanceCsvTest, GermanExcelsFileIsTheSameImport) {
  const std::string german =
      "\xEF\xBB\xBF"
      "entity;period;currency;source_system;account;balance\r\n"
      "S;2024-12;USD;ERP-S;S-CASH;1.250,00\r\n"
      "S;2024-12;USD;ERP-S;S-CAPITAL;-1.250,00\r\n";
  absl::StatusOr<TrialBalanceCsv> file = ReadTrialBalanceCsv(german, DecimalMark::kComma);
  ASSERT_TRUE(file.ok()) << file.status();
  ASSERT_EQ(file->trial_balances.size(), 1u);
  EXPECT_EQ(file->trial_balances[0].request.lines(0).balance().value(), "1250.00");
  EXPECT_EQ(
      file->trial_balances[0].request.request_id(),
      ReadTrialBalanceCsv(kFile, DecimalMark::kPoint)->trial_balances[0].request.request_id());
  absl::StatusOr<TrialBalanceCsv> unflagged = ReadTrialBalanceCsv(german, DecimalMark::kPoint);
  ASSERT_TRUE(unflagged.ok());
  ASSERT_EQ(unflagged->errors.size(), 2u);
  EXPECT_EQ(unflagged->errors[0].message,
            "balance: \"1.250,00\" is not an amount: its decimals are after a comma: give "
            "--decimal-comma");
}

}  // namespace
}  // namespace interco::cli
