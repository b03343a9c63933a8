#include "services/consolidation/capital.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "services/common/field_error.h"
#include "services/consolidation/capital_parts.h"

namespace interco::consolidation {
namespace {

using trial_balance::AccountClass;
using trial_balance::EliminationFamily;

Decimal D(const char* text) { return *Decimal::Parse(text); }
ledger::Period P(const char* text) { return *ledger::Period::Parse("period", text); }

trial_balance::Chart ExampleChart() {
  trial_balance::Chart chart;
  const auto add = [&chart](const char* id, AccountClass account_class, const char* line,
                            EliminationFamily family = EliminationFamily::kNone) {
    trial_balance::GroupAccount account;
    account.id = id;
    account.name = id;
    account.account_class = account_class;
    account.statement_line = line;
    account.elimination_family = family;
    if (std::string(id) == "1500") account.investment_in_held_entity = true;
    if (std::string(id) == "1510") account.investment_in_held_entity = true;
    if (std::string(id) == "3200") account.dividends_declared = true;
    if (std::string(id) == "4900") account.dividend_income = true;
    if (family == EliminationFamily::kReceivablePayable)
      account.intercompany_by_counterparty = true;
    EXPECT_TRUE(chart.Apply(account).ok()) << id;
  };
  add("1000", AccountClass::kAsset, "BS.ASSETS.CASH");
  add("1200", AccountClass::kAsset, "BS.ASSETS.IC_RECEIVABLES",
      EliminationFamily::kReceivablePayable);
  add("1500", AccountClass::kAsset, "BS.ASSETS.INVESTMENTS", EliminationFamily::kInvestmentEquity);
  add("1510", AccountClass::kAsset, "BS.ASSETS.INVESTMENTS", EliminationFamily::kInvestmentEquity);
  add("1700", AccountClass::kAsset, "BS.ASSETS.PPE");
  add("2200", AccountClass::kLiability, "BS.LIABILITIES.IC_PAYABLES",
      EliminationFamily::kReceivablePayable);
  add("3000", AccountClass::kEquity, "BS.EQUITY.SHARE_CAPITAL");
  add("3100", AccountClass::kEquity, "BS.EQUITY.RETAINED_EARNINGS");
  add("3200", AccountClass::kEquity, "BS.EQUITY.DIVIDENDS", EliminationFamily::kDividend);
  add("4000", AccountClass::kIncome, "IS.REVENUE");
  add("4900", AccountClass::kIncome, "IS.DIVIDEND_INCOME", EliminationFamily::kDividend);
  add("6000", AccountClass::kExpense, "IS.OPERATING_EXPENSES");
  return chart;
}

Books Lines(std::vector<std::pair<const char*, const char*>> lines) {
  Books books;
  for (const auto& [account, amount] : lines) books.push_back({account, "", D(amount)});
  return books;
}

PeriodBooks At(const char* period, Books lines, const char* closing = "1",
               const char* average = "1") {
  return {P(period), std::move(lines), D(closing), D(average)};
}

// Issue 17's worked example: P buys 80% of S on 2024-01-01 for 1,000; S's equity then is
// share capital 500 and retained earnings 600; in 2024 S earns 200 (revenue 500, expenses
// 300) and declares a dividend of 50, of which P books 40; P's own profit is 300.
struct Example {
  trial_balance::Chart chart = ExampleChart();
  CapitalInput input;

  // `eur`: S keeps EUR books; P pays USD 1,100; EUR/USD 1.10 at acquisition, 1.12 average,
  // 1.15 closing.
  explicit Example(bool eur, group::NciMeasurement nci = group::NciMeasurement::kProportionate,
                   const char* nci_fair_value = "0") {
    input.parent_id = "P";
    input.presentation_currency = "USD";
    input.period = P("2024-12");
    input.chart = &chart;
    const char* paid = eur ? "1100" : "1000";
    const char* income = eur ? "-46" : "-40";
    const char* cash = eur ? "1746" : "1840";
    CapitalEntity parent{"P", group::ConsolidationMethod::kFull, D("1"),
                         At("2024-12", Lines({{"1000", cash},
                                              {"1500", paid},
                                              {"3000", "-2000"},
                                              {"3100", "-500"},
                                              {"4000", "-800"},
                                              {"6000", "500"},
                                              {"4900", income}})),
                         D("1")};
    CapitalEntity sub{"S", group::ConsolidationMethod::kFull, D("0.8"),
                      At("2024-12",
                         Lines({{"1000", "1250"},
                                {"3000", "-500"},
                                {"3100", "-600"},
                                {"4000", "-500"},
                                {"6000", "300"},
                                {"3200", "50"}}),
                         eur ? "1.15" : "1", eur ? "1.12" : "1"),
                      D("1")};
    input.entities = {parent, sub};
    CapitalAcquisition acquisition;
    acquisition.acquisition.holder_id = "P";
    acquisition.acquisition.held_id = "S";
    acquisition.acquisition.acquisition_date = absl::CivilDay(2024, 1, 1);
    acquisition.acquisition.consideration = D(paid);
    acquisition.acquisition.consideration_currency = "USD";
    acquisition.acquisition.investment_account = "1500";
    acquisition.acquisition.nci_measurement = nci;
    if (nci == group::NciMeasurement::kFairValue) {
      acquisition.acquisition.nci_fair_value = D(nci_fair_value);
    }
    acquisition.direct_share = D("0.8");
    acquisition.pre_acquisition =
        At("2023-12", Lines({{"1000", "1100"}, {"3000", "-500"}, {"3100", "-600"}}));
    acquisition.acquisition_rate = D(eur ? "1.1" : "1");
    acquisition.held_currency = eur ? "EUR" : "USD";
    acquisition.consideration_held_currency = D("1000");
    input.acquisitions = {acquisition};
  }
};

Decimal LineOf(const std::vector<StatementLine>& lines, const std::string& name) {
  for (const StatementLine& line : lines) {
    if (line.line == name) return line.amount;
  }
  return Decimal();
}

Decimal Eliminated(const CapitalConsolidation& result, EliminationType type,
                   const std::string& entity, const std::string& account) {
  Decimal sum;
  for (const JournalLine& line : result.eliminations) {
    if (line.type == type && line.entity_id == entity && line.account == account) {
      sum = *Decimal::Add(sum, line.amount);
    }
  }
  return sum;
}

void ExpectProofs(const CapitalConsolidation& result) {
  EXPECT_EQ(result.trial_balance_sum, Decimal());
  const Decimal sum = *Decimal::Add(*Decimal::Add(result.assets, result.liabilities),
                                    *Decimal::Add(result.equity_owners, result.nci_total));
  EXPECT_EQ(sum, Decimal()) << "assets = liabilities + equity + NCI";
}

TEST(CapitalTest, WorkedExampleWithProportionateNci) {
  Example example(/*eur=*/false);
  const auto result = ConsolidateCapital(example.input, nullptr);
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->goodwill.size(), 1u);
  EXPECT_EQ(result->goodwill[0].functional, D("120"));
  EXPECT_EQ(result->goodwill[0].closing, D("120"));
  ASSERT_EQ(result->nci.size(), 1u);
  const NciRollForward& nci = result->nci[0];
  EXPECT_EQ(nci.opening, D("0"));
  EXPECT_EQ(nci.acquisition, D("-220"));
  EXPECT_EQ(nci.profit, D("-40"));
  EXPECT_EQ(nci.dividends, D("10"));
  EXPECT_EQ(nci.cta, D("0"));
  EXPECT_EQ(nci.closing, D("-250"));
  EXPECT_EQ(result->profit, D("-500"));
  EXPECT_EQ(result->profit_owners, D("-460"));
  EXPECT_EQ(result->profit_nci, D("-40"));
  EXPECT_EQ(Eliminated(*result, EliminationType::kDividends, "P", "4900"), D("40"));
  EXPECT_EQ(Eliminated(*result, EliminationType::kCapital, "P", "1500"), D("-1000"));
  EXPECT_EQ(Eliminated(*result, EliminationType::kCapital, "S", "3000"), D("500"));
  EXPECT_EQ(Eliminated(*result, EliminationType::kCapital, "S", "3100"), D("600"));
  EXPECT_EQ(LineOf(result->financial_position, "BS.ASSETS.GOODWILL"), D("120"));
  EXPECT_EQ(LineOf(result->financial_position, "BS.EQUITY.NCI"), D("-250"));
  EXPECT_EQ(LineOf(result->financial_position, "BS.ASSETS.INVESTMENTS"), D("0"));
  EXPECT_EQ(LineOf(result->financial_position, "BS.EQUITY.SHARE_CAPITAL"), D("-2000"));
  EXPECT_EQ(LineOf(result->income_statement, "IS.DIVIDEND_INCOME"), D("0"));
  EXPECT_EQ(result->assets, D("3210"));
  EXPECT_EQ(result->nci_total, D("-250"));
  ExpectProofs(*result);
}

TEST(CapitalTest, WorkedExampleWithNciAtFairValue) {
  Example example(/*eur=*/false, group::NciMeasurement::kFairValue, "270");
  const auto result = ConsolidateCapital(example.input, nullptr);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->goodwill[0].functional, D("170"));
  EXPECT_EQ(result->nci[0].acquisition, D("-270"));
  EXPECT_EQ(result->nci[0].closing, D("-300"));
  EXPECT_EQ(result->profit_owners, D("-460"));
  EXPECT_EQ(result->profit_nci, D("-40"));
  EXPECT_EQ(result->assets, D("3260"));
  ExpectProofs(*result);
}

TEST(CapitalTest, WorkedExampleInEuro) {
  Example example(/*eur=*/true);
  const auto result = ConsolidateCapital(example.input, nullptr);
  ASSERT_TRUE(result.ok()) << result.status();
  const GoodwillEntry& goodwill = result->goodwill[0];
  EXPECT_EQ(goodwill.functional, D("120"));
  EXPECT_EQ(goodwill.at_acquisition, D("132"));
  EXPECT_EQ(goodwill.closing, D("138"));
  const NciRollForward& nci = result->nci[0];
  EXPECT_EQ(nci.acquisition, D("-242"));
  EXPECT_EQ(nci.profit, D("-44.8"));
  EXPECT_EQ(nci.dividends, D("11.5"));
  EXPECT_EQ(nci.cta, D("-12.2"));
  EXPECT_EQ(nci.closing, D("-287.5"));
  ASSERT_EQ(result->cta.size(), 1u);  // P keeps USD books: no CTA.
  const CtaRollForward& cta = result->cta[0];
  EXPECT_EQ(cta.entity_id, "S");
  EXPECT_EQ(cta.closing, D("-67"));  // S's 61.00 and goodwill's 6.00, gains.
  EXPECT_EQ(cta.nci, D("-12.2"));
  EXPECT_EQ(cta.owners, D("-54.8"));
  EXPECT_EQ(LineOf(result->financial_position, "BS.EQUITY.CTA"), D("-54.8"));
  EXPECT_EQ(Eliminated(*result, EliminationType::kDividends, "P", "4900"), D("46"));
  EXPECT_EQ(result->profit, D("-524"));
  EXPECT_EQ(result->profit_nci, D("-44.8"));
  EXPECT_EQ(result->profit_owners, D("-479.2"));
  EXPECT_EQ(result->assets, D("3321.5"));
  EXPECT_EQ(result->nci_total, D("-287.5"));
  ExpectProofs(*result);
}

std::string ReasonOf(const absl::Status& status) {
  const auto detail = GetErrorDetail(status);
  return detail.has_value() ? detail->reason : "";
}

// The EUR example a year on: in 2025 S earns 100 (revenue 300, expenses 200) and declares
// nothing; EUR/USD 1.20 average, 1.25 closing; P earns 100.
TEST(CapitalTest, TheSecondYearCarriesEquityAtHistoricalRatesAndRollsForward) {
  Example year_one(/*eur=*/true);
  const auto opening = ConsolidateCapital(year_one.input, nullptr);
  ASSERT_TRUE(opening.ok()) << opening.status();

  Example example(/*eur=*/true);
  example.input.period = P("2025-12");
  example.input.entities[0].reporting = At("2025-12", Lines({{"1000", "1846"},
                                                             {"1500", "1100"},
                                                             {"3000", "-2000"},
                                                             {"3100", "-846"},
                                                             {"4000", "-300"},
                                                             {"6000", "200"}}));
  example.input.entities[1].reporting = At("2025-12",
                                           Lines({{"1000", "1350"},
                                                  {"3000", "-500"},
                                                  {"3100", "-750"},
                                                  {"4000", "-300"},
                                                  {"6000", "200"}}),
                                           "1.25", "1.2");
  CapitalAcquisition& acquisition = example.input.acquisitions[0];
  // Without the December before, the equity of 2024 has no historical rate.
  auto result = ConsolidateCapital(example.input, &*opening);
  EXPECT_EQ(ReasonOf(result.status()), "MISSING_TRIAL_BALANCE");
  acquisition.year_ends = {year_one.input.entities[1].reporting};

  result = ConsolidateCapital(example.input, &*opening);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->goodwill[0].closing, D("150"));
  const NciRollForward& nci = result->nci[0];
  EXPECT_EQ(nci.opening, D("-287.5"));
  EXPECT_EQ(nci.acquisition, D("0"));
  EXPECT_EQ(nci.profit, D("-24"));
  EXPECT_EQ(nci.dividends, D("0"));
  EXPECT_EQ(nci.cta, D("-26"));  // 20% of S's CTA moving from 61.00 to 191.00.
  EXPECT_EQ(nci.closing, D("-337.5"));
  const CtaRollForward& cta = result->cta[0];
  EXPECT_EQ(cta.opening, D("-67"));
  EXPECT_EQ(cta.closing, D("-209"));  // S's 191.00 and goodwill's 18.00.
  EXPECT_EQ(cta.movement, D("-142"));
  EXPECT_EQ(cta.owners, D("-170.8"));
  EXPECT_EQ(result->profit, D("-220"));
  EXPECT_EQ(result->profit_nci, D("-24"));
  EXPECT_EQ(result->profit_owners, D("-196"));
  EXPECT_EQ(result->assets, D("3683.5"));
  EXPECT_EQ(result->equity_owners, D("-3346"));
  ExpectProofs(*result);
}

// P buys 80% of S on 2024-07-01 for 1,000; S earned 60 before (revenue 200, expenses 140)
// and 140 after: only the 140 is the group's.
TEST(CapitalTest, AMidYearAcquisitionConsolidatesOnlyPostAcquisitionIncome) {
  Example example(/*eur=*/false);
  example.input.entities[0].reporting = At("2024-12", Lines({{"1000", "1800"},
                                                             {"1500", "1000"},
                                                             {"3000", "-2000"},
                                                             {"3100", "-500"},
                                                             {"4000", "-800"},
                                                             {"6000", "500"}}));
  example.input.entities[1].reporting = At("2024-12", Lines({{"1000", "1300"},
                                                             {"3000", "-500"},
                                                             {"3100", "-600"},
                                                             {"4000", "-500"},
                                                             {"6000", "300"}}));
  CapitalAcquisition& acquisition = example.input.acquisitions[0];
  acquisition.acquisition.acquisition_date = absl::CivilDay(2024, 7, 1);
  acquisition.pre_acquisition = At("2024-06", Lines({{"1000", "1160"},
                                                     {"3000", "-500"},
                                                     {"3100", "-600"},
                                                     {"4000", "-200"},
                                                     {"6000", "140"}}));
  const auto result = ConsolidateCapital(example.input, nullptr);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->goodwill[0].functional, D("72"));  // 1,000 + 232 - 1,160.
  EXPECT_EQ(result->nci[0].acquisition, D("-232"));
  EXPECT_EQ(result->nci[0].closing, D("-260"));
  EXPECT_EQ(LineOf(result->income_statement, "IS.REVENUE"), D("-1100"));
  EXPECT_EQ(LineOf(result->income_statement, "IS.OPERATING_EXPENSES"), D("660"));
  EXPECT_EQ(result->profit, D("-440"));
  EXPECT_EQ(result->profit_nci, D("-28"));
  EXPECT_EQ(result->profit_owners, D("-412"));
  ExpectProofs(*result);
}

TEST(CapitalTest, PayingLessThanTheNetAssetsIsABargainPurchaseGain) {
  Example example(/*eur=*/false);
  example.input.entities[0].reporting.lines[0].amount = D("2040");
  example.input.entities[0].reporting.lines[1].amount = D("800");
  example.input.acquisitions[0].acquisition.consideration = D("800");
  example.input.acquisitions[0].consideration_held_currency = D("800");
  const auto result = ConsolidateCapital(example.input, nullptr);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->goodwill[0].bargain_purchase);
  EXPECT_EQ(result->goodwill[0].functional, D("-80"));  // 800 + 220 - 1,100.
  EXPECT_EQ(LineOf(result->financial_position, "BS.ASSETS.GOODWILL"), D("0"));
  EXPECT_EQ(LineOf(result->income_statement, "IS.BARGAIN_PURCHASE_GAIN"), D("-80"));
  EXPECT_EQ(result->profit_owners, D("-540"));
  ExpectProofs(*result);
}

// P buys 80% of S for 900; S had bought 60% of T for 400 (both on 2024-01-01); T earns
// 100. The group holds 48% of T: its NCI is 52%, and S's NCI bears 20% of the cost of T.
TEST(CapitalTest, ASubSubsidiarysNciSeesTheIndirectShares) {
  trial_balance::Chart chart = ExampleChart();
  CapitalInput input;
  input.parent_id = "P";
  input.presentation_currency = "USD";
  input.period = P("2024-12");
  input.chart = &chart;
  const auto entity = [](const char* id, const char* share, Books lines) {
    return CapitalEntity{id, group::ConsolidationMethod::kFull, D(share),
                         At("2024-12", std::move(lines)), D("1")};
  };
  input.entities = {
      entity("P", "1", Lines({{"1000", "100"}, {"1500", "900"}, {"3000", "-1000"}})),
      entity("S", "0.8", Lines({{"1000", "600"}, {"1510", "400"}, {"3000", "-1000"}})),
      entity("T", "0.48", Lines({{"1000", "600"}, {"3000", "-500"}, {"4000", "-100"}}))};
  const auto acquisition = [](const char* holder, const char* held, const char* paid,
                              const char* account, const char* share, Books pre) {
    CapitalAcquisition facts;
    facts.acquisition.holder_id = holder;
    facts.acquisition.held_id = held;
    facts.acquisition.acquisition_date = absl::CivilDay(2024, 1, 1);
    facts.acquisition.consideration = D(paid);
    facts.acquisition.consideration_currency = "USD";
    facts.acquisition.investment_account = account;
    facts.direct_share = D(share);
    facts.pre_acquisition = At("2023-12", std::move(pre));
    facts.acquisition_rate = D("1");
    facts.held_currency = "USD";
    facts.consideration_held_currency = D(paid);
    return facts;
  };
  input.acquisitions = {
      acquisition("P", "S", "900", "1500", "0.8",
                  Lines({{"1000", "600"}, {"1510", "400"}, {"3000", "-1000"}})),
      acquisition("S", "T", "400", "1510", "0.6", Lines({{"1000", "500"}, {"3000", "-500"}}))};
  const auto result = ConsolidateCapital(input, nullptr);
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->goodwill.size(), 2u);
  EXPECT_EQ(result->goodwill[0].functional, D("100"));  // 900 + 200 - 1,000.
  EXPECT_EQ(result->goodwill[1].functional, D("80"));   // 80% of (400 - 60% of 500).
  EXPECT_EQ(result->nci_total, D("-432"));              // 200 - 80 for S; 260 + 52 for T.
  EXPECT_EQ(result->profit_nci, D("-52"));
  EXPECT_EQ(result->profit_owners, D("-48"));
  EXPECT_EQ(result->assets, D("1480"));
  ExpectProofs(*result);
}

// P holds 30% of A, bought on 2024-01-01 for 300; A earns 100 and declares 20 (P books 6).
TEST(CapitalTest, AnAssociateIsCarriedAtCostPlusItsShareOfPostAcquisitionProfit) {
  Example example(/*eur=*/false);
  example.input.entities[0].reporting = At("2024-12", Lines({{"1000", "1546"},
                                                             {"1500", "1000"},
                                                             {"1510", "300"},
                                                             {"3000", "-2000"},
                                                             {"3100", "-500"},
                                                             {"4000", "-800"},
                                                             {"6000", "500"},
                                                             {"4900", "-46"}}));
  example.input.entities.push_back(
      {"A", group::ConsolidationMethod::kEquity, D("0.3"),
       At("2024-12", Lines({{"1000", "980"}, {"3000", "-900"}, {"4000", "-100"}, {"3200", "20"}})),
       D("1")});
  CapitalAcquisition associate;
  associate.acquisition.holder_id = "P";
  associate.acquisition.held_id = "A";
  associate.acquisition.acquisition_date = absl::CivilDay(2024, 1, 1);
  associate.acquisition.consideration = D("300");
  associate.acquisition.consideration_currency = "USD";
  associate.acquisition.investment_account = "1510";
  associate.direct_share = D("0.3");
  associate.pre_acquisition = At("2023-12", Lines({{"1000", "900"}, {"3000", "-900"}}));
  associate.acquisition_rate = D("1");
  associate.held_currency = "USD";
  associate.consideration_held_currency = D("300");
  example.input.acquisitions.push_back(associate);
  const auto result = ConsolidateCapital(example.input, nullptr);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(Eliminated(*result, EliminationType::kEquityMethod, "P", "1510"), D("24"));
  EXPECT_EQ(LineOf(result->income_statement, "IS.SHARE_OF_PROFIT_OF_ASSOCIATES"), D("-30"));
  EXPECT_EQ(LineOf(result->income_statement, "IS.DIVIDEND_INCOME"), D("0"));
  EXPECT_EQ(LineOf(result->financial_position, "BS.ASSETS.INVESTMENTS"), D("324"));
  EXPECT_EQ(result->profit_owners, D("-490"));  // 460 + 30.
  ExpectProofs(*result);
}

TEST(CapitalTest, IntercompanyBalancesAreEliminatedAndTheirDifferenceGoesToSuspense) {
  Example example(/*eur=*/false);
  example.input.entities[0].reporting.lines.push_back({"1200", "S", D("70")});
  example.input.entities[0].reporting.lines.push_back({"1000", "", D("-70")});
  example.input.entities[1].reporting.lines.push_back({"2200", "P", D("-65")});
  example.input.entities[1].reporting.lines.push_back({"1000", "", D("65")});
  const auto result = ConsolidateCapital(example.input, nullptr);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(Eliminated(*result, EliminationType::kBalances, "P", "1200"), D("-70"));
  EXPECT_EQ(Eliminated(*result, EliminationType::kBalances, "S", "2200"), D("65"));
  EXPECT_EQ(LineOf(result->financial_position, "BS.ASSETS.IC_RECEIVABLES"), D("0"));
  EXPECT_EQ(LineOf(result->financial_position, "BS.ASSETS.IC_SUSPENSE"), D("5"));
  ExpectProofs(*result);
}

TEST(CapitalTest, AnIncomeAndExpenseDifferenceStaysInTheResultOnALineOfItsOwn) {
  Example example(/*eur=*/false);
  trial_balance::GroupAccount revenue;
  revenue.id = "4100";
  revenue.name = "IC revenue";
  revenue.account_class = AccountClass::kIncome;
  revenue.statement_line = "IS.REVENUE";
  revenue.elimination_family = EliminationFamily::kRevenueCost;
  revenue.intercompany_by_counterparty = true;
  ASSERT_TRUE(example.chart.Apply(revenue).ok());
  // S sold 30 to P, which put it in its stock: no cost line of P's meets it.
  example.input.entities[1].reporting.lines.push_back({"4100", "P", D("-30")});
  example.input.entities[1].reporting.lines[3].amount = D("-470");  // Outside revenue.
  const auto result = ConsolidateCapital(example.input, nullptr);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(Eliminated(*result, EliminationType::kIncomeExpense, "S", "4100"), D("30"));
  EXPECT_EQ(LineOf(result->income_statement, "IS.INTERCOMPANY_DIFFERENCES"), D("-30"));
  EXPECT_EQ(result->profit, D("-500"));  // No entity's profit changes.
  EXPECT_EQ(LineOf(result->financial_position, "BS.ASSETS.IC_SUSPENSE"), D("0"));
  ExpectProofs(*result);
}

TEST(CapitalTest, AnEntityHeldThroughTwoGroupEntitiesIsRefused) {
  // The group's share of S is not P's 80% alone (as if another subsidiary held 10% too).
  Example example(/*eur=*/false);
  example.input.entities[1].group_share = D("0.9");
  const auto result = ConsolidateCapital(example.input, nullptr);
  EXPECT_EQ(ReasonOf(result.status()), "INDIRECT_HOLDINGS_NOT_MODELLED");
}

TEST(CapitalTest, UnrealisedProfitComesOffTheBuyersInventoryAndTheSellersNciShare) {
  Example example(/*eur=*/false);
  example.input.inventory = {{"S", "P", D("10")}};
  const auto result = ConsolidateCapital(example.input, nullptr);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(
      Eliminated(*result, EliminationType::kUnrealisedProfit, "P", kUnrealisedInventoryAccount),
      D("-10"));
  EXPECT_EQ(result->profit, D("-490"));
  EXPECT_EQ(result->profit_nci, D("-38"));  // 20% of S's 200 - 10.
  ExpectProofs(*result);
}

TEST(CapitalTest, RefusesWhatItCannotConsolidate) {
  {
    Example example(/*eur=*/false);
    example.input.acquisitions.clear();
    const auto result = ConsolidateCapital(example.input, nullptr);
    EXPECT_EQ(result.status().code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_EQ(ReasonOf(result.status()), "MISSING_ACQUISITION");
  }
  {
    Example example(/*eur=*/false);  // A capital increase of 100 in 2024.
    example.input.entities[1].reporting.lines[0].amount = D("1350");
    example.input.entities[1].reporting.lines[1].amount = D("-600");
    const auto result = ConsolidateCapital(example.input, nullptr);
    EXPECT_EQ(ReasonOf(result.status()), "EQUITY_MOVED_OTHERWISE");
  }
  {
    Example example(/*eur=*/false);
    example.input.entities[1].reporting.lines[0].amount = D("1251");
    const auto result = ConsolidateCapital(example.input, nullptr);
    EXPECT_EQ(ReasonOf(result.status()), "NOT_BALANCED");
  }
  {
    Example example(/*eur=*/false);
    example.input.acquisitions[0].acquisition.acquisition_date = absl::CivilDay(2025, 1, 1);
    const auto result = ConsolidateCapital(example.input, nullptr);
    EXPECT_EQ(ReasonOf(result.status()), "ACQUISITION_AFTER_PERIOD");
  }
  {
    Example example(/*eur=*/false);
    example.input.entities[1].reporting.lines.push_back({"9999", "", D("0")});
    const auto result = ConsolidateCapital(example.input, nullptr);
    EXPECT_EQ(ReasonOf(result.status()), "UNKNOWN_ACCOUNT");
  }
  {
    Example example(/*eur=*/false);
    example.input.acquisitions[0].acquisition.holder_id = "X";
    const auto result = ConsolidateCapital(example.input, nullptr);
    EXPECT_EQ(ReasonOf(result.status()), "HOLDER_NOT_CONSOLIDATED");
  }
}

// Issue 24: an overflow said only "a consolidation sum leaves the exact range"; it names
// the figure that left it, by its terms, and the first one only.
TEST(ArithTest, AnOverflowNamesTheFirstFigureThatLeftTheRange) {
  capital_internal::Arith arith("EUR");
  const Decimal big = *Decimal::Parse("170141183460469231731");
  EXPECT_EQ(arith.Add(Decimal::FromUnits(1), Decimal::FromUnits(2)), Decimal::FromUnits(3));
  EXPECT_TRUE(arith.status().ok());
  arith.Add(big, Decimal::FromUnits(1));
  arith.Mul(big, Decimal::FromUnits(2));
  const absl::Status status = arith.status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(GetErrorDetail(status)->reason, "OVERFLOW");
  EXPECT_NE(status.message().find("a figure of the consolidation, 170141183460469231731 + 1, "
                                  "exceeds the exact range"),
            std::string::npos)
      << status;
}

}  // namespace
}  // namespace interco::consolidation
