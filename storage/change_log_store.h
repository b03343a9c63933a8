// ChangeLogStore: a versioned change log in one column family (key: version as 8 bytes
// big-endian; value: the record's own codec, chained as family_chain.h describes). Used for
// the group structure, the pricing reference data and the chart of accounts.
//
// The chain is checked whole when the log is loaded at start-up (every record is read then
// anyway), and the hash of every version is kept in memory (32 bytes each), so that a reply
// can name the head of the version it used. Verify re-reads the log from disk.
#ifndef INTERCO_STORAGE_CHANGE_LOG_STORE_H_
#define INTERCO_STORAGE_CHANGE_LOG_STORE_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "rocksdb/write_batch.h"
#include "services/common/status_macros.h"
#include "services/common/versioned_registry.h"
#include "services/ledger/chained_family.h"
#include "storage/codec.h"
#include "storage/database.h"
#include "storage/family_chain.h"
#include "storage/rocksdb_status.h"
#include "storage/scoped_snapshot.h"

namespace interco::storage {

template <typename Change>
class ChangeLogStore final : public ChangeLog<Change>, public ledger::ChainedFamily {
 public:
  using Encoder = std::string (*)(const Change&);
  using Decoder = absl::StatusOr<Change> (*)(absl::string_view);

  // `database` must outlive the store; `name` names the family in hashes and messages.
  ChangeLogStore(Database* database, Family family, const char* name, Encoder encode,
                 Decoder decode)
      : database_(database), family_(family), name_(name), encode_(encode), decode_(decode) {}

  // One synced write, chained to the previous version: returns once the change is in the
  // WAL on disk. `version` must follow the head (the registry appends one at a time).
  absl::Status Append(uint64_t version, const Change& change) override {
    absl::MutexLock lock(&mu_);
    if (version != hashes_.size() + 1) {
      return absl::InternalError(absl::StrCat("appending ", name_, " version ", version,
                                              " after version ", hashes_.size()));
    }
    const std::string value = ChainValue(name_, version, Last(), encode_(change));
    ledger::Hash hash;
    std::copy(value.end() - kChainHashBytes, value.end(), hash.begin());
    rocksdb::WriteBatch batch;
    batch.Put(database_->family(family_), EncodeKey64(version), value);
    batch.Put(database_->family(Family::kDefault), ChainHeadKey(name_),
              EncodeChainHead(version, hash));
    rocksdb::WriteOptions write;
    write.sync = true;  // A success reply promises the change survives a crash.
    RETURN_IF_ERROR(
        database_->Commit(&batch, write, absl::StrCat("writing ", name_, " version ", version)));
    hashes_.push_back(hash);
    return absl::OkStatus();
  }

  // Every stored change in version order, after checking the whole chain. DATA_LOSS naming
  // the version and key if a record does not decode, does not match its hash or link, or
  // the versions are not 1, 2, 3, ... without gaps. Call once, before any Append.
  absl::StatusOr<std::vector<Change>> LoadAll() {
    std::vector<Change> changes;
    std::vector<ledger::Hash> hashes;
    RETURN_IF_ERROR(Scan(/*snapshot=*/nullptr, [&](uint64_t version, const ChainedValue& value) {
      absl::StatusOr<Change> change = decode_(value.content);
      if (!change.ok()) return change.status();
      changes.push_back(*std::move(change));
      hashes.push_back(value.hash);
      return absl::OkStatus();
    }, nullptr));
    const ledger::FamilyHead end{name_, hashes.size(), hashes.empty() ? ledger::Hash{} : hashes.back()};
    ASSIGN_OR_RETURN(const std::optional<std::string> problem, CompareRecordedHead(end, nullptr));
    if (problem.has_value()) return absl::DataLossError(*problem);
    absl::MutexLock lock(&mu_);
    hashes_ = std::move(hashes);
    return changes;
  }

  const std::string& name() const override { return name_; }

  ledger::FamilyHead Head() const override {
    absl::MutexLock lock(&mu_);
    return ledger::FamilyHead{name_, hashes_.size(), Last()};
  }

  absl::StatusOr<ledger::FamilyHead> HeadAt(uint64_t version) const override {
    absl::MutexLock lock(&mu_);
    if (version > hashes_.size()) {
      return absl::NotFoundError(absl::StrCat(name_, " version ", version, " does not exist; the last is ",
                                              hashes_.size()));
    }
    return ledger::FamilyHead{name_, version, version == 0 ? ledger::Hash{} : hashes_[version - 1]};
  }

  absl::StatusOr<ledger::FamilyCheck> Verify(
      const std::function<absl::Status()>& keep_going) const override {
    ledger::FamilyCheck check;
    check.family = name_;
    // The head first: the snapshot taken after it holds at least that many versions, and
    // the log and its recorded head are read on that one snapshot, whatever is appended.
    const uint64_t expected = Head().version;
    ScopedSnapshot snapshot(database_->db());
    ledger::Hash last{};
    const absl::Status scanned = Scan(
        snapshot.get(),
        [&](uint64_t version, const ChainedValue& value) {
          RETURN_IF_ERROR(keep_going());
          RETURN_IF_ERROR(decode_(value.content).status());
          check.versions_checked = version;
          last = value.hash;
          return absl::OkStatus();
        },
        &check);
    if (!check.ok) return check;
    RETURN_IF_ERROR(scanned);
    const ledger::FamilyHead end{name_, check.versions_checked, last};
    if (check.versions_checked < expected) {
      Fail(check, check.versions_checked + 1, EncodeKey64(check.versions_checked + 1),
           absl::StrCat("the log ends at version ", check.versions_checked, "; this server read ",
                        expected, " versions of it"));
    } else {
      ASSIGN_OR_RETURN(std::optional<std::string> problem, CompareRecordedHead(end, snapshot.get()));
      if (problem.has_value()) Fail(check, 0, ChainHeadKey(name_), *std::move(problem));
    }
    return check;
  }

 private:
  ledger::Hash Last() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return hashes_.empty() ? ledger::Hash{} : hashes_.back();
  }

  static void Fail(ledger::FamilyCheck& check, uint64_t version, absl::string_view key,
                   std::string problem) {
    check.ok = false;
    check.first_broken_version = version;
    check.key = absl::BytesToHexString(key);
    check.problem = std::move(problem);
  }

  // What is wrong when the head recorded beside the log is not `end`, the log's last
  // version as read; nullopt when they agree (or neither exists). A read that fails for
  // another reason than damage (I/O, busy) is an error, not a finding.
  absl::StatusOr<std::optional<std::string>> CompareRecordedHead(
      const ledger::FamilyHead& end, const rocksdb::Snapshot* snapshot) const {
    rocksdb::ReadOptions read;
    read.verify_checksums = true;
    read.snapshot = snapshot;
    std::string bytes;
    const rocksdb::Status found = database_->db()->Get(
        read, database_->family(Family::kDefault), ChainHeadKey(name_), &bytes);
    uint64_t version = 0;
    ledger::Hash hash{};
    if (found.IsNotFound()) {
      if (end.version == 0) return std::nullopt;
      return absl::StrCat("the ", name_, " log holds ", end.version,
                          " versions but its recorded head (key ", ChainHeadKey(name_),
                          ") is missing");
    }
    const absl::Status read_status =
        FromRocksDb(found, absl::StrCat("reading the head of the ", name_, " log"));
    if (absl::IsDataLoss(read_status)) return std::string(read_status.message());
    RETURN_IF_ERROR(read_status);
    if (const absl::Status decoded = DecodeChainHead(name_, bytes, &version, &hash); !decoded.ok()) {
      return std::string(decoded.message());
    }
    if (version != end.version || hash != end.hash) {
      return absl::StrCat("the ", name_, " log ends at version ", end.version,
                          " but its recorded head is version ", version,
                          version > end.version ? ": the versions after it were removed"
                                                : ": the log and its head disagree");
    }
    return std::nullopt;
  }

  // Reads the log (on `snapshot`, or as it is now if null) in version order, checking keys,
  // hashes and links, and calls `each` with
  // every record. Damage (a bad key, hash, link or record, or `each`'s DATA_LOSS) either
  // fills `*damage` and stops with OK, when given, or is returned as DATA_LOSS naming the
  // version and key.
  absl::Status Scan(const rocksdb::Snapshot* snapshot,
                    const std::function<absl::Status(uint64_t, const ChainedValue&)>& each,
                    ledger::FamilyCheck* damage) const {
    rocksdb::ReadOptions read;
    read.verify_checksums = true;
    read.fill_cache = false;  // One pass over the log: keep it out of the cache.
    read.snapshot = snapshot;
    std::unique_ptr<rocksdb::Iterator> it(
        database_->db()->NewIterator(read, database_->family(family_)));
    ledger::Hash previous{};
    uint64_t expected = 1;
    auto broken = [&](const std::string& key, const absl::Status& status) -> absl::Status {
      const std::string problem = absl::StrCat(name_, " log, key ", absl::BytesToHexString(key), ": ", status.message());
      if (damage == nullptr) return absl::DataLossError(problem);
      Fail(*damage, expected, key, std::string(status.message()));
      return absl::OkStatus();
    };
    for (it->SeekToFirst(); it->Valid(); it->Next(), ++expected) {
      const std::string key(ToView(it->key()));
      uint64_t version = 0;
      if (!DecodeKey64(key, &version) || version != expected) {
        return broken(key, absl::DataLossError(absl::StrCat(
                               "expected version ", expected, ": the log has a gap or a foreign key")));
      }
      absl::StatusOr<ChainedValue> value = OpenChainValue(name_, version, previous, ToView(it->value()));
      if (!value.ok()) return broken(key, value.status());
      const absl::Status done = each(version, *value);
      if (absl::IsDataLoss(done) || absl::IsInvalidArgument(done)) {
        return broken(key, absl::DataLossError(
                               absl::StrCat(name_, " version ", version, ": ", done.message())));
      }
      RETURN_IF_ERROR(done);
      previous = value->hash;
    }
    const absl::Status status = FromRocksDb(it->status(), absl::StrCat("reading the ", name_, " log"));
    if (absl::IsDataLoss(status) && damage != nullptr) {
      Fail(*damage, expected, EncodeKey64(expected), std::string(status.message()));
      return absl::OkStatus();
    }
    return status;
  }

  Database* const database_;
  const Family family_;
  const std::string name_;
  const Encoder encode_;
  const Decoder decode_;
  mutable absl::Mutex mu_;
  std::vector<ledger::Hash> hashes_ ABSL_GUARDED_BY(mu_);  // hashes_[v - 1]: version v's.
};

}  // namespace interco::storage

#endif  // INTERCO_STORAGE_CHANGE_LOG_STORE_H_
