// The on-disk form of a journal entry (column family "journal", key: sequence as 8 bytes
// big-endian) and the hash chain over it.
//
// Value layout, format 1: format byte, request_id, the posting's fields and lines in a
// fixed order (see journal_codec.cc), then the previous hash and the hash (32 bytes each).
// hash = SHA-256(sequence as 8 bytes big-endian || previous hash || content), where content
// is the value without its two trailing hashes. Decoding checks every length and byte.
#ifndef INTERCO_STORAGE_JOURNAL_CODEC_H_
#define INTERCO_STORAGE_JOURNAL_CODEC_H_

#include <string>
#include <vector>

#include "absl/numeric/int128.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/ledger/entry.h"

namespace interco::storage {

// The content bytes that the hash covers.
std::string EncodeJournalContent(const std::string& request_id, const ledger::Posting& posting);

ledger::Hash ChainHash(uint64_t sequence, const ledger::Hash& previous, absl::string_view content);

// Content followed by both hashes.
std::string EncodeJournalValue(const ledger::JournalEntry& entry);

// DATA_LOSS if `value` is not an entry this build can read. Does not check the chain.
absl::StatusOr<ledger::JournalEntry> DecodeJournalValue(uint64_t sequence, absl::string_view value);

// What a running balance needs of one line, viewing the bytes of the value it came from.
struct BalanceLineView {
  absl::string_view entity_id;
  absl::string_view counterparty_id;
  absl::string_view account;
  bool debit = true;
  absl::int128 amount = 0;
  absl::string_view currency;
  absl::int128 functional = 0;
  absl::string_view period;  // "YYYY-MM", checked.
};

// The lines of the entry in `value` as balance views (replacing `*lines`) and its hash,
// without building the entry: the "as of" scan reads every line of the journal up to a
// point. DATA_LOSS exactly when DecodeJournalValue would fail.
absl::Status DecodeBalanceLines(absl::string_view value, std::vector<BalanceLineView>* lines,
                                ledger::Hash* hash);

}  // namespace interco::storage

#endif  // INTERCO_STORAGE_JOURNAL_CODEC_H_
