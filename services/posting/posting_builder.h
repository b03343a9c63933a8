// Turns a priced transaction into the balanced lines of both entities.
#ifndef INTERCO_SERVICES_POSTING_POSTING_BUILDER_H_
#define INTERCO_SERVICES_POSTING_POSTING_BUILDER_H_

#include <string>

#include "absl/status/statusor.h"
#include "services/ledger/entry.h"
#include "services/pricing/pricing_book.h"
#include "services/pricing/quote.h"

namespace interco::posting {

// Builds the posting of `request` as priced by `quote` (from pricing::PriceTransaction on the
// same request). Each booking side gets one debit and one credit of the total, in the
// transaction currency and in its functional currency, so every entity balances in both.
// Who books: INTERCOMPANY and AFFILIATE both entities; SAME_ENTITY the one entity (buyer
// department charged, seller department relieved); EMPLOYEE the entity on the company side;
// EXTERNAL the group side(s). INVALID_ARGUMENT (naming "transaction.unit_price") when an
// EXTERNAL transaction has no stated price, and when neither party belongs to the group.
// Accounts: DefaultAccounts, replaced for INTERCOMPANY and AFFILIATE by each entity's own
// map in `book` when it has one for the transaction type.
absl::StatusOr<ledger::Posting> BuildPosting(const std::string& transaction_id,
                                             const pricing::QuoteRequest& request,
                                             const pricing::Quote& quote,
                                             const pricing::PricingBook& book);

}  // namespace interco::posting

#endif  // INTERCO_SERVICES_POSTING_POSTING_BUILDER_H_
