// An in-memory TrialBalanceStore for tests of the domain. Thread-compatible.
#ifndef INTERCO_SERVICES_TRIAL_BALANCE_MEMORY_STORE_H_
#define INTERCO_SERVICES_TRIAL_BALANCE_MEMORY_STORE_H_

#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "services/trial_balance/store.h"

namespace interco::trial_balance {

class MemoryTrialBalanceStore final : public TrialBalanceStore {
 public:
  absl::StatusOr<std::optional<TrialBalance>> FindByRequest(
      absl::string_view request_id) const override {
    for (const auto& [key, stored] : versions_) {
      if (stored.header.request_id == request_id) return stored;
    }
    return std::nullopt;
  }

  absl::StatusOr<std::optional<TrialBalanceHeader>> FindHeader(
      absl::string_view entity_id, ledger::Period period, VersionSelector selector) const override {
    std::optional<TrialBalanceHeader> found;
    for (const auto& [key, stored] : versions_) {
      const TrialBalanceHeader& h = stored.header;
      if (h.entity_id != entity_id || h.period != period) continue;
      if (selector.version != 0 && h.version != selector.version) continue;
      if (selector.as_of_import_sequence != 0 &&
          h.import_sequence > selector.as_of_import_sequence) {
        continue;
      }
      found = h;  // Keys ascend, so the last match is the latest.
    }
    return found;
  }

  absl::StatusOr<std::vector<TrialBalanceLine>> Lines(absl::string_view entity_id,
                                                      ledger::Period period,
                                                      uint64_t version) const override {
    const auto it = versions_.find({std::string(entity_id), period.ToString(), version});
    if (it == versions_.end()) return absl::InternalError("no such version");
    // What the RocksDB store answers when the lines record is gone and the header is not.
    if (lost_lines_.count(it->first) != 0) {
      return absl::NotFoundError("reading trial balance lines: NotFound: ");
    }
    return it->second.lines;
  }

  absl::StatusOr<std::vector<TrialBalanceHeader>> List(absl::string_view entity_id,
                                                       std::optional<ledger::Period> period,
                                                       const std::optional<VersionKey>& after,
                                                       size_t limit) const override {
    std::vector<TrialBalanceHeader> headers;
    for (const auto& [key, stored] : versions_) {
      if (after.has_value() &&
          key <= Key{after->entity_id, after->period.ToString(), after->version}) {
        continue;
      }
      if (!entity_id.empty() && stored.header.entity_id != entity_id) continue;
      if (period.has_value() && stored.header.period != *period) continue;
      if (headers.size() == limit) break;
      headers.push_back(stored.header);
    }
    return headers;
  }

  uint64_t last_import_sequence() const override { return last_sequence_; }

  absl::Status Append(const TrialBalance& trial_balance) override {
    if (!append_error_.ok()) return append_error_;
    const TrialBalanceHeader& h = trial_balance.header;
    versions_[{h.entity_id, h.period.ToString(), h.version}] = trial_balance;
    last_sequence_ = h.import_sequence;
    return absl::OkStatus();
  }

  // Makes every later Append fail with `error` (a full disk, say).
  void FailAppends(absl::Status error) { append_error_ = std::move(error); }
  size_t size() const { return versions_.size(); }
  // Deletes a version's lines record and keeps its header, as damage would.
  void LoseLines(absl::string_view entity_id, ledger::Period period, uint64_t version) {
    lost_lines_.insert({std::string(entity_id), period.ToString(), version});
  }

 private:
  using Key = std::tuple<std::string, std::string, uint64_t>;
  std::map<Key, TrialBalance> versions_;
  std::set<Key> lost_lines_;
  uint64_t last_sequence_ = 0;
  absl::Status append_error_;
};

}  // namespace interco::trial_balance

#endif  // INTERCO_SERVICES_TRIAL_BALANCE_MEMORY_STORE_H_
