// RocksDbTrialBalanceStore: trial balance versions in the column family "trial_balances"
// (layout in trial_balance_codec.h). Each version is written once, with its lines, its
// request record and its import sequence, in one synced WriteBatch; nothing is ever
// overwritten. Reads check what they decode (a version must balance and match its header)
// and report DATA_LOSS otherwise. Thread-safe; appends are serialized by the caller.
#ifndef INTERCO_STORAGE_TRIAL_BALANCE_STORE_H_
#define INTERCO_STORAGE_TRIAL_BALANCE_STORE_H_

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/trial_balance/store.h"
#include "storage/database.h"

namespace interco::storage {

class RocksDbTrialBalanceStore final : public trial_balance::TrialBalanceStore {
 public:
  // Reads the last import sequence. `database` must outlive the store.
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
  uint64_t last_import_sequence() const override { return last_sequence_.load(); }
  absl::Status Append(const trial_balance::TrialBalance& trial_balance) override;

 private:
  RocksDbTrialBalanceStore(Database* database, uint64_t last_sequence)
      : database_(database), last_sequence_(last_sequence) {}

  // The header under `key` ('v' + suffix); nullopt if absent.
  absl::StatusOr<std::optional<trial_balance::TrialBalanceHeader>> ReadHeader(
      const rocksdb::ReadOptions& read, const std::string& key) const;
  // The version under `suffix` with its lines, checked.
  absl::StatusOr<trial_balance::TrialBalance> ReadVersion(const rocksdb::ReadOptions& read,
                                                          absl::string_view suffix) const;

  Database* const database_;
  std::atomic<uint64_t> last_sequence_;
};

}  // namespace interco::storage

#endif  // INTERCO_STORAGE_TRIAL_BALANCE_STORE_H_
