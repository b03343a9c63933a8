// Journal: what the ledger domain needs from storage, implemented by
// storage::LedgerStore. Keeps the domain free of RocksDB.
#ifndef INTERCO_SERVICES_LEDGER_JOURNAL_H_
#define INTERCO_SERVICES_LEDGER_JOURNAL_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "services/ledger/entry.h"

namespace interco::ledger {

// A posting waiting for its sequence: the caller's request_id, a fingerprint of the
// request's content (equal fingerprints mean "the same request"), and its business key
// (BusinessKey() of seller and transaction_id; empty for reversals), which the ledger holds
// at most once whatever the request_id.
struct PendingPosting {
  std::string request_id;
  std::string fingerprint;         // services/ledger/fingerprint.h; what is stored.
  std::string legacy_fingerprint;  // The version-1 form, to honour old records; may be empty.
  std::string business_key;
  Posting posting;
};

// The key that makes an invoice unique on the ledger: its seller's party id and the
// seller's document id. Party ids and transaction ids never contain '/'.
inline std::string BusinessKey(absl::string_view seller_id, absl::string_view transaction_id) {
  return absl::StrCat(seller_id, "/", transaction_id);
}

// What the journal holds for a request_id or a business key: the entry and the fingerprint
// of the request that wrote it.
struct StoredRequest {
  uint64_t sequence = 0;
  std::string fingerprint;
};

// One record for Journal::FindRecords to look up: a request_id's, or a business key's.
struct RecordKey {
  enum class Kind { kRequestId, kBusinessKey };
  Kind kind = Kind::kRequestId;
  absl::string_view value;  // The request_id, or BusinessKey(); must outlive the lookup.
};

struct Verification {
  bool ok = true;
  uint64_t entries_checked = 0;
  // 0 when ok, or when only a balance or a family's count is wrong.
  uint64_t first_broken_sequence = 0;
  std::string problem;  // What is wrong there.
  // Entries that cannot be read or whose records beside the journal are wrong: how many,
  // and the first 1,000 of them.
  uint64_t affected_count = 0;
  std::vector<uint64_t> affected_sequences;
};

// One running balance of (entity, period, account, counterparty, transaction currency):
// the amount in that currency and in the entity's functional currency, debit positive.
struct PeriodBalance {
  std::string entity_id;
  Period period;
  std::string account;
  std::string counterparty_id;
  Decimal functional;
  std::string currency;
  Decimal amount;
};

// Balances read at one point of the ledger, and that point.
struct BalanceSnapshot {
  uint64_t sequence = 0;
  Hash hash{};
  // Sorted by (entity, period, account, counterparty, currency).
  std::vector<PeriodBalance> balances;
};

// The last appended entry: its sequence and hash (0 and all zeros for an empty journal).
struct ChainHead {
  uint64_t sequence = 0;
  Hash hash{};
};

// Books that hold an entity's amounts by period in its functional currency: the journal,
// and beside it the imported trial balances. A change of functional currency must not
// contradict any of them (functional_currency.h).
class CurrencyBooks {
 public:
  virtual ~CurrencyBooks() = default;
  // Whether `entity_id` has an entry in `period` or a later one (in any period if nullopt).
  // Thread-safe.
  virtual absl::StatusOr<bool> HasEntriesFrom(absl::string_view entity_id,
                                              std::optional<Period> period) const = 0;
};

class Journal : public CurrencyBooks {
 public:
  virtual ~Journal() = default;

  // The head as of the last completed Append. Thread-safe; cheap (no read of the journal).
  virtual ChainHead CurrentHead() const = 0;

  // Appends `postings` in order with consecutive sequences and the hash chain, as one
  // atomic write synced to disk before returning, recording each request_id, business key
  // and reversal against its entry. On error nothing is written. The caller (the
  // Sequencer) guarantees that no request_id or business key is already in the journal or
  // repeated in `postings`; a violation is a programming error, refused as INTERNAL with
  // nothing written. Not thread-safe: one writer.
  virtual absl::StatusOr<std::vector<JournalEntry>> Append(
      std::vector<PendingPosting> postings) = 0;

  // The posting a request_id produced, if any. Thread-safe.
  virtual absl::StatusOr<std::optional<StoredRequest>> FindRequest(
      absl::string_view request_id) const = 0;

  // The posting that holds `business_key`, if any. Thread-safe.
  virtual absl::StatusOr<std::optional<StoredRequest>> FindBusinessKey(
      absl::string_view business_key) const = 0;

  // For each of `keys`, in order, what FindRequest or FindBusinessKey answers for it (an
  // error only for that key). Keys may repeat. The sequencer resolves a whole drain with
  // one call; LedgerStore answers with one MultiGet instead of a Get per key. This default
  // asks one key at a time. Thread-safe.
  virtual std::vector<absl::StatusOr<std::optional<StoredRequest>>> FindRecords(
      absl::Span<const RecordKey> keys) const {
    std::vector<absl::StatusOr<std::optional<StoredRequest>>> found;
    found.reserve(keys.size());
    for (const RecordKey& key : keys) {
      found.push_back(key.kind == RecordKey::Kind::kRequestId ? FindRequest(key.value)
                                                              : FindBusinessKey(key.value));
    }
    return found;
  }

  // The sequence of the posting that reversed `original`, if one did. Thread-safe.
  virtual absl::StatusOr<std::optional<uint64_t>> FindReversal(uint64_t original) const = 0;

  // NOT_FOUND naming "sequence" if there is no such entry. Thread-safe.
  virtual absl::StatusOr<JournalEntry> Get(uint64_t sequence) const = 0;

  // Entries of `entity_id` in `period` (all periods if nullopt) for which `keep` is true (all
  // if it is empty), in (period, sequence) order, after `after` (a token from a previous
  // page; empty for the first): at most `limit` of them, examining at most
  // kMaxListExamined. Sets *next to a token when more may follow, else clears it. Tokens are
  // opaque bytes.
  static constexpr size_t kMaxListExamined = 10000;
  virtual absl::StatusOr<std::vector<JournalEntry>> List(
      absl::string_view entity_id, std::optional<Period> period,
      const std::function<bool(const JournalEntry&)>& keep, absl::string_view after, size_t limit,
      std::string* next) const = 0;

  // HasEntriesFrom (CurrencyBooks): from the entry index, one seek whatever the number of
  // entries.

  // All running balances at one consistent point: the current head (from the maintained
  // balances: cost grows with the number of balances, not lines), or `as_of` (a sequence
  // <= the head: by scanning the journal up to it; memory grows with the number of
  // balances). INVALID_ARGUMENT naming "as_of_sequence" beyond the head.
  virtual absl::StatusOr<BalanceSnapshot> Balances(std::optional<uint64_t> as_of) const = 0;

  // Recomputes the hash chain and the balances from the journal and compares them with
  // what is stored, and checks every request, invoice, reversal and index record against
  // the journal, on one consistent snapshot. Unreadable data is a finding (ok false), not an
  // error. Calls `keep_going` (if set) every few thousand records and stops with its error
  // when it returns one (a deadline, a cancelled call, shutdown). Thread-safe.
  virtual absl::StatusOr<Verification> Verify(
      const std::function<absl::Status()>& keep_going) const = 0;
};

}  // namespace interco::ledger

#endif  // INTERCO_SERVICES_LEDGER_JOURNAL_H_
