// Conversions between the ledger's wire types and its domain values.
#ifndef INTERCO_SERVICES_API_LEDGER_CONVERT_H_
#define INTERCO_SERVICES_API_LEDGER_CONVERT_H_

#include <string>

#include "absl/status/statusor.h"
#include "interco/v1/ledger.pb.h"
#include "services/ledger/entry.h"
#include "services/posting/journal_entry_builder.h"
#include "services/pricing/quote.h"

namespace interco::api {

struct TransactionInput {
  std::string transaction_id;
  pricing::QuoteRequest request;
  // posting::TransactionFingerprint: equal means the same request.
  std::string fingerprint;
  // Version 1 (SHA-256 of the proto's deterministic serialization), for old records only.
  std::string legacy_fingerprint;
};

// Field paths in errors are relative to the transaction ("quantity", "inputs[cost]").
absl::StatusOr<TransactionInput> TransactionFromProto(const v1::Transaction& transaction);

// The ...ToProto functions that take an `out` fill that message in place (it may live on
// the call's arena, services/api/arena_messages.h) and expect it empty; on error it is
// left partly filled, for the caller to clear or not send.
absl::Status LineToProto(const ledger::JournalEntry& entry, const ledger::LedgerLine& line,
                         v1::LedgerLine* out);
absl::StatusOr<v1::LedgerEntry> EntryToProto(const ledger::JournalEntry& entry);
// The reply to a posting, built only from the stored entry so a retry's reply is the same.
absl::Status PostResponseToProto(const ledger::JournalEntry& entry,
                                 v1::PostTransactionResponse* out);
absl::StatusOr<v1::PostTransactionResponse> PostResponse(const ledger::JournalEntry& entry);

// At least PostResponse(entry).ByteSizeLong() for any entry holding `posting` (any
// sequence, hash and amounts), computed from the lengths of its strings without building
// the reply: a batch's reply is checked against the message limit before anything is
// written, and building every reply twice cost 8% of a batch's CPU.
size_t PostResponseBytesBound(const ledger::Posting& posting);

struct JournalEntryRequestInput {
  posting::JournalEntryInput entry;
  // posting::JournalEntryFingerprint: equal means the same entry.
  std::string fingerprint;
};

// Reads the wire shapes only (ids, money, rates, the date, sides, at most
// posting::kMaxJournalEntryLines lines); BuildJournalEntry checks the rest. Field paths are
// the request's ("lines[2].fx_rate").
absl::StatusOr<JournalEntryRequestInput> JournalEntryFromProto(
    const v1::PostJournalEntryRequest& request);
// The reply to a journal entry, built only from the stored entry so a retry's reply is the
// same.
absl::Status JournalEntryResponseToProto(const ledger::JournalEntry& entry,
                                         v1::PostJournalEntryResponse* out);

}  // namespace interco::api

#endif  // INTERCO_SERVICES_API_LEDGER_CONVERT_H_
