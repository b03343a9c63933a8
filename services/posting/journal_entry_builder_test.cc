#include "services/posting/journal_entry_builder.h"

#include "gtest/gtest.h"
#include "services/common/field_error.h"
#include "services/group/test_structures.h"
#include "services/ledger/journal.h"

namespace interco::posting {

using ledger::AccountMapping;
using ledger::BusinessKey;
using ledger::EntityAccountMap;
using ledger::LedgerLine;
using ledger::Posting;
using ledger::Side;
namespace {

using group::testing::Edge;
using group::testing::Entity;

const absl::CivilDay kDay(2024, 1, 1);

Decimal Dec(absl::string_view text) { return *Decimal::Parse(text); }

JournalLineInput Line(const std::string& entity, const std::string& account, Side side,
                      absl::string_view amount, const std::string& currency = "EUR") {
  JournalLineInput line;
  line.entity_id = entity;
  line.account = account;
  line.side = side;
  line.amount = Dec(amount);
  line.currency = currency;
  return line;
}

// The error's code, field and reason, for comparing in one EXPECT.
std::string Refusal(const absl::Status& status) {
  const std::optional<ErrorDetail> detail = GetErrorDetail(status);
  return absl::StrCat(absl::StatusCodeToString(status.code()), " ",
                      detail.has_value() ? detail->field : "-", " ",
                      detail.has_value() ? detail->reason : "-");
}

// P (EUR) holds A (EUR) and B (USD); A has its own account map for goods.
class JournalEntryBuilderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const auto& e : {Entity("P"), Entity("A"), Entity("B", "USD")}) {
      ASSERT_TRUE(structure_.Apply(e).ok());
    }
    ASSERT_TRUE(structure_.Apply(Edge("P", "A", "1")).ok());
    ASSERT_TRUE(structure_.Apply(Edge("P", "B", "1")).ok());
    EntityAccountMap map;
    map.entity_id = "A";
    map.mappings[pricing::TransactionType::kGoods] = {{"1311 due from group", "4011 group sales"},
                                                      {"1401 group stock", "2311 due to group"}};
    ASSERT_TRUE(book_.Apply(map).ok());
  }
  absl::StatusOr<Posting> Build(std::vector<JournalLineInput> lines) {
    JournalEntryInput input{"OB-2024", kDay, "opening balances", std::move(lines)};
    return BuildJournalEntry(input, structure_, book_);
  }
  // A's opening balance: cash 1000 EUR against share capital.
  std::vector<JournalLineInput> Opening() {
    return {Line("A", "1000 cash", Side::kDebit, "1000"),
            Line("A", "3000 share capital", Side::kCredit, "1000")};
  }

  group::GroupStructure structure_{group::OwnershipThresholds{}};
  pricing::PricingBook book_;
};

TEST_F(JournalEntryBuilderTest, ABalancedOpeningBalanceBuildsItsLinesAsGiven) {
  const absl::StatusOr<Posting> posting = Build(Opening());
  ASSERT_TRUE(posting.ok()) << posting.status();
  EXPECT_EQ(posting->transaction_id, "OB-2024");
  EXPECT_EQ(posting->date, kDay);
  EXPECT_EQ(posting->relation, group::Relation::kSameEntity);
  EXPECT_EQ(posting->policy_id, "");
  EXPECT_EQ(posting->structure_version, structure_.version());
  EXPECT_EQ(posting->explanation, "manual journal entry: opening balances");
  ASSERT_EQ(posting->lines.size(), 2u);
  const LedgerLine& cash = posting->lines[0];
  EXPECT_EQ(cash.account, "1000 cash");
  EXPECT_EQ(cash.side, Side::kDebit);
  EXPECT_EQ(cash.functional_amount, Dec("1000"));
  EXPECT_EQ(cash.functional_currency, "EUR");
  EXPECT_EQ(cash.fx_rate, Dec("1"));
  EXPECT_EQ(cash.fx_rate_date, kDay);
  EXPECT_EQ(cash.period.ToString(), "2024-01");
}

TEST_F(JournalEntryBuilderTest, AForeignCurrencyLineTakesARateOrAFunctionalAmount) {
  JournalLineInput cash = Line("B", "1000 cash", Side::kDebit, "100");
  cash.fx_rate = Dec("1.1055");
  JournalLineInput capital = Line("B", "3000 share capital", Side::kCredit, "100");
  capital.functional_amount = Dec("110.55");
  capital.functional_currency = "USD";
  const absl::StatusOr<Posting> posting = Build({cash, capital});
  ASSERT_TRUE(posting.ok()) << posting.status();
  EXPECT_EQ(posting->lines[0].functional_amount, Dec("110.55"));  // 110.55 exactly.
  EXPECT_EQ(posting->lines[0].functional_currency, "USD");
  EXPECT_EQ(posting->lines[1].fx_rate, Dec("1.1055"));
}

TEST_F(JournalEntryBuilderTest, ARateRoundsHalfEvenToTheFunctionalMinorUnit) {
  JournalLineInput cash = Line("B", "1000 cash", Side::kDebit, "0.05");
  cash.fx_rate = Dec("1.5");  // 0.075 -> 0.08 (half-even: 7 is odd, rounds up).
  JournalLineInput capital = Line("B", "3000 share capital", Side::kCredit, "0.05");
  capital.functional_amount = Dec("0.08");
  capital.functional_currency = "USD";
  const absl::StatusOr<Posting> posting = Build({cash, capital});
  ASSERT_TRUE(posting.ok()) << posting.status();
  EXPECT_EQ(posting->lines[0].functional_amount, Dec("0.08"));
}

TEST_F(JournalEntryBuilderTest, AnUnbalancedEntryNamesTheEntityAndTheDifference) {
  std::vector<JournalLineInput> lines = Opening();
  lines[1].amount = Dec("990");
  const absl::Status status = Build(lines).status();
  EXPECT_EQ(Refusal(status), "INVALID_ARGUMENT lines UNBALANCED");
  EXPECT_NE(status.message().find("the lines of A in EUR do not balance: debits exceed "
                                  "credits by 10 EUR"),
            absl::string_view::npos)
      << status;
}

TEST_F(JournalEntryBuilderTest, AnEntryUnbalancedOnlyInTheFunctionalCurrencyIsRefused) {
  JournalLineInput cash = Line("B", "1000 cash", Side::kDebit, "100");
  cash.fx_rate = Dec("1.1");
  JournalLineInput capital = Line("B", "3000 share capital", Side::kCredit, "100");
  capital.fx_rate = Dec("1.09");
  const absl::Status status = Build({cash, capital}).status();
  EXPECT_EQ(Refusal(status), "INVALID_ARGUMENT lines UNBALANCED");
  EXPECT_NE(status.message().find("in the functional currency: debits exceed credits by 1 USD"),
            absl::string_view::npos)
      << status;
}

TEST_F(JournalEntryBuilderTest, AccountsComeFromTheChartOrTheEntitysOwnMap) {
  std::vector<JournalLineInput> lines = Opening();
  lines[0].account = "1401 group stock";  // A's own map.
  EXPECT_TRUE(Build(lines).ok());
  lines[0].account = "1001 petty cash";
  EXPECT_EQ(Refusal(Build(lines).status()), "INVALID_ARGUMENT lines[0].account UNKNOWN_ACCOUNT");
  lines[0].account = "";
  EXPECT_EQ(Refusal(Build(lines).status()), "INVALID_ARGUMENT lines[0].account MISSING_FIELD");
  // Another entity's map is not this entity's chart.
  lines = {Line("P", "1401 group stock", Side::kDebit, "1"),
           Line("P", "3000 share capital", Side::kCredit, "1")};
  EXPECT_EQ(Refusal(Build(lines).status()), "INVALID_ARGUMENT lines[0].account UNKNOWN_ACCOUNT");
}

TEST_F(JournalEntryBuilderTest, EntitiesMustBeLegalEntitiesOfTheGroup) {
  std::vector<JournalLineInput> lines = Opening();
  lines[1].entity_id = "Z";
  EXPECT_EQ(Refusal(Build(lines).status()), "NOT_FOUND lines[1].entity_id UNKNOWN_ENTITY");
  lines[1].entity_id = "not an id";
  EXPECT_EQ(Refusal(Build(lines).status()), "INVALID_ARGUMENT lines[1].entity_id INVALID_ID");
}

TEST_F(JournalEntryBuilderTest, TheFunctionalAmountMustBeInTheEntitysCurrency) {
  std::vector<JournalLineInput> lines = Opening();
  lines[0].functional_amount = Dec("1000");
  lines[0].functional_currency = "USD";
  EXPECT_EQ(Refusal(Build(lines).status()),
            "INVALID_ARGUMENT lines[0].functional_amount.currency_code WRONG_FUNCTIONAL_CURRENCY");
  lines[0].functional_currency = "EUR";
  lines[0].functional_amount = Dec("999");
  EXPECT_EQ(Refusal(Build(lines).status()),
            "INVALID_ARGUMENT lines[0].functional_amount AMOUNT_DIFFERS");
}

TEST_F(JournalEntryBuilderTest, AForeignLineNeedsExactlyOneOfAmountAndRate) {
  std::vector<JournalLineInput> lines = {Line("B", "1000 cash", Side::kDebit, "1"),
                                         Line("B", "3000 share capital", Side::kCredit, "1")};
  EXPECT_EQ(Refusal(Build(lines).status()),
            "INVALID_ARGUMENT lines[0].functional_amount MISSING_FIELD");
  lines[0].fx_rate = Dec("1.1");
  lines[0].functional_amount = Dec("1.1");
  lines[0].functional_currency = "USD";
  EXPECT_EQ(Refusal(Build(lines).status()), "INVALID_ARGUMENT lines[0].fx_rate AMOUNT_AND_RATE");
  lines[0].functional_amount.reset();
  lines[0].fx_rate = Dec("0");
  EXPECT_EQ(Refusal(Build(lines).status()), "INVALID_ARGUMENT lines[0].fx_rate INVALID_RATE");
  lines[0].fx_rate = Dec("0.001");
  EXPECT_EQ(Refusal(Build(lines).status()), "INVALID_ARGUMENT lines[0].fx_rate ROUNDS_TO_ZERO");
}

TEST_F(JournalEntryBuilderTest, AmountsArePositiveInARealCurrencysMinorUnit) {
  std::vector<JournalLineInput> lines = Opening();
  lines[0].amount = Dec("0");
  EXPECT_EQ(Refusal(Build(lines).status()), "INVALID_ARGUMENT lines[0].amount NOT_POSITIVE");
  lines[0].amount = Dec("1000.001");
  EXPECT_EQ(Refusal(Build(lines).status()), "INVALID_ARGUMENT lines[0].amount TOO_MANY_PLACES");
  lines[0].amount = Dec("1000");
  lines[0].currency = "EUX";
  EXPECT_EQ(Refusal(Build(lines).status()),
            "INVALID_ARGUMENT lines[0].amount.currency_code UNKNOWN_CURRENCY");
}

// Issue 24: every amount is within the booked range (services/common/booked_amount.h), so
// that the consolidation's sums of it stay exact; a line beyond it is refused naming it.
TEST_F(JournalEntryBuilderTest, AmountsBeyondTheBookedRangeAreRefusedNamingTheLine) {
  const Decimal huge = Dec("100000000000000000000");  // 1e20: Decimal holds 1.7e20.
  std::vector<JournalLineInput> lines = {Line("A", "1000 cash", Side::kDebit, "1"),
                                         Line("A", "3000 share capital", Side::kCredit, "1")};
  lines[0].amount = lines[1].amount = huge;
  EXPECT_EQ(Refusal(Build(lines).status()), "INVALID_ARGUMENT lines[0].amount AMOUNT_OUT_OF_RANGE");
  JournalLineInput cash = Line("B", "1000 cash", Side::kDebit, "0");
  cash.amount = Dec("0.01");
  cash.functional_amount = huge;
  cash.functional_currency = "USD";
  EXPECT_EQ(Refusal(Build({cash}).status()),
            "INVALID_ARGUMENT lines[0].functional_amount AMOUNT_OUT_OF_RANGE");
}

// Issue 24: a sum beyond the range named one line (value "1500", that line's amount); the
// error names the total, its figure, and where it got there.
TEST_F(JournalEntryBuilderTest, DebitsBeyondTheBookedRangeAreRefusedNamingTheTotal) {
  std::vector<JournalLineInput> lines = {
      Line("A", "1000 cash", Side::kDebit, "1500"),
      Line("A", "1000 cash", Side::kDebit, "6000000000000000"),
      Line("A", "1000 cash", Side::kDebit, "6000000000000000"),
      Line("A", "3000 share capital", Side::kCredit, "6000000000000000"),
      Line("A", "3000 share capital", Side::kCredit, "6000000000001500")};
  const absl::Status status = Build(lines).status();
  EXPECT_EQ(Refusal(status), "INVALID_ARGUMENT lines TOTAL_OUT_OF_RANGE");
  EXPECT_EQ(GetErrorDetail(status)->value, "12000000000001500");
  EXPECT_NE(status.message().find("the debits of A in EUR up to lines[2].amount: "
                                  "12000000000001500, beyond"),
            std::string::npos)
      << status;
}

TEST_F(JournalEntryBuilderTest, AFunctionalAmountFromARateIsWithinTheRangeOrNamed) {
  JournalLineInput cash = Line("B", "1000 cash", Side::kDebit, "0");
  cash.amount = Dec("1000000000000000");  // 10^15 EUR at 100: 10^17 USD.
  cash.fx_rate = Dec("100");
  absl::Status status = Build({cash}).status();
  EXPECT_EQ(Refusal(status), "INVALID_ARGUMENT lines[0].fx_rate TOTAL_OUT_OF_RANGE");
  EXPECT_EQ(GetErrorDetail(status)->value, "100000000000000000");
  cash.amount = Dec("10000000000000000");  // 10^16 EUR at 10^5: beyond Decimal itself.
  cash.fx_rate = Dec("100000");
  status = Build({cash}).status();
  EXPECT_EQ(Refusal(status), "INVALID_ARGUMENT lines[0].fx_rate OVERFLOW");
  EXPECT_NE(status.message().find("the functional amount, exceeds the exact range"),
            std::string::npos)
      << status;
}

TEST_F(JournalEntryBuilderTest, AnIntercompanyLineNeedsItsMirrorInTheSameEntry) {
  JournalLineInput receivable = Line("A", "1310 IC receivable", Side::kDebit, "500");
  receivable.counterparty_id = "P";
  JournalLineInput equity = Line("A", "3100 retained earnings", Side::kCredit, "500");
  const absl::Status alone = Build({receivable, equity}).status();
  EXPECT_EQ(Refusal(alone),
            "INVALID_ARGUMENT lines[0].counterparty_id UNMIRRORED_INTERCOMPANY_LINE");
  EXPECT_NE(alone.message().find("a credit of 500 EUR in P's books with counterparty A"),
            absl::string_view::npos)
      << alone;
  JournalLineInput payable = Line("P", "2310 IC payable", Side::kCredit, "500");
  payable.counterparty_id = "A";
  JournalLineInput retained = Line("P", "3100 retained earnings", Side::kDebit, "500");
  const absl::StatusOr<Posting> both = Build({receivable, equity, payable, retained});
  ASSERT_TRUE(both.ok()) << both.status();
  EXPECT_EQ(both->relation, group::Relation::kIntercompany);
  // The mirror must be of the same amount: a different one leaves the first line alone.
  payable.amount = Dec("400");
  retained.amount = Dec("400");
  EXPECT_EQ(Refusal(Build({receivable, equity, payable, retained}).status()),
            "INVALID_ARGUMENT lines[0].counterparty_id UNMIRRORED_INTERCOMPANY_LINE");
}

TEST_F(JournalEntryBuilderTest, ACounterpartyOutsideTheGroupNeedsNoMirror) {
  std::vector<JournalLineInput> lines = Opening();
  lines[0].counterparty_id = "bank-1";
  EXPECT_TRUE(Build(lines).ok());
  lines[0].counterparty_id = "A";
  EXPECT_EQ(Refusal(Build(lines).status()),
            "INVALID_ARGUMENT lines[0].counterparty_id SELF_COUNTERPARTY");
}

TEST_F(JournalEntryBuilderTest, TheHeaderAndTheLineCountAreBounded) {
  EXPECT_EQ(Refusal(Build({}).status()), "INVALID_ARGUMENT lines BAD_LINE_COUNT");
  std::vector<JournalLineInput> many;
  for (int i = 0; i < 101; ++i) {
    many.push_back(Line("A", "1000 cash", Side::kDebit, "1"));
    many.push_back(Line("A", "3000 share capital", Side::kCredit, "1"));
  }
  EXPECT_EQ(Refusal(Build(many).status()), "INVALID_ARGUMENT lines BAD_LINE_COUNT");
  many.resize(kMaxJournalEntryLines);
  EXPECT_TRUE(Build(many).ok());
  JournalEntryInput input{"OB/2024", kDay, "", Opening()};
  EXPECT_EQ(Refusal(BuildJournalEntry(input, structure_, book_).status()),
            "INVALID_ARGUMENT entry_id INVALID_ID");
  input.entry_id = "OB-2024";
  input.memo = std::string(kMaxJournalMemoBytes + 1, 'm');
  EXPECT_EQ(Refusal(BuildJournalEntry(input, structure_, book_).status()),
            "INVALID_ARGUMENT memo TOO_LONG");
  input.memo = "line\nbreak";
  EXPECT_EQ(Refusal(BuildJournalEntry(input, structure_, book_).status()),
            "INVALID_ARGUMENT memo INVALID_TEXT");
  input.memo = "";
  input.date = absl::CivilDay(1800, 1, 1);
  EXPECT_EQ(GetErrorDetail(BuildJournalEntry(input, structure_, book_).status())->field, "date");
}

TEST(JournalEntryKeyTest, NeverEqualsAnInvoicesKey) {
  // An entity may be called "journal"; its invoice keys still hold a '/', entry keys never.
  EXPECT_EQ(JournalEntryKey("OB-2024"), "journal:OB-2024");
  EXPECT_NE(JournalEntryKey("OB-2024"), BusinessKey("journal", "OB-2024"));
  EXPECT_EQ(JournalEntryKey("OB-2024").find('/'), std::string::npos);
}

}  // namespace
}  // namespace interco::posting
