#include "services/posting/posting_builder.h"

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "services/common/booked_amount.h"
#include "services/common/field_error.h"
#include "services/common/status_macros.h"
#include "services/ledger/account_map.h"

namespace interco::posting {

using ledger::AccountMapping;
using ledger::AccountPair;
using ledger::DefaultAccounts;
using ledger::LedgerLine;
using ledger::Period;
using ledger::Posting;
using ledger::Side;
namespace {

const pricing::FunctionalAmount* FunctionalFor(const pricing::Quote& quote,
                                               const std::string& entity_id) {
  for (const pricing::FunctionalAmount& amount : quote.functional) {
    if (amount.entity_id == entity_id) return &amount;
  }
  return nullptr;
}

// One debit and one credit of the total for `entity_id`.
absl::Status AddPair(const pricing::Quote& quote, const std::string& entity_id,
                     const std::string& debit_counterparty, const std::string& credit_counterparty,
                     const AccountPair& accounts, Period period, Posting& posting) {
  const pricing::FunctionalAmount* functional = FunctionalFor(quote, entity_id);
  if (functional == nullptr) {
    return absl::InternalError(absl::StrCat("the quote has no functional amount for ", entity_id));
  }
  // The total is what the books hold: quantity x unit price, from the caller's figures
  // (quantity, inputs, stated price), none of which alone is at fault.
  RETURN_IF_ERROR(CheckBookedTotal(
      "transaction", absl::StrCat("quantity x unit price in ", quote.currency), quote.total));
  RETURN_IF_ERROR(CheckBookedTotal(
      "transaction",
      absl::StrCat("quantity x unit price in ", entity_id, "'s ", functional->currency),
      functional->total));
  for (const Side side : {Side::kDebit, Side::kCredit}) {
    LedgerLine line;
    line.entity_id = entity_id;
    line.counterparty_id = side == Side::kDebit ? debit_counterparty : credit_counterparty;
    line.account = side == Side::kDebit ? accounts.debit : accounts.credit;
    line.side = side;
    line.amount = quote.total;
    line.currency = quote.currency;
    line.functional_amount = functional->total;
    line.functional_currency = functional->currency;
    line.fx_rate = functional->conversion.rate;
    line.fx_rate_date = functional->conversion.rate_date;
    line.period = period;
    posting.lines.push_back(std::move(line));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Posting> BuildPosting(const std::string& transaction_id,
                                     const pricing::QuoteRequest& request,
                                     const pricing::Quote& quote,
                                     const pricing::PricingBook& book) {
  const group::Classification& c = quote.classification;
  if (quote.currency.empty()) {
    return InvalidField("transaction.unit_price", "", "PRICE_REQUIRED",
                        "an EXTERNAL transaction is booked at its stated unit price");
  }
  if (c.seller.entity_id.empty() && c.buyer.entity_id.empty()) {
    return InvalidField("transaction.seller", request.seller.id, "NO_GROUP_PARTY",
                        "at least one party must belong to the group");
  }
  if (quote.reject_out_of_range && quote.tested_price_in_range == false) {
    return FieldError(absl::StatusCode::kFailedPrecondition, "transaction.unit_price",
                      request.tested_unit_price->ToString(), "OUTSIDE_ARM_LENGTH_RANGE",
                      absl::StrCat("is outside the arm's-length range of policy ", quote.policy_id,
                                   ", which rejects such prices: ", quote.explanation));
  }
  Posting posting;
  posting.transaction_id = transaction_id;
  posting.date = request.date;
  posting.transaction_type = request.transaction_type;
  posting.relation = c.relation;
  posting.policy_id = quote.policy_id;
  posting.policy_version = quote.policy_version;
  posting.structure_version = c.structure_version;
  posting.quantity = request.quantity;
  posting.unit_price = quote.unit_price;
  posting.explanation = quote.explanation;
  const std::optional<Period> period = Period::Of(request.date);
  if (!period.has_value()) {  // Dates are validated to the calendar before pricing.
    return absl::InternalError(absl::StrCat("the date ", absl::FormatCivilTime(request.date),
                                            " passed validation but has no period"));
  }
  AccountMapping accounts = DefaultAccounts(request.transaction_type, c.relation);
  if (c.relation == group::Relation::kIntercompany || c.relation == group::Relation::kAffiliate) {
    if (const AccountMapping* own = book.AccountsOf(c.seller.entity_id, request.transaction_type)) {
      accounts.seller = own->seller;
    }
    if (const AccountMapping* own = book.AccountsOf(c.buyer.entity_id, request.transaction_type)) {
      accounts.buyer = own->buyer;
    }
  }
  // Counterparties: the other side's entity inside the group, else its own id.
  const std::string seller_cp = c.seller.entity_id.empty() ? request.seller.id : c.seller.entity_id;
  const std::string buyer_cp = c.buyer.entity_id.empty() ? request.buyer.id : c.buyer.entity_id;
  const bool seller_books =
      !c.seller.entity_id.empty() && request.seller.kind != group::PartyKind::kEmployee;
  const bool buyer_books =
      !c.buyer.entity_id.empty() && request.buyer.kind != group::PartyKind::kEmployee;
  absl::Status status;
  if (c.relation == group::Relation::kSameEntity) {
    // One entity: the buyer department is charged, the seller department relieved.
    status = AddPair(quote, c.seller.entity_id, request.seller.id, request.buyer.id,
                     {accounts.buyer.debit, accounts.seller.credit}, *period, posting);
  } else {
    const std::string seller_party_cp =
        request.buyer.kind == group::PartyKind::kEmployee ? request.buyer.id : buyer_cp;
    const std::string buyer_party_cp =
        request.seller.kind == group::PartyKind::kEmployee ? request.seller.id : seller_cp;
    if (seller_books) {
      status = AddPair(quote, c.seller.entity_id, seller_party_cp, seller_party_cp, accounts.seller,
                       *period, posting);
    }
    if (status.ok() && buyer_books) {
      status = AddPair(quote, c.buyer.entity_id, buyer_party_cp, buyer_party_cp, accounts.buyer,
                       *period, posting);
    }
  }
  if (!status.ok()) return status;
  return posting;
}

}  // namespace interco::posting
