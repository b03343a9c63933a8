// The import rules, on the worked example of issue 17 (docs/TRIAL_BALANCES.md): P holds
// 80% of S; S keeps local accounts mapped to the group chart, P books in the group chart.
#include "services/trial_balance/importer.h"

#include <set>
#include <utility>

#include "gtest/gtest.h"
#include "services/common/field_error.h"
#include "services/group/model.h"
#include "services/group/structure.h"
#include "services/trial_balance/memory_store.h"

namespace interco::trial_balance {
namespace {

class ClosedPeriods final : public ledger::PeriodCalendar {
 public:
  std::set<std::pair<std::string, std::string>> closed;
  bool IsClosed(absl::string_view entity_id, ledger::Period period) const override {
    return closed.count({std::string(entity_id), period.ToString()}) > 0;
  }
  std::optional<ledger::Period> RollForward(absl::string_view, ledger::Period) const override {
    return std::nullopt;
  }
};

GroupAccount Account(const char* id, AccountClass account_class, EliminationFamily family) {
  GroupAccount account;
  account.id = id;
  account.name = std::string("Account ") + id;
  account.account_class = account_class;
  account.statement_line = "LINE";
  account.elimination_family = family;
  return account;
}

ledger::Period P(const char* text) { return *ledger::Period::Parse("period", text); }

ImportLine Line(const char* account, const char* balance) {
  return {account, *Decimal::Parse(balance)};
}

class ImporterTest : public ::testing::Test {
 protected:
  ImporterTest() : structure_(group::OwnershipThresholds{}) {
    for (const char* id : {"P", "S"}) {
      EXPECT_TRUE(structure_.Apply(group::LegalEntity{id, id, "US", "USD", ""}).ok());
    }
    using C = AccountClass;
    using F = EliminationFamily;
    GroupAccount investment = Account("1500", C::kAsset, F::kInvestmentEquity);
    investment.investment_in_held_entity = true;
    GroupAccount declared = Account("3200", C::kEquity, F::kDividend);
    declared.dividends_declared = true;
    GroupAccount dividend_income = Account("4900", C::kIncome, F::kDividend);
    dividend_income.dividend_income = true;
    for (const GroupAccount& account : {Account("1000", C::kAsset, F::kNone), investment,
                                        Account("3000", C::kEquity, F::kInvestmentEquity),
                                        Account("3100", C::kEquity, F::kInvestmentEquity), declared,
                                        Account("4000", C::kIncome, F::kNone), dividend_income,
                                        Account("5000", C::kExpense, F::kNone)}) {
      EXPECT_TRUE(chart_.Apply(account).ok());
    }
    EXPECT_TRUE(chart_
                    .Apply(ChartMapping{"S",
                                        absl::CivilDay(2023, 1, 1),
                                        {{"S-CASH", "1000"},
                                         {"S-CAPITAL", "3000"},
                                         {"S-RESERVES", "3100"},
                                         {"S-DIVIDENDS", "3200"},
                                         {"S-SALES", "4000"},
                                         {"S-COSTS", "5000"}}})
                    .ok());
  }

  ImportReferences References() const { return {&structure_, &calendar_, &chart_}; }

  // S at 2024-12-31: net assets 1,100 at acquisition + profit 200 - dividend 50.
  static TrialBalanceImport SubsidiaryDecember() {
    return {"tb-s-2024-12",
            "S",
            P("2024-12"),
            "USD",
            "ERP-S",
            {Line("S-CASH", "1250.00"), Line("S-CAPITAL", "-500.00"), Line("S-RESERVES", "-600.00"),
             Line("S-DIVIDENDS", "50.00"), Line("S-SALES", "-700.00"), Line("S-COSTS", "500.00")}};
  }

  // P at 2024-12-31: own profit 300 and S's dividend of 40 (80% of 50).
  static TrialBalanceImport ParentDecember() {
    return {"tb-p-2024-12",
            "P",
            P("2024-12"),
            "USD",
            "ERP-P",
            {Line("1000", "1340.00"), Line("1500", "1000.00"), Line("3000", "-2000.00"),
             Line("4000", "-900.00"), Line("5000", "600.00"), Line("4900", "-40.00")}};
  }

  absl::Status ImportError(const TrialBalanceImport& request) {
    return importer_.Import(request, References()).status();
  }

  group::GroupStructure structure_;
  ClosedPeriods calendar_;
  Chart chart_;
  MemoryTrialBalanceStore store_;
  TrialBalanceImporter importer_{&store_};
};

void ExpectRefused(const absl::Status& status, absl::StatusCode code, const std::string& field,
                   const std::string& reason) {
  EXPECT_EQ(status.code(), code) << status;
  const auto detail = GetErrorDetail(status);
  ASSERT_TRUE(detail.has_value()) << status;
  EXPECT_EQ(detail->field, field) << status;
  EXPECT_EQ(detail->reason, reason) << status;
}

TEST_F(ImporterTest, WorkedExampleImportsMappedToTheGroupChart) {
  absl::StatusOr<TrialBalanceHeader> s = importer_.Import(SubsidiaryDecember(), References());
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->version, 1u);
  EXPECT_EQ(s->import_sequence, 1u);
  EXPECT_EQ(s->line_count, 6u);
  EXPECT_EQ(s->debit_total.ToString(2), "1800.00");
  EXPECT_EQ(s->chart_version, chart_.version());
  const std::vector<TrialBalanceLine> lines = *store_.Lines("S", P("2024-12"), 1);
  EXPECT_EQ(lines[0], (TrialBalanceLine{"S-CASH", "1000", *Decimal::Parse("1250")}));
  EXPECT_EQ(lines[3].group_account, "3200");

  absl::StatusOr<TrialBalanceHeader> p = importer_.Import(ParentDecember(), References());
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->import_sequence, 2u);
  EXPECT_EQ(p->debit_total.ToString(2), "2940.00");
}

TEST_F(ImporterTest, RetryAnswersTheOriginalAndOtherContentIsAlreadyExists) {
  const TrialBalanceHeader first = *importer_.Import(SubsidiaryDecember(), References());
  // A retry after the period was closed still gets its answer.
  calendar_.closed.insert({"S", "2024-12"});
  absl::StatusOr<TrialBalanceHeader> again = importer_.Import(SubsidiaryDecember(), References());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(*again, first);

  TrialBalanceImport other = ParentDecember();
  other.request_id = "tb-s-2024-12";
  ExpectRefused(ImportError(other), absl::StatusCode::kAlreadyExists, "request_id",
                "REQUEST_ID_REUSED");
  EXPECT_EQ(store_.size(), 1u);
}

// Issue 24: a poster of one entity reusing the request_id of another entity's import
// learnt that import's entity, period and version from the refusal.
TEST_F(ImporterTest, ARequestIdOfAnotherEntitysImportIsRefusedWithoutNamingIt) {
  ASSERT_TRUE(importer_.Import(SubsidiaryDecember(), References()).ok());
  TrialBalanceImport other = ParentDecember();
  other.request_id = SubsidiaryDecember().request_id;
  const absl::Status status = ImportError(other);
  ExpectRefused(status, absl::StatusCode::kAlreadyExists, "request_id", "REQUEST_ID_REUSED");
  EXPECT_EQ(status.message().find("S 2024-12"), std::string::npos) << status;
  EXPECT_NE(status.message().find("a trial balance of another entity"), std::string::npos)
      << status;
}

TEST_F(ImporterTest, TheLatestVersionResentUnderANewRequestIdIsAnsweredWithIt) {
  const TrialBalanceHeader first = *importer_.Import(SubsidiaryDecember(), References());
  TrialBalanceImport resent = SubsidiaryDecember();
  resent.request_id = "tb-s-2024-12-resent";
  absl::StatusOr<TrialBalanceHeader> answer = importer_.Import(resent, References());
  ASSERT_TRUE(answer.ok()) << answer.status();
  EXPECT_EQ(*answer, first);  // Its request_id is the original's: the caller can tell.
  EXPECT_EQ(store_.size(), 1u);
  EXPECT_EQ(store_.last_import_sequence(), 1u);
  // A deliberate re-import with other content stays a new version.
  resent.request_id = "tb-s-2024-12-corrected";
  resent.lines[4] = Line("S-SALES", "-710.00");
  resent.lines[0] = Line("S-CASH", "1260.00");
  absl::StatusOr<TrialBalanceHeader> corrected = importer_.Import(resent, References());
  ASSERT_TRUE(corrected.ok()) << corrected.status();
  EXPECT_EQ(corrected->version, 2u);
}

// Issue 24: a version's lines must exist beside its header; their absence is damage
// (DATA_LOSS naming the record), not NOT_FOUND.
TEST_F(ImporterTest, AResendWhoseLatestVersionLostItsLinesIsDataLossNamingThem) {
  ASSERT_TRUE(importer_.Import(SubsidiaryDecember(), References()).ok());
  store_.LoseLines("S", P("2024-12"), 1);
  TrialBalanceImport resent = SubsidiaryDecember();
  resent.request_id = "tb-s-2024-12-resent";
  const absl::Status status = importer_.Import(resent, References()).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss) << status;
  EXPECT_EQ(
      status.message().rfind(
          "missing record: the lines of trial balance S 2024-12 version 1, named by its header", 0),
      0u)
      << status;
}

TEST_F(ImporterTest, ALaterImportIsANewVersionAndTheEarlierOneStays) {
  ASSERT_TRUE(importer_.Import(SubsidiaryDecember(), References()).ok());
  ASSERT_TRUE(importer_.Import(ParentDecember(), References()).ok());
  TrialBalanceImport corrected = SubsidiaryDecember();
  corrected.request_id = "tb-s-2024-12-b";
  corrected.lines[4] = Line("S-SALES", "-710.00");
  corrected.lines[0] = Line("S-CASH", "1260.00");
  absl::StatusOr<TrialBalanceHeader> second = importer_.Import(corrected, References());
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->version, 2u);
  EXPECT_EQ(second->import_sequence, 3u);

  EXPECT_EQ((*store_.FindHeader("S", P("2024-12"), {}))->version, 2u);
  EXPECT_EQ((*store_.FindHeader("S", P("2024-12"), {0, 2}))->version, 1u);
  EXPECT_EQ((*store_.FindHeader("S", P("2024-12"), {1, 0}))->debit_total.ToString(2), "1800.00");
  EXPECT_EQ((*store_.Lines("S", P("2024-12"), 1))[0].balance.ToString(2), "1250.00");
}

TEST_F(ImporterTest, UnbalancedIsRefusedNamingTheDifference) {
  TrialBalanceImport request = SubsidiaryDecember();
  request.lines[0] = Line("S-CASH", "1240.00");
  const absl::Status status = ImportError(request);
  ExpectRefused(status, absl::StatusCode::kInvalidArgument, "lines", "NOT_BALANCED");
  EXPECT_EQ(GetErrorDetail(status)->value, "-10.00");
  EXPECT_NE(status.message().find("debits 1790.00 and credits 1800.00"), std::string::npos)
      << status;
  EXPECT_EQ(store_.size(), 0u);
}

// Issue 24: a balance of 10^19 was accepted here and refused only by the consolidation
// (OVERFLOW); every amount is now within the booked range (services/common/booked_amount.h)
// at the door, refused naming the line.
TEST_F(ImporterTest, ABalanceBeyondTheBookedRangeIsRefusedNamingItsLine) {
  TrialBalanceImport request = SubsidiaryDecember();
  request.lines[0] = Line("S-CASH", "10000000000000000000");
  request.lines[1] = Line("S-CAPITAL", "-10000000000000000000");
  const absl::Status status = ImportError(request);
  ExpectRefused(status, absl::StatusCode::kInvalidArgument, "lines[0].balance",
                "AMOUNT_OUT_OF_RANGE");
  EXPECT_EQ(GetErrorDetail(status)->value, "10000000000000000000");
  EXPECT_EQ(store_.size(), 0u);
}

// Issue 24: a sum that left the range named one line's account (value "1500"); it names
// the total, its figure and where it got there.
TEST_F(ImporterTest, DebitsBeyondTheBookedRangeAreRefusedNamingTheTotal) {
  TrialBalanceImport request = ParentDecember();
  request.lines = {Line("1000", "6000000000000000"), Line("1500", "6000000000000000"),
                   Line("3000", "-6000000000000000"), Line("4000", "-6000000000000000")};
  const absl::Status status = ImportError(request);
  ExpectRefused(status, absl::StatusCode::kInvalidArgument, "lines", "TOTAL_OUT_OF_RANGE");
  EXPECT_EQ(GetErrorDetail(status)->value, "12000000000000000");
  EXPECT_NE(status.message().find("the debits in USD up to lines[1]: 12000000000000000, beyond"),
            std::string::npos)
      << status;
  EXPECT_EQ(store_.size(), 0u);
}

TEST_F(ImporterTest, EachBadInputIsRefusedWithItsFieldAndNothingIsWritten) {
  using Code = absl::StatusCode;
  TrialBalanceImport request = SubsidiaryDecember();
  request.lines[2].account = "9999";
  ExpectRefused(ImportError(request), Code::kNotFound, "lines[2].account", "UNMAPPED_ACCOUNT");

  request = ParentDecember();
  request.lines[5].account = "4999";
  ExpectRefused(ImportError(request), Code::kNotFound, "lines[5].account", "UNKNOWN_ACCOUNT");

  request = SubsidiaryDecember();
  request.lines.push_back(Line("S-CASH", "0"));
  ExpectRefused(ImportError(request), Code::kInvalidArgument, "lines[6].account",
                "DUPLICATE_ACCOUNT");

  request = SubsidiaryDecember();
  request.currency = "EUR";
  ExpectRefused(ImportError(request), Code::kInvalidArgument, "currency_code",
                "NOT_FUNCTIONAL_CURRENCY");

  request = SubsidiaryDecember();
  request.entity_id = "X";
  ExpectRefused(ImportError(request), Code::kNotFound, "entity_id", "UNKNOWN_ID");

  request = SubsidiaryDecember();
  request.lines[0] = Line("S-CASH", "1250.001");
  ExpectRefused(ImportError(request), Code::kInvalidArgument, "lines[0].balance",
                "TOO_MANY_PLACES");

  request = SubsidiaryDecember();
  request.lines.clear();
  ExpectRefused(ImportError(request), Code::kInvalidArgument, "lines", "MISSING_FIELD");

  request = SubsidiaryDecember();
  request.request_id = "";
  EXPECT_EQ(ImportError(request).code(), Code::kInvalidArgument);

  calendar_.closed.insert({"S", "2024-12"});
  ExpectRefused(ImportError(SubsidiaryDecember()), Code::kFailedPrecondition, "period",
                "PERIOD_CLOSED");
  EXPECT_EQ(store_.size(), 0u);
  EXPECT_EQ(store_.last_import_sequence(), 0u);
}

TEST_F(ImporterTest, MoreLinesThanTheLimitAreRefused) {
  TrialBalanceImport request = SubsidiaryDecember();
  request.lines.resize(kMaxTrialBalanceLines + 1, Line("S-CASH", "0"));
  ExpectRefused(ImportError(request), absl::StatusCode::kInvalidArgument, "lines",
                "TOO_MANY_LINES");
}

TEST_F(ImporterTest, AStoreFailureIsReturnedAndNothingIsStored) {
  store_.FailAppends(absl::UnavailableError("disk gone"));
  EXPECT_EQ(ImportError(SubsidiaryDecember()).code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(store_.size(), 0u);
}

}  // namespace
}  // namespace interco::trial_balance
