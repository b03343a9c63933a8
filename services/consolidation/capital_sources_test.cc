// GatherCapitalInput on issue 17's EUR example: P (USD) buys 80% of S (EUR) on 2024-01-01
// for USD 1,100; what it reads (books of the period and of the month before the
// acquisition, rates, the acquisition), and what it refuses.
#include "services/consolidation/capital_sources.h"

#include <memory>
#include <utility>

#include "gtest/gtest.h"
#include "services/common/field_error.h"
#include "services/group/structure.h"
#include "services/trial_balance/memory_store.h"

namespace interco::consolidation {
namespace {

using trial_balance::AccountClass;
using trial_balance::ChartChange;
using trial_balance::GroupAccount;
using trial_balance::TrialBalanceLine;

Decimal D(const char* text) { return *Decimal::Parse(text); }
ledger::Period P(const char* text) { return *ledger::Period::Parse("period", text); }

std::string ReasonOf(const absl::Status& status) {
  const std::optional<ErrorDetail> detail = GetErrorDetail(status);
  return detail.has_value() ? detail->reason : "";
}

class NoLog final : public trial_balance::ChartLog {
 public:
  absl::Status Append(uint64_t, const ChartChange&) override {
    return absl::InternalError("read-only");
  }
};

std::unique_ptr<trial_balance::ChartRegistry> Charts() {
  std::vector<ChartChange> history;
  const auto add = [&history](const char* id, AccountClass account_class) {
    GroupAccount account;
    account.id = id;
    account.name = id;
    account.account_class = account_class;
    account.statement_line = "LINE";
    account.elimination_family = trial_balance::EliminationFamily::kNone;
    if (std::string(id) == "1500") {
      account.investment_in_held_entity = true;
      account.elimination_family = trial_balance::EliminationFamily::kInvestmentEquity;
    }
    history.push_back({std::string("account-") + id, account});
  };
  add("1000", AccountClass::kAsset);
  add("1500", AccountClass::kAsset);
  add("3000", AccountClass::kEquity);
  add("3100", AccountClass::kEquity);
  add("4000", AccountClass::kIncome);
  add("6000", AccountClass::kExpense);
  static NoLog* const kLog = new NoLog();
  return *trial_balance::ChartRegistry::Create(std::move(history), kLog, trial_balance::Chart());
}

pricing::FxRate Rate(pricing::RateType type, absl::CivilDay from, absl::CivilDay to,
                     const char* rate) {
  return {"EUR", "USD", type, from, to, D(rate)};
}

class CapitalSourcesTest : public ::testing::Test {
 protected:
  CapitalSourcesTest() : charts_(Charts()), structure_(group::OwnershipThresholds{}) {
    for (const auto& [id, currency] : {std::pair{"P", "USD"}, {"S", "EUR"}, {"X", "EUR"}}) {
      group::LegalEntity entity;
      entity.id = id;
      entity.name = id;
      entity.jurisdiction = "DE";
      entity.functional_currency = currency;
      EXPECT_TRUE(structure_.Apply(entity).ok());
    }
    EXPECT_TRUE(structure_.Apply(Edge("P", "S", "0.8")).ok());
    EXPECT_TRUE(structure_.Apply(Acquisition("P", "S", "1100", "USD")).ok());
    using T = pricing::RateType;
    EXPECT_TRUE(fx_.Upsert(Rate(T::kClosing, absl::CivilDay(2023, 12, 31),
                                absl::CivilDay(2024, 1, 1), "1.10"))
                    .ok());
    EXPECT_TRUE(fx_.Upsert(Rate(T::kAverage, absl::CivilDay(2024, 1, 1), absl::CivilDay(2025, 1, 1),
                                "1.12"))
                    .ok());
    EXPECT_TRUE(fx_.Upsert(Rate(T::kClosing, absl::CivilDay(2024, 12, 31),
                                absl::CivilDay(2025, 1, 1), "1.15"))
                    .ok());
    Import("S", "2023-12", "EUR", {{"1000", "1100"}, {"3000", "-500"}, {"3100", "-600"}});
    Import("S", "2024-12", "EUR",
           {{"1000", "1300"}, {"3000", "-500"}, {"3100", "-600"}, {"4000", "-200"}});
    Import("P", "2024-12", "USD",
           {{"1000", "1246"}, {"1500", "1100"}, {"3000", "-2000"}, {"4000", "-346"}});
  }

  static group::OwnershipEdge Edge(const char* holder, const char* held, const char* share) {
    return {holder, held, D(share), D(share), absl::CivilDay(2024, 1, 1), {}, false, false};
  }

  static group::Acquisition Acquisition(const char* holder, const char* held, const char* paid,
                                        const char* currency) {
    group::Acquisition acquisition;
    acquisition.holder_id = holder;
    acquisition.held_id = held;
    acquisition.acquisition_date = absl::CivilDay(2024, 1, 1);
    acquisition.consideration = D(paid);
    acquisition.consideration_currency = currency;
    acquisition.investment_account = "1500";
    return acquisition;
  }

  // Lines as (account, balance), each account at most once.
  void Import(const char* entity, const char* period, const char* currency,
              std::vector<std::pair<const char*, const char*>> lines) {
    trial_balance::TrialBalance tb;
    tb.header.entity_id = entity;
    tb.header.period = P(period);
    tb.header.currency = currency;
    tb.header.import_sequence = store_.last_import_sequence() + 1;
    tb.header.request_id = "import-" + std::to_string(tb.header.import_sequence);
    tb.header.version = 1;
    std::map<std::string, Decimal> sums;
    for (const auto& [account, balance] : lines)
      sums[account] = *Decimal::Add(sums[account], D(balance));
    for (const auto& [account, balance] : sums) tb.lines.push_back({account, account, balance});
    tb.header.line_count = tb.lines.size();
    ASSERT_TRUE(store_.Append(tb).ok());
  }

  absl::StatusOr<GatheredInput> Gather(const char* period) {
    absl::StatusOr<EntityBooksReader> reader = EntityBooksReader::Open(store_, *charts_, 0, 0);
    if (!reader.ok()) return reader.status();
    reader_ = std::make_unique<EntityBooksReader>(*std::move(reader));
    CapitalSources sources;
    sources.structure = &structure_;
    sources.fx = &fx_;
    sources.books = reader_.get();
    sources.ledger = &ledger_;
    sources.parent_id = "P";
    sources.presentation_currency = "USD";
    return GatherCapitalInput(sources, P(period));
  }

  std::unique_ptr<trial_balance::ChartRegistry> charts_;
  group::GroupStructure structure_;
  pricing::FxTable fx_;
  trial_balance::MemoryTrialBalanceStore store_;
  std::vector<ledger::PeriodBalance> ledger_;
  std::unique_ptr<EntityBooksReader> reader_;
};

TEST_F(CapitalSourcesTest, ReadsThePeriodTheMonthBeforeTheAcquisitionAndTheRates) {
  const absl::StatusOr<GatheredInput> gathered = Gather("2024-12");
  ASSERT_TRUE(gathered.ok()) << gathered.status();
  const CapitalInput& input = gathered->input;
  ASSERT_EQ(input.entities.size(), 2u);
  EXPECT_EQ(input.entities[1].entity_id, "S");
  EXPECT_EQ(input.entities[1].group_share, D("0.8"));
  EXPECT_EQ(input.entities[1].reporting.closing_rate, D("1.15"));
  EXPECT_EQ(input.entities[1].reporting.average_rate, D("1.12"));
  ASSERT_EQ(input.acquisitions.size(), 1u);
  const CapitalAcquisition& facts = input.acquisitions[0];
  EXPECT_EQ(facts.pre_acquisition.period, P("2023-12"));
  EXPECT_EQ(facts.acquisition_rate, D("1.10"));  // No SPOT that day: the CLOSING before.
  EXPECT_EQ(facts.consideration_held_currency, D("1000"));
  EXPECT_EQ(facts.held_currency, "EUR");
  EXPECT_EQ(facts.direct_share, D("0.8"));
  EXPECT_TRUE(facts.year_ends.empty());
  EXPECT_EQ(gathered->read.size(), 3u);
  EXPECT_FALSE(NeedsOpening(input));

  const absl::StatusOr<CapitalConsolidation> result = ConsolidateCapital(input, nullptr);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->goodwill[0].closing, D("138"));
}

TEST_F(CapitalSourcesTest, ALaterYearNeedsTheDecembersAndOpensWithTheOneBefore) {
  using T = pricing::RateType;
  ASSERT_TRUE(
      fx_.Upsert(Rate(T::kClosing, absl::CivilDay(2025, 6, 30), absl::CivilDay(2025, 7, 1), "1.2"))
          .ok());
  ASSERT_TRUE(
      fx_.Upsert(Rate(T::kAverage, absl::CivilDay(2025, 1, 1), absl::CivilDay(2025, 7, 1), "1.18"))
          .ok());
  Import("S", "2025-06", "EUR",
         {{"1000", "1350"}, {"3000", "-500"}, {"3100", "-800"}, {"4000", "-50"}});
  Import("P", "2025-06", "USD",
         {{"1000", "1246"}, {"1500", "1100"}, {"3000", "-2000"}, {"3100", "-346"}});
  const absl::StatusOr<GatheredInput> gathered = Gather("2025-06");
  ASSERT_TRUE(gathered.ok()) << gathered.status();
  ASSERT_EQ(gathered->input.acquisitions[0].year_ends.size(), 1u);
  EXPECT_EQ(gathered->input.acquisitions[0].year_ends[0].period, P("2024-12"));
  EXPECT_EQ(gathered->input.acquisitions[0].year_ends[0].closing_rate, D("1.15"));
  EXPECT_TRUE(NeedsOpening(gathered->input));
}

TEST_F(CapitalSourcesTest, RefusesWhatIsMissing) {
  // No trial balances for 2024-11: the first entity is named.
  absl::StatusOr<GatheredInput> gathered = Gather("2024-11");
  EXPECT_EQ(gathered.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(gathered.status()), "MISSING_TRIAL_BALANCE");
  EXPECT_EQ(GetErrorDetail(gathered.status())->value, "P 2024-11");
  // With them, but without November's EUR/USD rates.
  Import("P", "2024-11", "USD", {{"1000", "1000"}, {"1500", "1100"}, {"3000", "-2100"}});
  Import("S", "2024-11", "EUR", {{"1000", "1100"}, {"3000", "-500"}, {"3100", "-600"}});
  gathered = Gather("2024-11");
  EXPECT_EQ(ReasonOf(gathered.status()), "FX_RATE_MISSING");
}

TEST_F(CapitalSourcesTest, AnEntityAcquiredByTwoGroupEntitiesIsRefused) {
  ASSERT_TRUE(structure_.Apply(Edge("P", "X", "0.3")).ok());
  ASSERT_TRUE(structure_.Apply(Edge("S", "X", "0.4")).ok());
  ASSERT_TRUE(structure_.Apply(Acquisition("P", "X", "10", "USD")).ok());
  ASSERT_TRUE(structure_.Apply(Acquisition("S", "X", "10", "EUR")).ok());
  const absl::StatusOr<GatheredInput> gathered = Gather("2024-12");
  EXPECT_EQ(ReasonOf(gathered.status()), "MULTIPLE_ACQUISITIONS");
}

TEST_F(CapitalSourcesTest, AnEntityBoughtByASubsidiaryBeforeTheGroupBoughtItIsRefused) {
  // S bought X in 2023; the group obtained control of X only with S, on 2024-01-01.
  ASSERT_TRUE(structure_
                  .Apply(group::OwnershipEdge{
                      "S", "X", D("0.9"), D("0.9"), absl::CivilDay(2023, 1, 1), {}, false, false})
                  .ok());
  group::Acquisition early = Acquisition("S", "X", "10", "EUR");
  early.acquisition_date = absl::CivilDay(2023, 1, 1);
  ASSERT_TRUE(structure_.Apply(early).ok());
  const absl::StatusOr<GatheredInput> gathered = Gather("2024-12");
  EXPECT_EQ(ReasonOf(gathered.status()), "ACQUIRED_BEFORE_HOLDER");
}

TEST_F(CapitalSourcesTest, ATrialBalanceMissingBeforeTheAcquisitionIsNamed) {
  ASSERT_TRUE(structure_.Apply(Edge("P", "X", "0.9")).ok());
  ASSERT_TRUE(structure_.Apply(Acquisition("P", "X", "10", "USD")).ok());
  Import("X", "2024-12", "EUR", {{"1000", "10"}, {"3000", "-10"}});
  const absl::StatusOr<GatheredInput> gathered = Gather("2024-12");
  EXPECT_EQ(ReasonOf(gathered.status()), "MISSING_TRIAL_BALANCE");
  EXPECT_EQ(GetErrorDetail(gathered.status())->value, "X 2023-12");
}

}  // namespace
}  // namespace interco::consolidation
