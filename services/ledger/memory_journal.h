// MemoryJournal: an in-memory Journal for the ledger's unit tests, which counts writes,
// can hold the writer inside Append until released, and refuses what the real journal
// refuses (a request_id or business key appended twice).
#ifndef INTERCO_SERVICES_LEDGER_MEMORY_JOURNAL_H_
#define INTERCO_SERVICES_LEDGER_MEMORY_JOURNAL_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "services/ledger/journal.h"

namespace interco::ledger {

// An in-memory journal that counts writes and can hold the writer until released.
class MemoryJournal : public Journal {
 public:
  ChainHead CurrentHead() const override {
    absl::MutexLock lock(&mu_);
    return {entries_.size(), Hash{}};
  }
  absl::StatusOr<std::vector<JournalEntry>> Append(std::vector<PendingPosting> postings) override {
    if (hold_ != nullptr) {
      if (!entered_.HasBeenNotified()) entered_.Notify();
      hold_->WaitForNotification();
    }
    absl::MutexLock lock(&mu_);
    ++writes_;
    std::vector<JournalEntry> out;
    for (PendingPosting& p : postings) {
      JournalEntry entry;
      entry.sequence = entries_.size() + 1;
      entry.request_id = p.request_id;
      entry.posting = std::move(p.posting);
      // The real journal refuses what the sequencer must never hand it.
      if (requests_.count(entry.request_id) > 0 ||
          (!p.business_key.empty() && keys_.count(p.business_key) > 0)) {
        return absl::InternalError("a request_id or business key appended twice");
      }
      requests_[entry.request_id] = {entry.sequence, p.fingerprint};
      if (!p.business_key.empty()) keys_[p.business_key] = {entry.sequence, p.fingerprint};
      entries_.push_back(entry);
      out.push_back(entry);
    }
    return out;
  }
  absl::StatusOr<std::optional<StoredRequest>> FindRequest(absl::string_view id) const override {
    absl::MutexLock lock(&mu_);
    const auto it = requests_.find(std::string(id));
    if (it == requests_.end()) return std::nullopt;
    return it->second;
  }
  absl::StatusOr<std::optional<StoredRequest>> FindBusinessKey(
      absl::string_view key) const override {
    absl::MutexLock lock(&mu_);
    const auto it = keys_.find(std::string(key));
    if (it == keys_.end()) return std::nullopt;
    return it->second;
  }
  absl::StatusOr<JournalEntry> Get(uint64_t sequence) const override {
    absl::MutexLock lock(&mu_);
    // What the RocksDB journal answers for a sequence it does not hold.
    if (sequence == 0 || sequence > entries_.size() || lost_.count(sequence) != 0) {
      return absl::NotFoundError("sequence: no journal entry has this sequence");
    }
    return entries_.at(sequence - 1);
  }
  absl::StatusOr<std::optional<uint64_t>> FindReversal(uint64_t original) const override {
    absl::MutexLock lock(&mu_);
    for (const JournalEntry& entry : entries_) {
      if (entry.posting.reverses == original) return entry.sequence;
    }
    return std::nullopt;
  }
  absl::StatusOr<std::vector<JournalEntry>> List(absl::string_view, std::optional<Period>,
                                                 const std::function<bool(const JournalEntry&)>&,
                                                 absl::string_view, size_t,
                                                 std::string*) const override {
    return absl::UnimplementedError("not needed here");
  }
  absl::StatusOr<bool> HasEntriesFrom(absl::string_view entity_id,
                                      std::optional<Period> period) const override {
    absl::MutexLock lock(&mu_);
    for (const JournalEntry& entry : entries_) {
      for (const LedgerLine& line : entry.posting.lines) {
        if (line.entity_id == entity_id && (!period.has_value() || line.period >= *period)) {
          return true;
        }
      }
    }
    return false;
  }
  absl::StatusOr<BalanceSnapshot> Balances(std::optional<uint64_t>) const override {
    return absl::UnimplementedError("not needed here");
  }
  absl::StatusOr<Verification> Verify(const std::function<absl::Status()>&) const override {
    return absl::UnimplementedError("not needed here");
  }
  size_t writes() const {
    absl::MutexLock lock(&mu_);
    return writes_;
  }
  size_t size() const {
    absl::MutexLock lock(&mu_);
    return entries_.size();
  }
  // Deletes an entry and keeps its idempotency record, as damage would.
  void LoseEntry(uint64_t sequence) {
    absl::MutexLock lock(&mu_);
    lost_.insert(sequence);
  }
  absl::Notification* hold_ = nullptr;
  absl::Notification entered_;  // The writer is inside Append, held.

 private:
  mutable absl::Mutex mu_;
  std::vector<JournalEntry> entries_;
  std::map<std::string, StoredRequest> requests_;
  std::map<std::string, StoredRequest> keys_;
  std::set<uint64_t> lost_;
  size_t writes_ = 0;
};

}  // namespace interco::ledger

#endif  // INTERCO_SERVICES_LEDGER_MEMORY_JOURNAL_H_
