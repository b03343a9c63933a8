#include "storage/etcd/group_log.h"

#include <algorithm>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "zstd.h"
#include "services/common/field_error.h"
#include "services/common/status_macros.h"

namespace interco::storage {
namespace {

// DATA_LOSS (LOG_RECORD_DAMAGED): "etcd: log record <key> <what>".
absl::Status RecordDamaged(absl::string_view key, absl::string_view what) {
  return WithReason(absl::DataLossError(absl::StrCat("etcd: log record ", key, " ", what)),
                    "LOG_RECORD_DAMAGED");
}

constexpr absl::string_view kMagicRaw = "ICL1";  // The release before: batches as they are.
constexpr absl::string_view kMagic = "ICL2";     // Batches compressed with zstd.
constexpr int kZstdLevel = 1;
constexpr size_t kDigestBytes = sizeof(Sha256Digest);
constexpr size_t kHeaderBytes = 4 + 8 + 2 * kDigestBytes + 4;

std::string BigEndian64(uint64_t value) {
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i) {
    out[i] = static_cast<char>(value & 0xff);
    value >>= 8;
  }
  return out;
}

std::string BigEndian32(uint32_t value) { return BigEndian64(value).substr(4); }

uint32_t ReadBigEndian32(absl::string_view in) {
  uint32_t value = 0;
  for (int i = 0; i < 4; ++i) value = (value << 8) | static_cast<uint8_t>(in[i]);
  return value;
}

uint64_t ReadBigEndian64(absl::string_view in) {
  uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value = (value << 8) | static_cast<uint8_t>(in[i]);
  return value;
}

absl::string_view AsView(const Sha256Digest& digest) {
  return absl::string_view(reinterpret_cast<const char*>(digest.data()), digest.size());
}

Sha256Digest DigestFrom(absl::string_view bytes) {
  Sha256Digest digest{};
  std::copy(bytes.begin(), bytes.begin() + kDigestBytes, digest.begin());
  return digest;
}

std::string EncodeHead(const LogPosition& head) {
  return absl::StrCat(head.index, " ", absl::BytesToHexString(AsView(head.hash)));
}

absl::StatusOr<LogPosition> DecodeHead(absl::string_view key, absl::string_view value) {
  std::vector<absl::string_view> parts = absl::StrSplit(value, ' ');
  LogPosition head;
  std::string hash;
  if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &head.index) ||
      parts[1].size() != 2 * kDigestBytes ||
      !(hash = absl::HexStringToBytes(parts[1]), hash.size() == kDigestBytes)) {
    return absl::DataLossError(absl::StrCat("etcd: ", key, " is not a log head: \"",
                                            absl::CHexEscape(value.substr(0, 80)), "\""));
  }
  head.hash = DigestFrom(hash);
  return head;
}

}  // namespace

absl::StatusOr<Sha256Digest> LogRecordHash(uint64_t index, const Sha256Digest& previous,
                                           absl::string_view batch) {
  std::optional<Sha256Digest> hash =
      Sha256({"interco.log\n", BigEndian64(index), AsView(previous), batch});
  if (!hash.has_value()) return absl::ResourceExhaustedError("cannot hash a log record");
  return *hash;
}

std::string CompressBatch(absl::string_view batch) {
  std::string stored(ZSTD_compressBound(batch.size()), '\0');
  const size_t size =
      ZSTD_compress(stored.data(), stored.size(), batch.data(), batch.size(), kZstdLevel);
  // Cannot fail with a bound-sized buffer and a valid level.
  stored.resize(ZSTD_isError(size) ? 0 : size);
  return stored;
}

absl::StatusOr<std::string> DecompressBatch(absl::string_view key, absl::string_view stored) {
  const unsigned long long size = ZSTD_getFrameContentSize(stored.data(), stored.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN ||
      size > EtcdGroupLog::kCommitBytesMax) {
    return RecordDamaged(key, "does not decompress");
  }
  std::string batch(size, '\0');
  const size_t got = ZSTD_decompress(batch.data(), batch.size(), stored.data(), stored.size());
  if (ZSTD_isError(got) || got != size) {
    return RecordDamaged(key, "does not decompress");
  }
  return batch;
}

std::string EncodeLogRecord(const LogPosition& previous, const LogPosition& position,
                            uint32_t parts, absl::string_view stored) {
  std::string value;
  value.reserve(kHeaderBytes + stored.size());
  absl::StrAppend(&value, kMagic, BigEndian64(position.index), AsView(previous.hash),
                  AsView(position.hash), BigEndian32(parts), stored);
  return value;
}

absl::Status CheckRecordHash(absl::string_view key, const LogRecord& record,
                             const Sha256Digest& previous) {
  ASSIGN_OR_RETURN(const Sha256Digest hash,
                   LogRecordHash(record.position.index, previous, record.batch));
  if (hash != record.position.hash) {
    return RecordDamaged(key, "does not match its hash");
  }
  return absl::OkStatus();
}

absl::StatusOr<StoredRecord> DecodeLogRecord(absl::string_view key, absl::string_view value) {
  if (value.size() < kHeaderBytes ||
      (value.substr(0, 4) != kMagic && value.substr(0, 4) != kMagicRaw)) {
    return RecordDamaged(key, "does not decode");
  }
  StoredRecord stored;
  LogRecord& record = stored.record;
  record.position.index = ReadBigEndian64(value.substr(4, 8));
  stored.previous = DigestFrom(value.substr(12, kDigestBytes));
  record.position.hash = DigestFrom(value.substr(12 + kDigestBytes, kDigestBytes));
  stored.parts = ReadBigEndian32(value.substr(12 + 2 * kDigestBytes, 4));
  if (stored.parts > 0 && value.size() != kHeaderBytes) {
    return RecordDamaged(key, "has parts and an inline batch");
  }
  stored.compressed = value.substr(0, 4) == kMagic;
  if (stored.parts == 0) {
    if (stored.compressed) {
      ASSIGN_OR_RETURN(record.batch, DecompressBatch(key, value.substr(kHeaderBytes)));
    } else {
      record.batch = std::string(value.substr(kHeaderBytes));
    }
    RETURN_IF_ERROR(CheckRecordHash(key, record, stored.previous));
  }
  return stored;
}

EtcdGroupLog::EtcdGroupLog(EtcdLog* etcd, std::string group, std::string pod,
                           size_t record_bytes_max)
    : etcd_(etcd),
      group_(std::move(group)),
      pod_(std::move(pod)),
      record_bytes_max_(record_bytes_max),
      prefix_(absl::StrCat("/interco/groups/", group_, "/")) {}

std::string EtcdGroupLog::Key(absl::string_view name) const { return absl::StrCat(prefix_, name); }

std::string EtcdGroupLog::RecordKey(uint64_t index) const {
  return absl::StrFormat("%slog/%020d", prefix_, index);
}

std::string EtcdGroupLog::PartKey(uint64_t index, uint32_t part) const {
  return absl::StrFormat("%sparts/%020d/%06d", prefix_, index, part);
}

int64_t EtcdGroupLog::ReadCount() const {
  return std::max<int64_t>(1, kReadBytesMax / std::max<size_t>(1, record_bytes_max_));
}

absl::StatusOr<std::string> EtcdGroupLog::ReadParts(uint64_t index, uint32_t parts) {
  std::string batch;
  const int64_t count = ReadCount();  // Each part is up to one etcd request's size.
  for (uint32_t part = 0; part < parts;) {
    ASSIGN_OR_RETURN(auto found, etcd_->Range(PartKey(index, part), PartKey(index, parts), count));
    if (found.empty()) break;
    for (const auto& [key, value] : found) {
      if (key != PartKey(index, part)) {
        return WithReason(absl::DataLossError(absl::StrCat("etcd: part ", part, " of log record ",
                                                           index, " is missing")),
                          "LOG_RECORD_DAMAGED");
      }
      batch.append(value);
      ++part;
    }
    if (part < parts && static_cast<int64_t>(found.size()) < count) break;
  }
  if (batch.empty() && parts > 0) {
    return WithReason(absl::DataLossError(absl::StrCat("etcd: the parts of log record ", index,
                                                       " are missing")),
                      "LOG_RECORD_DAMAGED");
  }
  return batch;
}

absl::StatusOr<uint32_t> EtcdGroupLog::PutParts(const Fence& fence, uint64_t index,
                                                absl::string_view batch) {
  const size_t part_bytes = record_bytes_max_ - kHeaderBytes;
  uint32_t part = 0;
  for (size_t at = 0; at < batch.size(); at += part_bytes, ++part) {
    RETURN_IF_ERROR(etcd_->PutUnderOwner(
        fence, {{PartKey(index, part), std::string(batch.substr(at, part_bytes))}}));
  }
  return part;
}

absl::StatusOr<LogPosition> EtcdGroupLog::Head() {
  const std::string key = Key("head");
  ASSIGN_OR_RETURN(const std::optional<StoredValue> head, etcd_->Get(key));
  if (!head.has_value()) return LogPosition{};
  return DecodeHead(key, head->value);
}

absl::StatusOr<std::optional<std::string>> EtcdGroupLog::Owner() {
  ASSIGN_OR_RETURN(const std::optional<StoredValue> owner, etcd_->Get(Key("owner")));
  if (!owner.has_value()) return std::nullopt;
  return owner->value;
}

absl::StatusOr<std::vector<LogRecord>> EtcdGroupLog::ReadAfter(const LogPosition& from,
                                                              int64_t limit) {
  ASSIGN_OR_RETURN(auto found, etcd_->Range(RecordKey(from.index + 1), Key("log0"),
                                            std::clamp<int64_t>(limit, 1, ReadCount())));
  if (found.empty() || found.front().first != RecordKey(from.index + 1)) {
    RETURN_IF_ERROR(CheckNotTrimmed(from));
  }
  std::vector<LogRecord> records;
  records.reserve(found.size());
  LogPosition last = from;
  size_t bytes = 0;  // Read so far, records and parts: the rest waits for the next call.
  for (const auto& [key, value] : found) {
    if (!records.empty() && bytes >= kReadBytesMax) break;
    bytes += value.size();
    ASSIGN_OR_RETURN(StoredRecord stored, DecodeLogRecord(key, value));
    LogRecord& record = stored.record;
    if (stored.parts > 0) {
      ASSIGN_OR_RETURN(record.batch, ReadParts(record.position.index, stored.parts));
      bytes += record.batch.size();
      if (stored.compressed) {
        ASSIGN_OR_RETURN(record.batch, DecompressBatch(key, record.batch));
      }
      RETURN_IF_ERROR(CheckRecordHash(key, record, stored.previous));
    }
    const Sha256Digest& previous = stored.previous;
    if (record.position.index != last.index + 1 || previous != last.hash ||
        key != RecordKey(record.position.index)) {
      return WithReason(
          absl::DataLossError(absl::StrCat("etcd: log record ", key, " does not follow record ",
                                           last.index, " (a gap, or another chain)")),
          "LOG_CHAIN_BROKEN");
    }
    last = record.position;
    records.push_back(std::move(record));
  }
  return records;
}

absl::StatusOr<LogPosition> EtcdGroupLog::Claim(absl::Duration ttl) {
  ASSIGN_OR_RETURN(const int64_t lease, etcd_->GrantLease(ttl));
  absl::StatusOr<Fence> fence = etcd_->Claim(Key("owner"), pod_, lease, Key("head"));
  if (!fence.ok()) {
    etcd_->RevokeLease(lease).IgnoreError();  // Best effort: it lapses anyway.
    return fence.status();
  }
  // Nobody else appends now, so the head read is the head this owner appends after.
  const std::string head_key = Key("head");
  ASSIGN_OR_RETURN(const std::optional<StoredValue> head, etcd_->Get(head_key));
  const int64_t revision = head.has_value() ? head->mod_revision : 0;
  if (revision != fence->head_revision) {
    etcd_->RevokeLease(lease).IgnoreError();
    return absl::AbortedError(absl::StrCat("etcd: ", head_key, " moved while ", group_,
                                           " was being claimed; claim again"));
  }
  LogPosition position;
  if (head.has_value()) {
    ASSIGN_OR_RETURN(position, DecodeHead(head_key, head->value));
  }
  absl::MutexLock lock(&mu_);
  fence_ = *std::move(fence);
  lease_ = lease;
  appended_ = position;
  return position;
}

absl::Status EtcdGroupLog::KeepAlive() {
  int64_t lease;
  {
    absl::MutexLock lock(&mu_);
    if (!fence_.has_value()) return absl::NotFoundError("not the owner");
    lease = lease_;
  }
  absl::StatusOr<absl::Duration> left = etcd_->KeepAlive(lease);
  if (left.status().code() == absl::StatusCode::kNotFound) {
    absl::MutexLock lock(&mu_);
    fence_.reset();
  }
  return left.status();
}

absl::Status EtcdGroupLog::Release() {
  int64_t lease;
  {
    absl::MutexLock lock(&mu_);
    lease = lease_;
    lease_ = 0;
    fence_.reset();
  }
  if (lease == 0) return absl::OkStatus();
  absl::Status revoked = etcd_->RevokeLease(lease);
  // A lease that lapsed already is released.
  return revoked.code() == absl::StatusCode::kNotFound ? absl::OkStatus() : revoked;
}

bool EtcdGroupLog::owned() const {
  absl::MutexLock lock(&mu_);
  return fence_.has_value();
}

LogPosition EtcdGroupLog::appended() const {
  absl::MutexLock lock(&mu_);
  return appended_;
}

absl::StatusOr<LogPosition> EtcdGroupLog::Append(absl::string_view batch) {
  absl::MutexLock lock(&mu_);
  if (!fence_.has_value()) {
    return WithReason(absl::FailedPreconditionError(absl::StrCat(
                          "this pod does not own group ", group_, "; nothing was written")),
                      "FENCE_LOST");
  }
  LogRecord record;
  record.position.index = appended_.index + 1;
  ASSIGN_OR_RETURN(record.position.hash,
                   LogRecordHash(record.position.index, appended_.hash, batch));
  if (batch.size() > kCommitBytesMax) {
    // Refused before etcd sees it: certain, so the fence stays good.
    return LimitError(absl::StatusCode::kResourceExhausted, "commit_bytes_max",
                      absl::StrCat(kCommitBytesMax), "COMMIT_TOO_LARGE",
                      absl::StrCat("a commit of ", batch.size(),
                                   " bytes is more than the replicated log takes at once; "
                                   "nothing was written, send it in smaller parts"));
  }
  const std::string stored = CompressBatch(batch);
  uint32_t parts = 0;
  if (stored.size() + kHeaderBytes > record_bytes_max_) {
    absl::StatusOr<uint32_t> put = PutParts(*fence_, record.position.index, stored);
    if (!put.ok()) {
      fence_.reset();  // As for the record itself: claim afresh.
      return put.status();
    }
    parts = *put;
  }
  const std::string value =
      EncodeLogRecord(appended_, record.position, parts, parts == 0 ? stored : "");
  absl::Status appended = etcd_->Append(*fence_, {{RecordKey(record.position.index), value}},
                                        EncodeHead(record.position));
  if (!appended.ok()) {
    // Lost, or unknown: this fence is not used again; the owner must claim afresh (and
    // catch up from the log, which tells whether the record went in).
    fence_.reset();
    return appended;
  }
  appended_ = record.position;
  return record.position;
}

absl::StatusOr<uint64_t> EtcdGroupLog::LastTrimmed() {
  ASSIGN_OR_RETURN(const std::optional<StoredValue> trimmed, etcd_->Get(Key("trimmed")));
  uint64_t last_trimmed = 0;
  if (trimmed.has_value() && !absl::SimpleAtoi(trimmed->value, &last_trimmed)) last_trimmed = 0;
  return last_trimmed;
}

absl::Status EtcdGroupLog::CheckNotTrimmed(const LogPosition& from) {
  ASSIGN_OR_RETURN(const uint64_t last_trimmed, LastTrimmed());
  if (last_trimmed <= from.index) return absl::OkStatus();
  return WithReason(
      absl::FailedPreconditionError(absl::StrCat(
          "group ", group_, ": this copy holds the log up to record ", from.index,
          " but records up to ", last_trimmed,
          " were trimmed; restore the group from a checkpoint into this pod's data directory")),
      "LOG_TRIMMED");
}

absl::Status EtcdGroupLog::ReportApplied(uint64_t index) {
  return etcd_->Put(Key(absl::StrCat("applied/", pod_)), absl::StrCat(index));
}

absl::StatusOr<uint64_t> EtcdGroupLog::Trim(uint64_t keep) {
  ASSIGN_OR_RETURN(const auto reports, etcd_->Range(Key("applied/"), Key("applied0"), 10000));
  uint64_t held_by_all = appended().index;
  for (const auto& [key, value] : reports) {
    uint64_t index = 0;
    if (!absl::SimpleAtoi(value, &index)) continue;  // Not ours to judge: never trims past it.
    held_by_all = std::min(held_by_all, index);
  }
  ASSIGN_OR_RETURN(const uint64_t last_trimmed, LastTrimmed());
  if (held_by_all <= keep || held_by_all - keep <= last_trimmed) return last_trimmed;
  const uint64_t through = held_by_all - keep;
  // Said first, so that a reader that finds the records gone knows why.
  RETURN_IF_ERROR(etcd_->Put(Key("trimmed"), absl::StrCat(through)));
  RETURN_IF_ERROR(etcd_->DeleteRange(RecordKey(0), RecordKey(through + 1)).status());
  RETURN_IF_ERROR(etcd_->DeleteRange(absl::StrFormat("%sparts/%020d/", prefix_, 0),
                                     absl::StrFormat("%sparts/%020d/", prefix_, through + 1))
                      .status());
  return through;
}

}  // namespace interco::storage
