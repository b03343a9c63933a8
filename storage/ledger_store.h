// LedgerStore: the append-only, hash-chained journal and what is maintained with it in the
// same atomic write.
//
// Column families: "journal" (sequence -> entry, storage/journal_codec.h); "idempotency"
// (request_id -> sequence, request fingerprint and business key; 0x01 "reversal" + original
// sequence -> the reversing sequence; 0x02 "invoice" + business key -> sequence and
// fingerprint: keys no request_id can take, storage/ledger_keys.h); "entry_index" (entity, period,
// sequence -> empty); "balances" (entity, period, account, counterparty, currency -> running
// transaction and functional balances, debit positive, written whole by each append from
// the values the store keeps in memory, so that readers never fold merge operands; ledgers
// written before this held merge operands there, which still read correctly); "default" holds the
// chain head (last sequence and hash). Key parts are joined by a 0 byte, which ids, accounts
// and periods never contain.
#ifndef INTERCO_STORAGE_LEDGER_STORE_H_
#define INTERCO_STORAGE_LEDGER_STORE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "services/ledger/journal.h"
#include "storage/balance_merge.h"
#include "storage/database.h"

namespace rocksdb {
class Status;
class WriteBatch;
}  // namespace rocksdb

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
  absl::StatusOr<std::optional<ledger::StoredRequest>> FindBusinessKey(
      absl::string_view business_key) const override;
  // One MultiGet on one snapshot for all of `keys`.
  std::vector<absl::StatusOr<std::optional<ledger::StoredRequest>>> FindRecords(
      absl::Span<const ledger::RecordKey> keys) const override;
  absl::StatusOr<ledger::JournalEntry> Get(uint64_t sequence) const override;
  absl::StatusOr<std::optional<uint64_t>> FindReversal(uint64_t original) const override;

  struct Head {
    uint64_t sequence = 0;
    ledger::Hash hash{};
  };
  Head head() const;
  ledger::ChainHead CurrentHead() const override;

  absl::StatusOr<std::vector<ledger::JournalEntry>> List(
      absl::string_view entity_id, std::optional<ledger::Period> period,
      const std::function<bool(const ledger::JournalEntry&)>& keep, absl::string_view after,
      size_t limit, std::string* next) const override;
  absl::StatusOr<bool> HasEntriesFrom(absl::string_view entity_id,
                                      std::optional<ledger::Period> period) const override;
  absl::StatusOr<ledger::Verification> Verify(
      const std::function<absl::Status()>& keep_going) const override;
  absl::StatusOr<ledger::BalanceSnapshot> Balances(std::optional<uint64_t> as_of) const override;

  // Compacts the balances family: drops the overwritten values (and, in ledgers written
  // before balances were stored whole, folds merge operands), as background compaction
  // eventually does.
  absl::Status CompactBalances();

  // Test-only: flips the bits of one byte of the stored journal value of `sequence`, to
  // prove that Verify notices. Never called by the server.
  absl::Status CorruptForTesting(uint64_t sequence, size_t offset);
  // Test-only: adds one raw unit to one balance kept in memory (none if none is kept), to
  // prove that Verify compares them with the journal. Never called by the server.
  void DivergeKeptBalanceForTesting();

 private:
  explicit LedgerStore(Database* database) : database_(database) {}
  // The request or business-key record at `key` of the idempotency family; `what` names it
  // in errors.
  absl::StatusOr<std::optional<ledger::StoredRequest>> FindRecord(absl::string_view key,
                                                                  absl::string_view what) const;
  // The record in `value` as FindRecord answers it, `found` the status of its read.
  static absl::StatusOr<std::optional<ledger::StoredRequest>> DecodeRecord(
      const rocksdb::Status& found, absl::string_view value, absl::string_view what);
  // Adds `pending` to `batch` as the entry after `head` (which it advances), its balance
  // changes to `deltas`.
  ledger::JournalEntry AddEntry(ledger::PendingPosting& pending, Head& head,
                                rocksdb::WriteBatch& batch,
                                absl::flat_hash_map<std::string, BalanceValue>& deltas)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(append_mu_);
  // The new whole value of each balance `deltas` changes, from the kept values (read from
  // the database, merge operands folded, for a balance not kept yet).
  absl::StatusOr<std::vector<std::pair<std::string, BalanceValue>>> NewBalances(
      const absl::flat_hash_map<std::string, BalanceValue>& deltas)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(append_mu_);
  // Makes `updated` (just written) the kept values.
  void KeepBalances(std::vector<std::pair<std::string, BalanceValue>> updated)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(append_mu_);
  // Keeps every stored balance, when there are at most kMaxKeptBalances (at Open).
  absl::Status LoadBalances() ABSL_LOCKS_EXCLUDED(append_mu_);
  // The head's balances from the kept values, when they are all kept; nullopt otherwise.
  absl::StatusOr<std::optional<ledger::BalanceSnapshot>> KeptSnapshot() const
      ABSL_LOCKS_EXCLUDED(append_mu_);

  // The balances kept in memory: about 120 bytes each. Past this many the store forgets them
  // all and reads each again at its next change, so memory stays bounded whatever the
  // number of balances.
  static constexpr size_t kMaxKeptBalances = 500000;
  // The head's balances are copied from memory, under the writer's lock, up to this many.
  static constexpr size_t kMaxBalancesServedFromMemory = 100000;

  Database* const database_;
  // Appends one at a time (the sequencer's writer is the only caller in the server).
  mutable absl::Mutex append_mu_ ABSL_ACQUIRED_BEFORE(mu_);
  absl::flat_hash_map<std::string, BalanceValue> balances_ ABSL_GUARDED_BY(append_mu_);
  // True while balances_ holds every balance of the ledger: a balance not kept is then
  // zero, and the head's balances are read from memory (no merge or overwrite chains).
  bool balances_complete_ ABSL_GUARDED_BY(append_mu_) = false;
  mutable absl::Mutex mu_;
  Head head_ ABSL_GUARDED_BY(mu_);
};

}  // namespace interco::storage

#endif  // INTERCO_STORAGE_LEDGER_STORE_H_
