#include "services/posting/journal_entry_builder.h"

#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/booked_amount.h"
#include "services/common/field_error.h"
#include "services/common/iso_codes.h"
#include "services/common/status_macros.h"
#include "services/common/text.h"
#include "services/group/validation.h"
#include "services/ledger/account_map.h"

namespace interco::posting {

using ledger::AccountMapping;
using ledger::InDefaultChart;
using ledger::LedgerLine;
using ledger::Period;
using ledger::Posting;
using ledger::Side;
namespace {

std::string LineField(size_t i, absl::string_view field) {
  return absl::StrCat("lines[", i, "].", field);
}

absl::Status CheckHeader(const JournalEntryInput& input) {
  RETURN_IF_ERROR(group::ValidateId("entry_id", input.entry_id));
  RETURN_IF_ERROR(group::ValidateDay("date", input.date));
  if (input.memo.size() > kMaxJournalMemoBytes) {
    return InvalidField("memo", input.memo, "TOO_LONG",
                        absl::StrCat("longer than ", kMaxJournalMemoBytes, " bytes"));
  }
  RETURN_IF_ERROR(CheckPrintableText("memo", input.memo, "INVALID_TEXT"));
  if (input.lines.empty() || input.lines.size() > kMaxJournalEntryLines) {
    return InvalidField("lines", absl::StrCat(input.lines.size(), " lines"), "BAD_LINE_COUNT",
                        absl::StrCat("an entry holds 1 to ", kMaxJournalEntryLines, " lines"));
  }
  return absl::OkStatus();
}

// The account must be one the entity's books know: the default chart, or its own map.
absl::Status CheckAccount(size_t i, const JournalLineInput& line,
                          const pricing::PricingBook& book) {
  if (line.account.empty()) {
    return InvalidField(LineField(i, "account"), "", "MISSING_FIELD", "is required");
  }
  if (InDefaultChart(line.account)) return absl::OkStatus();
  for (int type = 0; type <= static_cast<int>(pricing::TransactionType::kEmployeeSale); ++type) {
    const AccountMapping* own =
        book.AccountsOf(line.entity_id, static_cast<pricing::TransactionType>(type));
    if (own == nullptr) continue;
    for (const std::string* account :
         {&own->seller.debit, &own->seller.credit, &own->buyer.debit, &own->buyer.credit}) {
      if (*account == line.account) return absl::OkStatus();
    }
  }
  return InvalidField(
      LineField(i, "account"), line.account, "UNKNOWN_ACCOUNT",
      absl::StrCat("is neither in the default chart nor in ", line.entity_id, "'s account map"));
}

// A positive amount no finer than `currency`'s minor unit; `field` names the money field.
absl::Status CheckMoney(const std::string& field, Decimal amount, const std::string& currency) {
  const std::optional<int> minor_units = CurrencyMinorUnits(currency);
  if (!minor_units.has_value()) {
    return InvalidField(absl::StrCat(field, ".currency_code"), currency, "UNKNOWN_CURRENCY",
                        "not an active ISO 4217 currency code");
  }
  if (amount <= Decimal()) {
    return InvalidField(field, amount.ToString(), "NOT_POSITIVE", "must be greater than zero");
  }
  if (amount.Round(*minor_units) != amount) {
    return InvalidField(field, amount.ToString(), "TOO_MANY_PLACES",
                        absl::StrCat(currency, " has ", *minor_units, " decimal places"));
  }
  return CheckBookedAmount(field, amount);
}

// Sets the line's functional amount and rate from what the caller stated.
absl::Status SetFunctional(size_t i, const JournalLineInput& input, LedgerLine& line) {
  const std::string& functional = line.functional_currency;
  if (input.functional_amount.has_value() && input.fx_rate.has_value()) {
    return InvalidField(LineField(i, "fx_rate"), input.fx_rate->ToString(), "AMOUNT_AND_RATE",
                        "give functional_amount or fx_rate, not both");
  }
  if (input.functional_amount.has_value()) {
    const std::string field = LineField(i, "functional_amount");
    if (input.functional_currency != functional) {
      return InvalidField(
          absl::StrCat(field, ".currency_code"), input.functional_currency,
          "WRONG_FUNCTIONAL_CURRENCY",
          absl::StrCat("must be ", line.entity_id, "'s functional currency ", functional));
    }
    RETURN_IF_ERROR(CheckMoney(field, *input.functional_amount, functional));
    if (input.currency == functional && *input.functional_amount != input.amount) {
      return InvalidField(field, input.functional_amount->ToString(), "AMOUNT_DIFFERS",
                          "must equal amount: the line is in the functional currency");
    }
    const std::optional<Decimal> rate = Decimal::Div(*input.functional_amount, input.amount);
    if (!rate.has_value()) return InvalidField(field, "", "OVERFLOW", "out of range");
    line.functional_amount = *input.functional_amount;
    line.fx_rate = *rate;
    return absl::OkStatus();
  }
  if (input.fx_rate.has_value()) {
    const std::string field = LineField(i, "fx_rate");
    const Decimal rate = *input.fx_rate;
    if (rate <= Decimal() || (input.currency == functional && rate != Decimal::FromUnits(1))) {
      return InvalidField(field, rate.ToString(), "INVALID_RATE",
                          input.currency == functional
                              ? "must be 1: the line is in the functional currency"
                              : "must be greater than zero");
    }
    const std::optional<Decimal> product = Decimal::Mul(input.amount, rate);
    if (!product.has_value()) {
      return InvalidField(field, rate.ToString(), "OVERFLOW",
                          "amount x fx_rate, the functional amount, exceeds the exact range");
    }
    line.functional_amount = product->Round(*CurrencyMinorUnits(functional));
    RETURN_IF_ERROR(CheckBookedTotal(
        field, absl::StrCat("amount x fx_rate, the functional amount in ", functional),
        line.functional_amount));
    if (line.functional_amount.is_zero()) {
      return InvalidField(field, rate.ToString(), "ROUNDS_TO_ZERO",
                          absl::StrCat("amount x fx_rate rounds to 0 ", functional));
    }
    line.fx_rate = rate;
    return absl::OkStatus();
  }
  if (input.currency != functional) {
    return InvalidField(
        LineField(i, "functional_amount"), "", "MISSING_FIELD",
        absl::StrCat("functional_amount or fx_rate is required: ", input.currency, " is not ",
                     line.entity_id, "'s functional currency ", functional));
  }
  line.functional_amount = input.amount;
  line.fx_rate = Decimal::FromUnits(1);
  return absl::OkStatus();
}

absl::StatusOr<LedgerLine> BuildLine(size_t i, const JournalLineInput& input,
                                     const JournalEntryInput& entry,
                                     const group::GroupStructure& structure,
                                     const pricing::PricingBook& book) {
  RETURN_IF_ERROR(group::ValidateId(LineField(i, "entity_id"), input.entity_id));
  const group::LegalEntity* entity = structure.FindEntity(input.entity_id);
  if (entity == nullptr) {
    return FieldError(absl::StatusCode::kNotFound, LineField(i, "entity_id"), input.entity_id,
                      "UNKNOWN_ENTITY", "is not a legal entity of the group");
  }
  RETURN_IF_ERROR(CheckAccount(i, input, book));
  if (!input.counterparty_id.empty()) {
    RETURN_IF_ERROR(group::ValidateId(LineField(i, "counterparty_id"), input.counterparty_id));
    if (input.counterparty_id == input.entity_id) {
      return InvalidField(LineField(i, "counterparty_id"), input.counterparty_id,
                          "SELF_COUNTERPARTY", "an entity is not its own counterparty");
    }
  }
  RETURN_IF_ERROR(CheckMoney(LineField(i, "amount"), input.amount, input.currency));
  LedgerLine line;
  line.entity_id = input.entity_id;
  line.counterparty_id = input.counterparty_id;
  line.account = input.account;
  line.side = input.side;
  line.amount = input.amount;
  line.currency = input.currency;
  line.functional_currency = entity->FunctionalCurrencyIn(absl::CivilMonth(entry.date));
  RETURN_IF_ERROR(SetFunctional(i, input, line));
  line.fx_rate_date = entry.date;
  const std::optional<Period> period = Period::Of(entry.date);
  if (!period.has_value()) {  // The entry's date is validated to the calendar first.
    return absl::InternalError("a validated journal entry date has no period");
  }
  line.period = *period;
  return line;
}

// Debits minus credits of one entity in one transaction currency, in both currencies, and
// the debits, which the booked range bounds (services/common/booked_amount.h).
struct Sums {
  Decimal amount;
  Decimal functional;
  std::string functional_currency;
  Decimal debits;
  Decimal functional_debits;
};

std::string Difference(Decimal debits_minus_credits, absl::string_view currency) {
  const bool debits = debits_minus_credits > Decimal();
  const std::optional<Decimal> size =
      debits ? debits_minus_credits : Decimal::Sub(Decimal(), debits_minus_credits);
  return absl::StrCat(debits ? "debits exceed credits by " : "credits exceed debits by ",
                      size.has_value() ? size->ToString() : "too much", " ", currency);
}

// Each entity's lines balance per transaction currency, in it and in the functional
// currency: the invariant the journal's verification checks for every entry.
absl::Status CheckBalanced(const std::vector<LedgerLine>& lines) {
  std::map<std::pair<std::string, std::string>, Sums> sums;
  for (size_t i = 0; i < lines.size(); ++i) {
    const LedgerLine& line = lines[i];
    Sums& sum = sums[{line.entity_id, line.currency}];
    const bool debit = line.side == Side::kDebit;
    const auto add = debit ? Decimal::Add : Decimal::Sub;
    const std::optional<Decimal> amount = add(sum.amount, line.amount);
    const std::optional<Decimal> functional = add(sum.functional, line.functional_amount);
    const std::string where = absl::StrCat(" of ", line.entity_id, " in ", line.currency, " up to ",
                                           LineField(i, "amount"));
    if (!amount.has_value() || !functional.has_value()) {
      // The total, never the line: the line is within range, the sum is not.
      return InvalidField("lines", "", "OVERFLOW",
                          absl::StrCat("the net of the lines", where,
                                       !amount.has_value() ? "" : " in the functional currency",
                                       " exceeds the exact range"));
    }
    sum.amount = *amount;
    sum.functional = *functional;
    sum.functional_currency = line.functional_currency;
    if (debit) {
      // Each line is within 10^16 (CheckMoney) and so was the sum: exact.
      sum.debits = *Decimal::Add(sum.debits, line.amount);
      sum.functional_debits = *Decimal::Add(sum.functional_debits, line.functional_amount);
      RETURN_IF_ERROR(CheckBookedTotal("lines", absl::StrCat("the debits", where), sum.debits));
      RETURN_IF_ERROR(CheckBookedTotal(
          "lines", absl::StrCat("the debits", where, " in ", line.functional_currency),
          sum.functional_debits));
    }
  }
  for (const auto& [key, sum] : sums) {
    const auto& [entity, currency] = key;
    if (!sum.amount.is_zero()) {
      return InvalidField("lines", entity, "UNBALANCED",
                          absl::StrCat("the lines of ", entity, " in ", currency,
                                       " do not balance: ", Difference(sum.amount, currency)));
    }
    if (!sum.functional.is_zero()) {
      return InvalidField("lines", entity, "UNBALANCED",
                          absl::StrCat("the lines of ", entity, " in ", currency,
                                       " do not balance in the functional currency: ",
                                       Difference(sum.functional, sum.functional_currency)));
    }
  }
  return absl::OkStatus();
}

bool Mirrors(const LedgerLine& a, const LedgerLine& b) {
  return b.entity_id == a.counterparty_id && b.counterparty_id == a.entity_id && b.side != a.side &&
         b.amount == a.amount && b.currency == a.currency;
}

// Every line whose counterparty is another group entity is matched one to one with its
// mirror in that entity's books, so both sides of an intercompany balance commit together
// and consolidation finds them to eliminate. Returns whether there were any.
absl::StatusOr<bool> CheckMirrored(const std::vector<LedgerLine>& lines,
                                   const group::GroupStructure& structure) {
  std::vector<bool> matched(lines.size(), false);
  bool intercompany = false;
  for (size_t i = 0; i < lines.size(); ++i) {
    const LedgerLine& line = lines[i];
    if (matched[i] || line.counterparty_id.empty() ||
        structure.FindEntity(line.counterparty_id) == nullptr) {
      continue;
    }
    intercompany = true;
    size_t j = i + 1;
    while (j < lines.size() && (matched[j] || !Mirrors(line, lines[j]))) ++j;
    if (j == lines.size()) {
      return InvalidField(
          LineField(i, "counterparty_id"), line.counterparty_id, "UNMIRRORED_INTERCOMPANY_LINE",
          absl::StrCat("an intercompany line needs its mirror in the same entry: a ",
                       line.side == Side::kDebit ? "credit" : "debit", " of ",
                       line.amount.ToString(), " ", line.currency, " in ", line.counterparty_id,
                       "'s books with counterparty ", line.entity_id));
    }
    matched[i] = matched[j] = true;
  }
  return intercompany;
}

}  // namespace

std::string JournalEntryKey(absl::string_view entry_id) {
  return absl::StrCat("journal:", entry_id);
}

absl::StatusOr<Posting> BuildJournalEntry(const JournalEntryInput& input,
                                          const group::GroupStructure& structure,
                                          const pricing::PricingBook& book) {
  RETURN_IF_ERROR(CheckHeader(input));
  Posting posting;
  posting.transaction_id = input.entry_id;
  posting.date = input.date;
  posting.structure_version = structure.version();
  posting.explanation = input.memo.empty() ? std::string("manual journal entry")
                                           : absl::StrCat("manual journal entry: ", input.memo);
  for (size_t i = 0; i < input.lines.size(); ++i) {
    ASSIGN_OR_RETURN(LedgerLine line, BuildLine(i, input.lines[i], input, structure, book));
    posting.lines.push_back(std::move(line));
  }
  RETURN_IF_ERROR(CheckBalanced(posting.lines));
  ASSIGN_OR_RETURN(const bool intercompany, CheckMirrored(posting.lines, structure));
  posting.relation = intercompany ? group::Relation::kIntercompany : group::Relation::kSameEntity;
  return posting;
}

}  // namespace interco::posting
