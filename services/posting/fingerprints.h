// The fingerprints of priced transactions and manual journal entries: the canonical encoding
// of services/ledger/fingerprint.h over everything the caller said.
#ifndef INTERCO_SERVICES_POSTING_FINGERPRINTS_H_
#define INTERCO_SERVICES_POSTING_FINGERPRINTS_H_

#include <string>

#include "absl/strings/string_view.h"
#include "services/posting/journal_entry_builder.h"
#include "services/pricing/quote.h"

namespace interco::posting {

// A priced transaction: its id and everything the caller said about it.
std::string TransactionFingerprint(absl::string_view transaction_id,
                                   const pricing::QuoteRequest& request);

// A manual journal entry, as the caller stated it.
std::string JournalEntryFingerprint(const JournalEntryInput& entry);

}  // namespace interco::posting

#endif  // INTERCO_SERVICES_POSTING_FINGERPRINTS_H_
