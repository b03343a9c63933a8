// The merge of a trial balance with the ledger's intercompany balances, on the figures of
// docs/TRIAL_BALANCES.md ("The merge"): A (EUR) books in the group chart's accounts; B (USD)
// keeps local accounts and its ledger uses the default chart's names, both mapped.
#include "services/consolidation/entity_books.h"

#include <algorithm>
#include <memory>
#include <utility>

#include "gtest/gtest.h"
#include "services/common/field_error.h"
#include "services/consolidation/period_balances.h"
#include "services/group/model.h"
#include "services/group/structure.h"
#include "services/trial_balance/memory_store.h"

namespace interco::consolidation {
namespace {

using trial_balance::AccountClass;
using trial_balance::Chart;
using trial_balance::ChartChange;
using trial_balance::ChartMapping;
using trial_balance::EliminationFamily;
using trial_balance::GroupAccount;
using trial_balance::TrialBalanceLine;

Decimal D(const char* text) { return *Decimal::Parse(text); }
ledger::Period P(const char* text) { return *ledger::Period::Parse("period", text); }

GroupAccount Account(const char* id, AccountClass account_class, bool intercompany = false) {
  GroupAccount account;
  account.id = id;
  account.name = std::string("Account ") + id;
  account.account_class = account_class;
  account.statement_line = "LINE";
  account.elimination_family = EliminationFamily::kNone;
  account.intercompany_by_counterparty = intercompany;
  return account;
}

// The group chart: cash, IC receivables (flagged), inventory, IC payables (flagged), share
// capital, retained earnings, revenue, IC revenue (flagged), cost of sales; then B's
// mapping of its trial balance's numbers and of its ledger's account names.
std::vector<ChartChange> ChartHistory() {
  using C = AccountClass;
  std::vector<ChartChange> history;
  for (const GroupAccount& account :
       {Account("1000", C::kAsset), Account("1200", C::kAsset, true), Account("1300", C::kAsset),
        Account("2200", C::kLiability, true), Account("3000", C::kEquity),
        Account("3100", C::kEquity), Account("4000", C::kIncome), Account("4100", C::kIncome, true),
        Account("5000", C::kExpense)}) {
    history.push_back({"account-" + account.id, account});
  }
  history.push_back({"map-B", ChartMapping{"B",
                                           absl::CivilDay(2024, 1, 1),
                                           {{"10100", "1000"},
                                            {"13000", "1300"},
                                            {"22000", "2200"},
                                            {"31000", "3000"},
                                            {"51000", "5000"},
                                            {"1400 inventory", "1300"},
                                            {"2310 IC payable", "2200"}}}});
  return history;
}

class NoLog final : public trial_balance::ChartLog {
 public:
  absl::Status Append(uint64_t, const ChartChange&) override {
    return absl::InternalError("read-only");
  }
};

std::unique_ptr<trial_balance::ChartRegistry> Charts(std::vector<ChartChange> history) {
  static NoLog* const kLog = new NoLog();
  return *trial_balance::ChartRegistry::Create(std::move(history), kLog, Chart());
}

std::vector<std::string> Lines(const Books& books) {
  std::vector<std::string> out;
  for (const BookLine& line : books) {
    out.push_back(line.account + "/" + line.counterparty_id + " " + line.amount.ToString());
  }
  return out;
}

std::vector<std::string> Differences(const std::vector<LedgerGlDifference>& differences) {
  std::vector<std::string> out;
  for (const LedgerGlDifference& d : differences) {
    out.push_back(d.entity_id + " " + d.group_account + " gl " + d.general_ledger.ToString() +
                  " ledger " + d.ledger.ToString() + " diff " + d.difference.ToString());
  }
  return out;
}

std::string ReasonOf(const absl::Status& status) {
  const std::optional<ErrorDetail> detail = GetErrorDetail(status);
  return detail.has_value() ? detail->reason : "";
}

bool GroupEntity(absl::string_view id) { return id == "A" || id == "B" || id == "C"; }

class EntityBooksTest : public ::testing::Test {
 protected:
  EntityBooksTest() : charts_(Charts(ChartHistory())), chart_(*charts_->Current()) {}

  absl::StatusOr<MergedBooks> Merge(const char* entity,
                                    const std::vector<TrialBalanceLine>& trial_balance,
                                    const std::vector<EntityBalance>& ledger) {
    return MergeEntityBooks(entity, P("2024-06"), trial_balance, ledger, chart_, GroupEntity);
  }

  std::unique_ptr<trial_balance::ChartRegistry> charts_;
  const Chart& chart_;
};

// A's trial balance (docs/TRIAL_BALANCES.md): IC receivables 310,000.00 of which the ledger
// holds 200,000.00 from B and 100,000.00 from C; IC revenue -310,000.00, all with B on the
// ledger.
std::vector<TrialBalanceLine> AlphaTrialBalance() {
  return {{"1000", "1000", D("800000.00")},   {"1200", "1200", D("310000.00")},
          {"3000", "3000", D("-1000000.00")}, {"3100", "3100", D("-600000.00")},
          {"4000", "4000", D("-1000000.00")}, {"4100", "4100", D("-310000.00")},
          {"5000", "5000", D("1800000.00")}};
}

TEST_F(EntityBooksTest, LedgerByCounterpartyWithTheResidualOnTheSameAccount) {
  const std::vector<EntityBalance> ledger = {
      {"A", "1200", "B", D("200000")},
      {"A", "1200", "C", D("100000")},
      {"A", "4100", "B", D("-310000")},
      {"A", "1000", "", D("-5")},  // Not flagged: the trial balance holds it.
      {"A", "5000", "B", D("5")},  // Not flagged either, though with a group entity.
  };
  absl::StatusOr<MergedBooks> merged = Merge("A", AlphaTrialBalance(), ledger);
  ASSERT_TRUE(merged.ok()) << merged.status();
  EXPECT_EQ(Lines(merged->books),
            (std::vector<std::string>{"1000/ 800000", "1200/ 10000", "1200/B 200000",
                                      "1200/C 100000", "3000/ -1000000", "3100/ -600000",
                                      "4000/ -1000000", "4100/B -310000", "5000/ 1800000"}));
  EXPECT_EQ(Differences(merged->differences),
            (std::vector<std::string>{"A 1200 gl 310000 ledger 300000 diff 10000",
                                      "A 4100 gl -310000 ledger -310000 diff 0"}));
  Decimal total;
  for (const BookLine& line : merged->books) total = *Decimal::Add(total, line.amount);
  EXPECT_TRUE(total.is_zero()) << "the books still balance";
}

TEST_F(EntityBooksTest, TheLedgersOwnBalanceWithoutCounterpartyJoinsTheResidual) {
  const std::vector<EntityBalance> ledger = {
      {"A", "1200", "", D("7")},
      {"A", "1200", "B", D("300000")},
  };
  absl::StatusOr<MergedBooks> merged = Merge("A", AlphaTrialBalance(), ledger);
  ASSERT_TRUE(merged.ok()) << merged.status();
  EXPECT_EQ(Lines(merged->books)[1], "1200/ 10000");  // 310,000 - 300,000 named.
  EXPECT_EQ(Lines(merged->books)[2], "1200/B 300000");
  EXPECT_EQ(Differences(merged->differences)[0], "A 1200 gl 310000 ledger 300007 diff 9993");
  // The trial balance has no ledger on IC revenue: all of it stays without counterparty.
  EXPECT_EQ(Differences(merged->differences)[1], "A 4100 gl -310000 ledger 0 diff -310000");
}

TEST_F(EntityBooksTest, AFlaggedAccountOnlyTheLedgerHasIsTakenOutAgainByTheResidual) {
  const std::vector<EntityBalance> ledger = {{"A", "2200", "C", D("-120.50")}};
  absl::StatusOr<MergedBooks> merged = Merge("A", AlphaTrialBalance(), ledger);
  ASSERT_TRUE(merged.ok()) << merged.status();
  const std::vector<std::string> lines = Lines(merged->books);
  EXPECT_NE(std::find(lines.begin(), lines.end(), "2200/ 120.5"), lines.end());
  EXPECT_NE(std::find(lines.begin(), lines.end(), "2200/C -120.5"), lines.end());
  EXPECT_EQ(Differences(merged->differences)[1], "A 2200 gl 0 ledger -120.5 diff 120.5");
}

// B's ledger names its accounts as the default chart does; its mapping places them.
TEST_F(EntityBooksTest, MappedLedgerAccountsLandOnTheirGroupAccounts) {
  const std::vector<TrialBalanceLine> trial_balance = {{"10100", "1000", D("450000.00")},
                                                       {"13000", "1300", D("900000.00")},
                                                       {"22000", "2200", D("-330000.00")},
                                                       {"31000", "3000", D("-1020000.00")}};
  const std::vector<EntityBalance> ledger = {
      {"B", "1400 inventory", "A", D("330000")},  // Not flagged: ignored.
      {"B", "2310 IC payable", "A", D("-220000")},
      {"B", "2310 IC payable", "C", D("-110000")},
  };
  absl::StatusOr<MergedBooks> merged = Merge("B", trial_balance, ledger);
  ASSERT_TRUE(merged.ok()) << merged.status();
  EXPECT_EQ(Lines(merged->books),
            (std::vector<std::string>{"1000/ 450000", "1300/ 900000", "2200/A -220000",
                                      "2200/C -110000", "3000/ -1020000"}));
  EXPECT_EQ(Differences(merged->differences),
            (std::vector<std::string>{"B 2200 gl -330000 ledger -330000 diff 0"}));
}

TEST_F(EntityBooksTest, AnUnplacedLedgerAccountIsAnErrorOnlyWhenIntercompany) {
  // With an outsider, with the entity itself, or without counterparty: not needed.
  for (const char* counterparty : {"retail-customer-77", "B", ""}) {
    const std::vector<EntityBalance> ledger = {
        {"B", "1200 trade receivable", counterparty, D("449.70")}};
    EXPECT_TRUE(Merge("B", {}, ledger).ok()) << counterparty;
  }
  // With another legal entity of the group: it could be on a flagged account.
  const std::vector<EntityBalance> ledger = {{"B", "1310 IC receivable", "C", D("1")}};
  absl::Status status = Merge("B", {}, ledger).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(status), "UNMAPPED_LEDGER_ACCOUNT");
  EXPECT_NE(status.message().find("B's ledger account \"1310 IC receivable\" (a balance with C)"),
            absl::string_view::npos)
      << status;
  // A has no mapping: its ledger accounts must be group accounts of the same id.
  status = Merge("A", {}, {{"A", "1310 IC receivable", "C", D("1")}}).status();
  EXPECT_EQ(ReasonOf(status), "UNMAPPED_LEDGER_ACCOUNT");
  // A zero balance places nothing.
  EXPECT_TRUE(Merge("A", {}, {{"A", "1310 IC receivable", "C", D("0")}}).ok());
  // A chart that flags no account compares nothing, and needs no ledger account.
  const auto unflagged = Charts({ChartHistory()[0], ChartHistory()[4]});  // 1000 and 3000.
  absl::StatusOr<MergedBooks> merged = MergeEntityBooks(
      "A", P("2024-06"), {{"1000", "1000", D("5")}, {"3000", "3000", D("-5")}},
      {{"A", "1310 IC receivable", "C", D("1")}}, *unflagged->Current(), GroupEntity);
  ASSERT_TRUE(merged.ok()) << merged.status();
  EXPECT_TRUE(merged->differences.empty());
  EXPECT_EQ(Lines(merged->books), (std::vector<std::string>{"1000/ 5", "3000/ -5"}));
}

TEST_F(EntityBooksTest, ALedgerAccountOnAFlaggedAccountOfTheOtherBasisIsRefused) {
  // "1200" is a balance-sheet number to the ledger; 4100 is income, year to date.
  std::vector<ChartChange> history = ChartHistory();
  history.push_back({"map-C", ChartMapping{"C", absl::CivilDay(2024, 1, 1), {{"1200", "4100"}}}});
  const auto charts = Charts(std::move(history));
  absl::Status status = MergeEntityBooks("C", P("2024-06"), {}, {{"C", "1200", "A", D("1")}},
                                         *charts->Current(), GroupEntity)
                            .status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(status), "LEDGER_ACCOUNT_CLASS_MISMATCH");
}

TEST_F(EntityBooksTest, ATrialBalanceAccountTheChartVersionLacksIsRefused) {
  const auto early = Charts({ChartHistory()[0]});  // Only 1000.
  absl::Status status =
      MergeEntityBooks("A", P("2024-06"), AlphaTrialBalance(), {}, *early->Current(), GroupEntity)
          .status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(status), "GROUP_ACCOUNT_NOT_IN_CHART");
}

// The reader: trial balances from the store, ledger balances year to date.
class EntityBooksReaderTest : public EntityBooksTest {
 protected:
  EntityBooksReaderTest() : structure_(group::OwnershipThresholds{}) {
    for (const auto& [id, currency] : {std::pair{"A", "EUR"}, {"B", "USD"}, {"C", "JPY"}}) {
      group::LegalEntity entity;
      entity.id = id;
      entity.name = id;
      entity.jurisdiction = "DE";
      entity.functional_currency = currency;
      EXPECT_TRUE(structure_.Apply(entity).ok());
    }
  }

  void Import(const char* entity, const char* period, const char* currency,
              std::vector<TrialBalanceLine> lines) {
    trial_balance::TrialBalance tb;
    tb.header.entity_id = entity;
    tb.header.period = P(period);
    tb.header.currency = currency;
    tb.header.import_sequence = store_.last_import_sequence() + 1;
    tb.header.request_id = "import-" + std::to_string(tb.header.import_sequence);
    std::optional<trial_balance::TrialBalanceHeader> latest =
        *store_.FindHeader(entity, P(period), {});
    tb.header.version = latest.has_value() ? latest->version + 1 : 1;
    tb.header.line_count = lines.size();
    tb.lines = std::move(lines);
    ASSERT_TRUE(store_.Append(tb).ok());
  }

  group::GroupStructure structure_;
  trial_balance::MemoryTrialBalanceStore store_;
};

TEST_F(EntityBooksReaderTest, EntitiesWithoutATrialBalanceAreAbsent) {
  Import("A", "2024-06", "EUR", AlphaTrialBalance());
  // The ledger of 2024: IC revenue with B in March and June (year to date), the receivable
  // since 2023 (cumulative), a sale of 2023 (retained earnings), and July (later).
  const std::vector<ledger::PeriodBalance> ledger = {
      {"A", P("2023-11"), "1200", "B", D("10000"), "EUR", D("10000")},
      {"A", P("2023-11"), "4100", "B", D("-10000"), "EUR", D("-10000")},
      {"A", P("2024-03"), "1200", "B", D("100000"), "EUR", D("100000")},
      {"A", P("2024-03"), "4100", "B", D("-100000"), "EUR", D("-100000")},
      {"A", P("2024-06"), "1200", "B", D("200000"), "EUR", D("200000")},
      {"A", P("2024-06"), "4100", "B", D("-200000"), "EUR", D("-200000")},
      {"A", P("2024-07"), "4100", "B", D("-5"), "EUR", D("-5")},
      {"B", P("2024-06"), "2310 IC payable", "A", D("-1"), "EUR", D("-1.1")},
  };
  absl::StatusOr<EntityBooksReader> reader = EntityBooksReader::Open(store_, *charts_, 0, 0);
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_EQ(reader->import_sequence(), 1u);
  EXPECT_EQ(reader->chart_version(), 10u);
  absl::StatusOr<std::map<std::string, EntityBooks>> books =
      reader->Read(structure_, {"A", "B", "C"}, P("2024-06"), ledger);
  ASSERT_TRUE(books.ok()) << books.status();
  ASSERT_EQ(books->size(), 1u) << "B and C have no trial balance for 2024-06";
  const EntityBooks& alpha = books->at("A");
  EXPECT_EQ(alpha.trial_balance.version, 1u);
  EXPECT_EQ(alpha.trial_balance.import_sequence, 1u);
  EXPECT_EQ(Differences(alpha.differences),
            (std::vector<std::string>{"A 1200 gl 310000 ledger 310000 diff 0",
                                      "A 4100 gl -310000 ledger -300000 diff -10000"}));
}

TEST_F(EntityBooksReaderTest, ReadsAsOfAnImportSequenceFixedWhenOpened) {
  Import("A", "2024-06", "EUR", {{"1000", "1000", D("1")}, {"3000", "3000", D("-1")}});
  absl::StatusOr<EntityBooksReader> before = EntityBooksReader::Open(store_, *charts_, 0, 0);
  ASSERT_TRUE(before.ok());
  Import("A", "2024-06", "EUR", AlphaTrialBalance());  // Version 2, after the reader opened.
  auto read = before->Read(structure_, {"A"}, P("2024-06"), {});
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->at("A").trial_balance.version, 1u);
  auto latest =
      EntityBooksReader::Open(store_, *charts_, 0, 0)->Read(structure_, {"A"}, P("2024-06"), {});
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ(latest->at("A").trial_balance.version, 2u);
  auto as_of_one =
      EntityBooksReader::Open(store_, *charts_, 1, 0)->Read(structure_, {"A"}, P("2024-06"), {});
  ASSERT_TRUE(as_of_one.ok());
  EXPECT_EQ(as_of_one->at("A").trial_balance.version, 1u);
  // Several periods from one reader: May has no trial balance.
  auto may = before->Read(structure_, {"A"}, P("2024-05"), {});
  ASSERT_TRUE(may.ok());
  EXPECT_TRUE(may->empty());
}

// Issue 24: a header whose lines are gone is damage (DATA_LOSS naming the record, which the
// server-errors alert counts), not the store's NOT_FOUND.
TEST_F(EntityBooksReaderTest, LinesMissingBesideTheirHeaderAreDataLossNamingThem) {
  Import("A", "2024-06", "EUR", AlphaTrialBalance());
  store_.LoseLines("A", P("2024-06"), 1);
  const absl::Status status = EntityBooksReader::Open(store_, *charts_, 0, 0)
                                  ->Read(structure_, {"A"}, P("2024-06"), {})
                                  .status();
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss) << status;
  EXPECT_NE(status.message().find("the lines of trial balance A 2024-06 version 1"),
            std::string::npos)
      << status;
}

TEST_F(EntityBooksReaderTest, NothingImportedYetReadsNothing) {
  absl::StatusOr<EntityBooksReader> reader = EntityBooksReader::Open(store_, *charts_, 0, 0);
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ(reader->import_sequence(), 0u);
  Import("A", "2024-06", "EUR", AlphaTrialBalance());
  EXPECT_TRUE(reader->Read(structure_, {"A"}, P("2024-06"), {})->empty());
}

TEST_F(EntityBooksReaderTest, BadReadPointsNameTheirField) {
  Import("A", "2024-06", "EUR", AlphaTrialBalance());
  absl::Status status = EntityBooksReader::Open(store_, *charts_, 2, 0).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(GetErrorDetail(status)->field, "as_of_import_sequence");
  EXPECT_EQ(ReasonOf(status), "BEYOND_LAST_IMPORT");
  status = EntityBooksReader::Open(store_, *charts_, 0, 11).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(GetErrorDetail(status)->field, "chart_version");
}

TEST_F(EntityBooksReaderTest, ATrialBalanceInAnotherCurrencyThanTheStructureSaysIsRefused) {
  Import("B", "2024-06", "EUR", {{"10100", "1000", D("1")}, {"31000", "3000", D("-1")}});
  auto reader = EntityBooksReader::Open(store_, *charts_, 0, 0);
  ASSERT_TRUE(reader.ok());
  absl::Status status = reader->Read(structure_, {"B"}, P("2024-06"), {}).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(status), "TRIAL_BALANCE_CURRENCY");
}

}  // namespace
}  // namespace interco::consolidation
