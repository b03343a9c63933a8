// Conversions between the ledger's wire types and its domain values.
#ifndef INTERCO_SERVICES_API_LEDGER_CONVERT_H_
#define INTERCO_SERVICES_API_LEDGER_CONVERT_H_

#include <string>

#include "absl/status/statusor.h"
#include "interco/v1/ledger.pb.h"
#include "services/ledger/entry.h"
#include "services/pricing/quote.h"

namespace interco::api {

struct TransactionInput {
  std::string transaction_id;
  pricing::QuoteRequest request;
  // SHA-256 of the transaction's deterministic serialization: equal means the same request.
  std::string fingerprint;
};

// Field paths in errors are relative to the transaction ("quantity", "inputs[cost]").
absl::StatusOr<TransactionInput> TransactionFromProto(const v1::Transaction& transaction);

absl::StatusOr<v1::LedgerLine> LineToProto(const ledger::JournalEntry& entry,
                                           const ledger::LedgerLine& line);
absl::StatusOr<v1::LedgerEntry> EntryToProto(const ledger::JournalEntry& entry);
// The reply to a posting, built only from the stored entry so a retry's reply is the same.
absl::StatusOr<v1::PostTransactionResponse> PostResponse(const ledger::JournalEntry& entry);

}  // namespace interco::api

#endif  // INTERCO_SERVICES_API_LEDGER_CONVERT_H_
