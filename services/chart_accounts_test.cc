#include "services/chart_accounts.h"

#include "gtest/gtest.h"

namespace interco {
namespace {

class NoLog : public trial_balance::ChartLog {
 public:
  absl::Status Append(uint64_t, const trial_balance::ChartChange&) override {
    return absl::OkStatus();
  }
};

trial_balance::GroupAccount Account(const std::string& id,
                                    trial_balance::AccountClass account_class,
                                    bool investment = false) {
  trial_balance::GroupAccount account;
  account.id = id;
  account.name = "Account " + id;
  account.account_class = account_class;
  account.statement_line = "BS.X";
  account.elimination_family = investment ? trial_balance::EliminationFamily::kInvestmentEquity
                                          : trial_balance::EliminationFamily::kNone;
  account.investment_in_held_entity = investment;
  return account;
}

TEST(RegistryChartAccountsTest, ReadsClassAndInvestmentFlagFromTheCurrentChart) {
  NoLog log;
  auto chart = trial_balance::ChartRegistry::Create({}, &log, trial_balance::Chart());
  ASSERT_TRUE(chart.ok()) << chart.status();
  const RegistryChartAccounts accounts(chart->get());
  EXPECT_FALSE(accounts.Find("1500").has_value());
  using trial_balance::AccountClass;
  int request = 0;
  for (const auto& account :
       {Account("1500", AccountClass::kAsset, true), Account("2000", AccountClass::kLiability),
        Account("3000", AccountClass::kEquity), Account("4000", AccountClass::kIncome)}) {
    ASSERT_TRUE((*chart)->Apply({"r" + std::to_string(++request), account}).ok());
  }
  const auto investment = accounts.Find("1500");
  ASSERT_TRUE(investment.has_value());
  EXPECT_TRUE(investment->asset_or_liability && investment->investment_in_held_entity);
  EXPECT_TRUE(accounts.Find("2000")->asset_or_liability);
  EXPECT_FALSE(accounts.Find("2000")->investment_in_held_entity);
  EXPECT_FALSE(accounts.Find("3000")->asset_or_liability);
  EXPECT_FALSE(accounts.Find("4000")->asset_or_liability);
}

}  // namespace
}  // namespace interco
