// RocksDbTrialBalanceStore: trial balance versions in the column family "trial_balances"
// (layout in trial_balance_codec.h). Each version is written once, with its lines, its
// request record and its import sequence, in one synced WriteBatch; nothing is ever
// overwritten. Reads check what they decode (a version must balance and match its header)
// and report DATA_LOSS otherwise. Thread-safe; appends are serialized by the caller.
//
// The import sequence records are the family's hash chain (trial_balance_codec.h): a read
// of a version's lines checks its header and lines against the digests its import
// recorded, Open checks the last link against the recorded head, and Verify checks all.
#ifndef INTERCO_STORAGE_TRIAL_BALANCE_STORE_H_
#define INTERCO_STORAGE_TRIAL_BALANCE_STORE_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "services/ledger/chained_family.h"
#include "services/trial_balance/store.h"
#include "storage/database.h"

namespace interco::storage {

class RocksDbTrialBalanceStore final : public trial_balance::TrialBalanceStore,
                                       public ledger::ChainedFamily {
 public:
  // Reads the last import sequence and checks its link and version against the recorded
  // head (DATA_LOSS naming the key otherwise). `database` must outlive the store.
  static absl::StatusOr<std::unique_ptr<RocksDbTrialBalanceStore>> Open(Database* database);

  absl::StatusOr<std::optional<trial_balance::TrialBalance>> FindByRequest(
      absl::string_view request_id) const override;
  absl::StatusOr<std::optional<trial_balance::TrialBalanceHeader>> FindHeader(
      absl::string_view entity_id, ledger::Period period,
      trial_balance::VersionSelector selector) const override;
  absl::StatusOr<std::vector<trial_balance::TrialBalanceLine>> Lines(
      absl::string_view entity_id, ledger::Period period, uint64_t version) const override;
  absl::StatusOr<std::vector<trial_balance::TrialBalanceHeader>> List(
      absl::string_view entity_id, std::optional<ledger::Period> period,
      const std::optional<trial_balance::VersionKey>& after, size_t limit) const override;
  uint64_t last_import_sequence() const override { return Head().version; }
  absl::Status Append(const trial_balance::TrialBalance& trial_balance) override;

  const std::string& name() const override;
  ledger::FamilyHead Head() const override;
  absl::StatusOr<ledger::FamilyHead> HeadAt(uint64_t sequence) const override;
  // trial_balance_verify.cc.
  absl::StatusOr<ledger::FamilyCheck> Verify(
      const std::function<absl::Status()>& keep_going) const override;

 private:
  RocksDbTrialBalanceStore(Database* database, const ledger::FamilyHead& head)
      : database_(database), head_(head) {}

  // OK if the head recorded beside the chain is `end`; DATA_LOSS saying how they differ.
  absl::Status CheckRecordedHead(const ledger::FamilyHead& end) const;
  // The import sequence record `sequence`, its own hash checked (not its link); nullopt if
  // absent.
  absl::StatusOr<std::optional<std::string>> ReadLinkValue(const rocksdb::ReadOptions& read,
                                                           uint64_t sequence) const;

  // The header under `key` ('v' + suffix); nullopt if absent.
  absl::StatusOr<std::optional<trial_balance::TrialBalanceHeader>> ReadHeader(
      const rocksdb::ReadOptions& read, const std::string& key) const;
  // The version under `suffix` with its lines, checked.
  absl::StatusOr<trial_balance::TrialBalance> ReadVersion(const rocksdb::ReadOptions& read,
                                                          absl::string_view suffix) const;

  Database* const database_;
  mutable absl::Mutex mu_;
  ledger::FamilyHead head_ ABSL_GUARDED_BY(mu_);
};

}  // namespace interco::storage

#endif  // INTERCO_STORAGE_TRIAL_BALANCE_STORE_H_
