#include "services/trial_balance/chart.h"

#include "gtest/gtest.h"
#include "services/common/field_error.h"

namespace interco::trial_balance {
namespace {

GroupAccount Account(std::string id, AccountClass account_class) {
  GroupAccount account;
  account.id = id;
  account.name = "Account " + id;
  account.account_class = account_class;
  account.statement_line = "BS.OTHER";
  return account;
}

std::string FieldOf(const absl::Status& status) {
  const auto detail = GetErrorDetail(status);
  return detail.has_value() ? detail->field : "";
}

std::string ReasonOf(const absl::Status& status) {
  const auto detail = GetErrorDetail(status);
  return detail.has_value() ? detail->reason : "";
}

TEST(ChartTest, EachUpsertIsAVersionAndAnAccountKeepsItsClass) {
  Chart chart;
  ASSERT_TRUE(chart.Apply(Account("1000", AccountClass::kAsset)).ok());
  GroupAccount renamed = Account("1000", AccountClass::kAsset);
  renamed.name = "Cash at bank";
  ASSERT_TRUE(chart.Apply(renamed).ok());
  EXPECT_EQ(chart.version(), 2u);
  EXPECT_EQ(chart.FindAccount("1000")->name, "Cash at bank");
  EXPECT_EQ(chart.accounts().at("1000").version, 2u);

  const absl::Status changed = chart.Apply(Account("1000", AccountClass::kLiability)).status();
  EXPECT_EQ(changed.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(changed), "CLASS_CHANGED");
  EXPECT_EQ(chart.version(), 2u);
}

TEST(ChartTest, FlagsMustFitTheClassAndTheFamily) {
  Chart chart;
  GroupAccount investment = Account("1500", AccountClass::kLiability);
  investment.investment_in_held_entity = true;
  investment.elimination_family = EliminationFamily::kInvestmentEquity;
  absl::Status status = chart.Apply(investment).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldOf(status), "investment_in_held_entity");

  investment.account_class = AccountClass::kAsset;
  investment.elimination_family = EliminationFamily::kNone;
  status = chart.Apply(investment).status();
  EXPECT_EQ(FieldOf(status), "elimination_family");
  EXPECT_EQ(ReasonOf(status), "FAMILY_NOT_FOR_FLAG");

  investment.elimination_family = EliminationFamily::kInvestmentEquity;
  EXPECT_TRUE(chart.Apply(investment).ok());

  GroupAccount dividends = Account("3300", AccountClass::kIncome);
  dividends.dividends_declared = true;
  dividends.elimination_family = EliminationFamily::kDividend;
  EXPECT_EQ(FieldOf(chart.Apply(dividends).status()), "dividends_declared");
}

TEST(ChartTest, MappingNamesOnlyChartAccountsAndEachLocalAccountOnce) {
  Chart chart;
  ASSERT_TRUE(chart.Apply(Account("1000", AccountClass::kAsset)).ok());
  ChartMapping mapping{"A", absl::CivilDay(2024, 1, 1), {{"BANK", "1000"}, {"AR", "1200"}}};
  absl::Status status = chart.Apply(mapping).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(FieldOf(status), "mappings[1].group_account");

  mapping.mappings = {{"BANK", "1000"}, {"BANK", "1000"}};
  status = chart.Apply(mapping).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldOf(status), "mappings[1].local_account");
  EXPECT_EQ(ReasonOf(status), "DUPLICATE_ACCOUNT");
  EXPECT_EQ(chart.version(), 1u);
}

// A mapping may name the ledger's account names as posted, so that consolidation can place
// the ledger's intercompany balances on the group chart; control characters stay out.
TEST(ChartTest, LocalAccountsMayBeLedgerAccountNames) {
  Chart chart;
  ASSERT_TRUE(chart.Apply(Account("1200", AccountClass::kAsset)).ok());
  ChartMapping mapping{"A", absl::CivilDay(2024, 1, 1), {{"1310 IC receivable", "1200"}}};
  ASSERT_TRUE(chart.Apply(mapping).ok());
  EXPECT_EQ(chart.Resolve("A", absl::CivilDay(2024, 6, 30), "1310 IC receivable").account->id,
            "1200");
  mapping.mappings = {{"1310 IC", "1200"}, {"bad\x01", "1200"}};
  absl::Status status = chart.Apply(mapping).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldOf(status), "mappings[1].local_account");
  EXPECT_EQ(ReasonOf(status), "INVALID_ACCOUNT");
  mapping.mappings = {{std::string(kMaxLocalAccountBytes + 1, 'x'), "1200"}};
  EXPECT_EQ(ReasonOf(chart.Apply(mapping).status()), "TOO_LONG");
  EXPECT_EQ(chart.version(), 2u);
}

TEST(ChartTest, ResolvesThroughTheMappingInEffectOrTheGroupChartWithoutOne) {
  Chart chart;
  ASSERT_TRUE(chart.Apply(Account("1000", AccountClass::kAsset)).ok());
  ASSERT_TRUE(chart.Apply(Account("1010", AccountClass::kAsset)).ok());
  ASSERT_TRUE(chart.Apply(ChartMapping{"A", absl::CivilDay(2024, 1, 1), {{"BANK", "1000"}}}).ok());
  ASSERT_TRUE(chart.Apply(ChartMapping{"A", absl::CivilDay(2024, 7, 1), {{"BANK", "1010"}}}).ok());

  EXPECT_EQ(chart.Resolve("A", absl::CivilDay(2024, 6, 30), "BANK").account->id, "1000");
  EXPECT_EQ(chart.Resolve("A", absl::CivilDay(2024, 7, 31), "BANK").account->id, "1010");
  // Mapped, but this local account is not in the mapping.
  const ResolvedAccount unmapped = chart.Resolve("A", absl::CivilDay(2024, 6, 30), "1000");
  EXPECT_EQ(unmapped.account, nullptr);
  EXPECT_TRUE(unmapped.mapped);
  // Before A's first mapping, and for an entity without one: the group chart itself.
  EXPECT_EQ(chart.Resolve("A", absl::CivilDay(2023, 12, 31), "1000").account->id, "1000");
  EXPECT_EQ(chart.Resolve("B", absl::CivilDay(2024, 6, 30), "1010").account->id, "1010");
  EXPECT_EQ(chart.Resolve("B", absl::CivilDay(2024, 6, 30), "BANK").account, nullptr);
}

}  // namespace
}  // namespace interco::trial_balance
