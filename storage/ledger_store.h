// LedgerStore: the append-only, hash-chained journal and what is maintained with it in the
// same atomic write.
//
// Column families: "journal" (sequence -> entry, storage/journal_codec.h); "idempotency"
// (request_id -> sequence and request fingerprint); "entry_index" (entity, period,
// sequence -> empty); "balances" (entity, period, account, counterparty, currency -> running
// transaction and functional balances, debit positive, updated by merge); "default" holds the
// chain head (last sequence and hash). Key parts are joined by a 0 byte, which ids, accounts
// and periods never contain.
#ifndef INTERCO_STORAGE_LEDGER_STORE_H_
#define INTERCO_STORAGE_LEDGER_STORE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "services/ledger/journal.h"
#include "storage/database.h"

namespace interco::storage {

class LedgerStore final : public ledger::Journal {
 public:
  // Loads the chain head. DATA_LOSS if the head and the journal disagree. `database` must
  // outlive the store.
  static absl::StatusOr<std::unique_ptr<LedgerStore>> Open(Database* database);

  absl::StatusOr<std::vector<ledger::JournalEntry>> Append(
      std::vector<ledger::PendingPosting> postings) override;
  absl::StatusOr<std::optional<ledger::StoredRequest>> FindRequest(
      absl::string_view request_id) const override;
  absl::StatusOr<ledger::JournalEntry> Get(uint64_t sequence) const override;

  struct Head {
    uint64_t sequence = 0;
    ledger::Hash hash{};
  };
  Head head() const;

  // Entries of `entity_id` in `period` (all periods if empty), in (period, sequence) order,
  // after the position `after` (a token from a previous page; empty for the first), at most
  // `limit`. Sets *next to the token of the last entry returned when more may follow.
  absl::StatusOr<std::vector<ledger::JournalEntry>> List(absl::string_view entity_id,
                                                         absl::string_view period,
                                                         absl::string_view after, size_t limit,
                                                         std::string* next) const;

  struct Verification {
    bool ok = true;
    uint64_t entries_checked = 0;
    uint64_t first_broken_sequence = 0;  // 0 when ok.
    std::string problem;                 // What is wrong at that sequence.
  };
  // Recomputes the chain from the journal and the balances from its lines, and compares
  // them with what is stored. Reads one consistent snapshot.
  absl::StatusOr<Verification> Verify() const;

  // Test-only: flips the bits of one byte of the stored journal value of `sequence`, to
  // prove that Verify notices. Never called by the server.
  absl::Status CorruptForTesting(uint64_t sequence, size_t offset);

 private:
  explicit LedgerStore(Database* database) : database_(database) {}

  Database* const database_;
  mutable absl::Mutex mu_;
  Head head_ ABSL_GUARDED_BY(mu_);
};

}  // namespace interco::storage

#endif  // INTERCO_STORAGE_LEDGER_STORE_H_
