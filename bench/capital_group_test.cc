#include "bench/capital_group.h"

#include <set>

#include "gtest/gtest.h"

namespace interco::bench {
namespace {

CapitalGroup Small() {
  CapitalGroup group({.entities = 40, .accounts = 40, .postings = 4000, .partners = 2});
  while (!group.NextPostings(1000).empty()) {
  }
  group.Finish();
  return group;
}

int64_t Sum(const CapitalGroup& group, const std::vector<CapitalLine>& lines,
            std::set<CapitalClass> classes, bool dividends_only = false) {
  int64_t sum = 0;
  for (const CapitalLine& line : lines) {
    const CapitalAccount& account = group.accounts()[line.account];
    if (dividends_only ? account.role == CapitalRole::kDividendsDeclared
                       : classes.count(account.account_class) > 0) {
      sum += line.cents;
    }
  }
  return sum;
}

// Natural signs, as capital consolidation reads the books.
int64_t Profit(const CapitalGroup& group, int entity, int month) {
  return -Sum(group, group.TrialBalance(entity, month),
              {CapitalClass::kIncome, CapitalClass::kExpense});
}
int64_t Dividends(const CapitalGroup& group, int entity, int month) {
  return Sum(group, group.TrialBalance(entity, month), {}, /*dividends_only=*/true);
}

TEST(CapitalGroupTest, ChartHasEachFlaggedAccountOnceAndTheAskedSize) {
  const CapitalGroup group = Small();
  ASSERT_EQ(group.accounts().size(), 40u);
  std::set<std::string> ids;
  int cash = 0;
  for (const CapitalAccount& account : group.accounts()) {
    EXPECT_TRUE(ids.insert(account.id).second) << account.id;
    cash += account.role == CapitalRole::kCash;
    const char first = account.id[0];
    switch (account.account_class) {
      case CapitalClass::kAsset:
        EXPECT_EQ(first, '1') << account.id;
        break;
      case CapitalClass::kLiability:
        EXPECT_EQ(first, '2') << account.id;
        break;
      case CapitalClass::kEquity:
        EXPECT_EQ(first, '3') << account.id;
        break;
      case CapitalClass::kIncome:
        EXPECT_EQ(first, '4') << account.id;
        break;
      case CapitalClass::kExpense:
        EXPECT_TRUE(first >= '5' && first <= '8') << account.id;
        break;
    }
  }
  EXPECT_EQ(cash, 1);
}

TEST(CapitalGroupTest, EveryTrialBalanceBalancesWithOneLinePerAccount) {
  const CapitalGroup group = Small();
  for (int e = 0; e < static_cast<int>(group.entities().size()); ++e) {
    for (int month = 0; month < kCapitalMonths; ++month) {
      const std::vector<CapitalLine> lines = group.TrialBalance(e, month);
      ASSERT_EQ(lines.size(), group.accounts().size());
      int64_t total = 0;
      for (const CapitalLine& line : lines) total += line.cents;
      EXPECT_EQ(total, 0) << group.entities()[e].id << " month " << month;
    }
  }
}

// What capital consolidation checks (capital_parts.cc, EQUITY_MOVED_OTHERWISE): net assets
// move from the month before the acquisition to the period by the post-acquisition profit
// less dividends, year by year.
TEST(CapitalGroupTest, EquityMovesOnlyByProfitLessDividendsSinceTheAcquisition) {
  const CapitalGroup group = Small();
  int checked = 0;
  for (int h = 0; h < static_cast<int>(group.entities().size()); ++h) {
    const CapitalEntity& held = group.entities()[h];
    if (held.holder < 0) continue;
    const int pre = held.acquisition_month - 1;
    const int at = kCapitalPeriodMonth;
    const int pre_year = static_cast<int>(CapitalMonth(pre).year());
    const int at_year = static_cast<int>(CapitalMonth(at).year());
    int64_t explained = 0;
    const int acquired_year = static_cast<int>(CapitalMonth(held.acquisition_month).year());
    for (int year = acquired_year; year < at_year; ++year) {
      const int december = 1;  // 2023-12, the only December of the window.
      int64_t profit = Profit(group, h, december), dividends = Dividends(group, h, december);
      if (year == pre_year) {
        profit -= Profit(group, h, pre);
        dividends -= Dividends(group, h, pre);
      }
      explained += profit - dividends;
    }
    int64_t profit = Profit(group, h, at), dividends = Dividends(group, h, at);
    if (pre_year == at_year) {
      profit -= Profit(group, h, pre);
      dividends -= Dividends(group, h, pre);
    }
    explained += profit - dividends;
    EXPECT_EQ(group.NetAssets(h, at) - group.NetAssets(h, pre), explained) << held.id;
    ++checked;
  }
  EXPECT_EQ(checked, 39);
}

TEST(CapitalGroupTest, HeldEntitiesHaveAHolderAboveThemAndAPositiveConsideration) {
  const CapitalGroup group = Small();
  int associates = 0, mid_year = 0;
  for (const CapitalEntity& entity : group.entities()) {
    if (entity.holder < 0) {
      EXPECT_EQ(entity.id, kCapitalParent);
      continue;
    }
    const CapitalEntity& holder = group.entities()[entity.holder];
    EXPECT_EQ(holder.tier + 1, entity.tier) << entity.id;
    EXPECT_FALSE(holder.associate) << entity.id;
    EXPECT_GT(entity.consideration_cents, 0) << entity.id;
    EXPECT_GE(entity.acquisition_month, 1);
    EXPECT_LT(entity.acquisition_month, kCapitalMonths);
    associates += entity.associate;
    mid_year += entity.acquisition_month > 1;
  }
  EXPECT_GT(associates, 0);
  EXPECT_GT(mid_year, 0);
}

// The intercompany accounts carry the ledger's figures: every posting's lines summed.
TEST(CapitalGroupTest, IntercompanyAccountsCarryTheLedgersFigures) {
  CapitalGroup group({.entities = 20, .accounts = 30, .postings = 500, .partners = 2});
  int64_t receivable = 0, payable = 0;
  std::vector<CapitalPosting> all;
  for (auto batch = group.NextPostings(100); !batch.empty(); batch = group.NextPostings(100)) {
    all.insert(all.end(), batch.begin(), batch.end());
  }
  ASSERT_EQ(all.size(), 500u);
  group.Finish();
  for (const CapitalPosting& p : all) {
    if (p.seller == 1) receivable += p.amount_cents;
    if (p.buyer == 1) payable -= p.buyer_functional_cents;
  }
  int64_t tb_receivable = 0, tb_payable = 0;
  for (const CapitalLine& line : group.TrialBalance(1, kCapitalPeriodMonth)) {
    const CapitalRole role = group.accounts()[line.account].role;
    if (role == CapitalRole::kIcReceivable) tb_receivable = line.cents;
    if (role == CapitalRole::kIcPayable) tb_payable = line.cents;
  }
  EXPECT_EQ(tb_receivable, receivable);
  EXPECT_EQ(tb_payable, payable);
}

TEST(CapitalGroupTest, RatesCoverEveryMonthAndPair) {
  const CapitalGroup group = Small();
  const std::vector<CapitalRate> rates = group.Rates();
  // Per month: 3 currencies to EUR (closing and average) and 3 cross pairs (closing).
  EXPECT_EQ(rates.size(), static_cast<size_t>(kCapitalMonths * 9));
  for (const CapitalRate& rate : rates) {
    EXPECT_LT(rate.valid_from, rate.valid_to);
    EXPECT_NE(rate.rate.find('.'), std::string::npos);
    EXPECT_NE(rate.rate.substr(0, 2), "0.0") << rate.rate;
  }
}

}  // namespace
}  // namespace interco::bench
