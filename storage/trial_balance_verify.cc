// RocksDbTrialBalanceStore::Verify: reads the whole trial-balance family on one snapshot.
// The import sequence records must run 1, 2, 3, ... without gaps, each whole and linked to
// the one before, each naming a version whose header and lines are present, match the
// digests recorded at import, decode and balance; the last must be the recorded head; and
// every header, lines and request record must belong to a version the chain recorded, so
// that nothing was added beside it either.
#include <functional>
#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "storage/codec.h"
#include "storage/family_chain.h"
#include "storage/rocksdb_status.h"
#include "storage/scoped_snapshot.h"
#include "storage/trial_balance_codec.h"
#include "storage/trial_balance_store.h"

namespace interco::storage {
namespace {

class TbVerifier {
 public:
  TbVerifier(const Database* database, const std::function<absl::Status()>& keep_going)
      : database_(database), snapshot_(database->db()), keep_going_(keep_going) {
    read_.snapshot = snapshot_.get();
    read_.verify_checksums = true;
    read_.fill_cache = false;  // One pass over the family: keep it out of the cache.
    check_.family = kTbChainFamily;
  }

  absl::StatusOr<ledger::FamilyCheck> Run(uint64_t expected_head) {
    RETURN_IF_ERROR(ScanChain());
    if (check_.ok && check_.versions_checked < expected_head) {
      Fail(check_.versions_checked + 1,
           std::string(1, kTbSequencePrefix) + EncodeKey64(check_.versions_checked + 1),
           absl::StrCat("the imports end at sequence ", check_.versions_checked,
                        "; this server recorded ", expected_head));
    }
    if (check_.ok) RETURN_IF_ERROR(CheckRecordedHead());
    for (char prefix : {kTbHeaderPrefix, kTbLinesPrefix, kTbRequestPrefix}) {
      if (check_.ok) RETURN_IF_ERROR(ScanBeside(prefix));
    }
    return check_;
  }

 private:
  void Fail(uint64_t sequence, absl::string_view key, std::string problem) {
    check_.ok = false;
    check_.first_broken_version = sequence;
    check_.key = absl::BytesToHexString(key);
    check_.problem = std::move(problem);
  }

  std::unique_ptr<rocksdb::Iterator> Prefixed(char prefix, std::string* lower, std::string* upper,
                                              rocksdb::Slice* lower_slice,
                                              rocksdb::Slice* upper_slice) {
    *lower = std::string(1, prefix);
    *upper = std::string(1, static_cast<char>(prefix + 1));
    *lower_slice = rocksdb::Slice(*lower);
    *upper_slice = rocksdb::Slice(*upper);
    rocksdb::ReadOptions bounded = read_;
    bounded.iterate_lower_bound = lower_slice;
    bounded.iterate_upper_bound = upper_slice;
    return std::unique_ptr<rocksdb::Iterator>(
        database_->db()->NewIterator(bounded, database_->family(Family::kTrialBalances)));
  }

  absl::Status ScanChain() {
    std::string lower, upper;
    rocksdb::Slice lower_slice, upper_slice;
    auto it = Prefixed(kTbSequencePrefix, &lower, &upper, &lower_slice, &upper_slice);
    for (it->SeekToFirst(); it->Valid() && check_.ok; it->Next()) {
      RETURN_IF_ERROR(keep_going_());
      const uint64_t expected = check_.versions_checked + 1;
      const std::string key(ToView(it->key()));
      uint64_t sequence = 0;
      if (!DecodeKey64(absl::string_view(key).substr(1), &sequence) || sequence != expected) {
        Fail(expected, key, absl::StrCat("expected import sequence ", expected,
                                         ": the sequence has a gap or a foreign key"));
        break;
      }
      RETURN_IF_ERROR(CheckLink(sequence, key, ToView(it->value())));
    }
    const absl::Status read = FromRocksDb(it->status(), "reading the trial balance imports");
    if (absl::IsDataLoss(read)) {
      Fail(check_.versions_checked + 1, "", std::string(read.message()));
      return absl::OkStatus();
    }
    return read;
  }

  // One import sequence record and the version it names. Damage fills check_.
  absl::Status CheckLink(uint64_t sequence, const std::string& key, absl::string_view value) {
    absl::StatusOr<ChainedValue> link = OpenChainValue(kTbChainFamily, sequence, previous_, value);
    absl::StatusOr<TbLink> parts = link.ok() ? ParseTbLinkContent(link->content)
                                             : absl::StatusOr<TbLink>(link.status());
    if (!parts.ok()) {
      Fail(sequence, key, std::string(parts.status().message()));
      return absl::OkStatus();
    }
    std::string header_value, lines_value;
    for (auto [prefix, out] : {std::pair{kTbHeaderPrefix, &header_value},
                               std::pair{kTbLinesPrefix, &lines_value}}) {
      const std::string record = std::string(1, prefix) + std::string(parts->suffix);
      const rocksdb::Status got = database_->db()->Get(
          read_, database_->family(Family::kTrialBalances), record, out);
      if (got.IsNotFound()) {
        Fail(sequence, record, absl::StrCat("import sequence ", sequence, " names a version whose ",
                                            prefix == kTbHeaderPrefix ? "header" : "lines",
                                            " record is missing"));
        return absl::OkStatus();
      }
      const absl::Status read = FromRocksDb(got, "reading a trial balance version");
      if (absl::IsDataLoss(read)) {  // A damaged block: an answer, not a failed call.
        Fail(sequence, record, absl::StrCat("import sequence ", sequence, ": ", read.message()));
        return absl::OkStatus();
      }
      RETURN_IF_ERROR(read);
    }
    absl::Status whole = CheckTbDigests(*parts, header_value, lines_value);
    if (whole.ok()) whole = CheckDecodes(sequence, header_value, lines_value);
    if (!whole.ok()) {
      // The key named is the record that differs (the header's when it no longer decodes).
      const char prefix = TbHeaderMatches(*parts, header_value) ? kTbLinesPrefix : kTbHeaderPrefix;
      Fail(sequence, std::string(1, prefix) + std::string(parts->suffix),
           absl::StrCat("import sequence ", sequence, ": ", whole.message()));
      return absl::OkStatus();
    }
    recorded_.insert(std::string(parts->suffix));
    previous_ = link->hash;
    check_.versions_checked = sequence;
    return absl::OkStatus();
  }

  static absl::Status CheckDecodes(uint64_t sequence, absl::string_view header_value,
                                   absl::string_view lines_value) {
    absl::StatusOr<trial_balance::TrialBalanceHeader> header = DecodeTbHeader(header_value);
    if (!header.ok()) return header.status();
    if (header->import_sequence != sequence) {
      return absl::DataLossError(
          absl::StrCat("its header names import sequence ", header->import_sequence));
    }
    absl::StatusOr<std::vector<trial_balance::TrialBalanceLine>> lines = DecodeTbLines(lines_value);
    if (!lines.ok()) return lines.status();
    return trial_balance::CheckStoredInvariants({*std::move(header), *std::move(lines)});
  }

  absl::Status CheckRecordedHead() {
    std::string bytes;
    const rocksdb::Status got = database_->db()->Get(
        read_, database_->family(Family::kDefault), ChainHeadKey(kTbChainFamily), &bytes);
    ledger::FamilyHead recorded{kTbChainFamily, 0, {}};
    if (!got.IsNotFound()) {
      const absl::Status read = FromRocksDb(got, "reading the trial balances' recorded head");
      if (absl::IsDataLoss(read)) {  // A damaged block: a finding, like every other here.
        Fail(0, ChainHeadKey(kTbChainFamily), std::string(read.message()));
        return absl::OkStatus();
      }
      RETURN_IF_ERROR(read);
      const absl::Status decoded =
          DecodeChainHead(kTbChainFamily, bytes, &recorded.version, &recorded.hash);
      if (!decoded.ok()) {
        Fail(0, ChainHeadKey(kTbChainFamily), std::string(decoded.message()));
        return absl::OkStatus();
      }
    }
    if (recorded.version != check_.versions_checked || recorded.hash != previous_) {
      Fail(check_.versions_checked + 1, ChainHeadKey(kTbChainFamily),
           absl::StrCat("the imports end at sequence ", check_.versions_checked,
                        " but the recorded head is sequence ", recorded.version));
    }
    return absl::OkStatus();
  }

  // Every record of `prefix` must belong to a version the chain recorded.
  absl::Status ScanBeside(char prefix) {
    std::string lower, upper;
    rocksdb::Slice lower_slice, upper_slice;
    auto it = Prefixed(prefix, &lower, &upper, &lower_slice, &upper_slice);
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      RETURN_IF_ERROR(keep_going_());
      const absl::string_view suffix =
          prefix == kTbRequestPrefix ? ToView(it->value()) : ToView(it->key()).substr(1);
      if (!recorded_.contains(suffix)) {
        Fail(0, ToView(it->key()),
             absl::StrCat("a ",
                          prefix == kTbRequestPrefix  ? "request"
                          : prefix == kTbLinesPrefix ? "lines"
                                                     : "header",
                          " record of a version no import recorded: added beside the chain"));
        return absl::OkStatus();
      }
    }
    const absl::Status read = FromRocksDb(it->status(), "reading the trial balance records");
    if (absl::IsDataLoss(read)) {
      Fail(0, "", std::string(read.message()));
      return absl::OkStatus();
    }
    return read;
  }

  const Database* const database_;
  ScopedSnapshot snapshot_;
  const std::function<absl::Status()>& keep_going_;
  rocksdb::ReadOptions read_;
  ledger::FamilyCheck check_;
  ledger::Hash previous_{};
  absl::flat_hash_set<std::string> recorded_;
};

}  // namespace

absl::StatusOr<ledger::FamilyCheck> RocksDbTrialBalanceStore::Verify(
    const std::function<absl::Status()>& keep_going) const {
  // The head first: the snapshot taken after it holds at least that much.
  const uint64_t expected = Head().version;
  TbVerifier verifier(database_, keep_going);
  return verifier.Run(expected);
}

}  // namespace interco::storage
