// The log record's encoding: compressed records ("ICL2") round-trip, records of the release
// before ("ICL1", the batch as it is) still decode, and damage is DATA_LOSS, never a batch.
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "storage/etcd/group_log.h"

namespace interco::storage {
namespace {

// A batch like a group commit's: keys that repeat, values that differ.
std::string Batch() {
  std::string batch(12, '\x01');
  for (int i = 0; i < 200; ++i) {
    absl::StrAppend(&batch, "entry/default/", 1000 + i, "=posting of A to B, EUR 100.", i, ";");
  }
  return batch;
}

LogRecord Record(uint64_t index, const Sha256Digest& previous, const std::string& batch) {
  LogRecord record;
  record.position.index = index;
  record.position.hash = *LogRecordHash(index, previous, batch);
  record.batch = batch;
  return record;
}

TEST(GroupLogCodecTest, ACompressedRecordRoundTripsAndIsSmaller) {
  const std::string batch = Batch();
  const LogRecord record = Record(1, Sha256Digest{}, batch);
  const std::string stored = CompressBatch(batch);
  EXPECT_LT(stored.size() * 3, batch.size());  // Repeating keys: a third or less.
  const std::string value = EncodeLogRecord(LogPosition{}, record.position, 0, stored);
  EXPECT_EQ(value.substr(0, 4), "ICL2");
  absl::StatusOr<StoredRecord> decoded = DecodeLogRecord("log/1", value);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->record.batch, batch);
  EXPECT_EQ(decoded->record.position.hash, record.position.hash);
  EXPECT_TRUE(decoded->compressed);
}

TEST(GroupLogCodecTest, ARecordOfTheReleaseBeforeStillDecodes) {
  const std::string batch = Batch();
  const LogRecord record = Record(7, Sha256Digest{}, batch);
  std::string value = EncodeLogRecord(LogPosition{}, record.position, 0, batch);
  value.replace(0, 4, "ICL1");  // What the release before wrote: the batch as it is.
  absl::StatusOr<StoredRecord> decoded = DecodeLogRecord("log/7", value);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->record.batch, batch);
  EXPECT_FALSE(decoded->compressed);
}

TEST(GroupLogCodecTest, DamageIsDataLossNamingTheKey) {
  const std::string batch = Batch();
  const LogRecord record = Record(3, Sha256Digest{}, batch);
  std::string stored = CompressBatch(batch);
  stored[stored.size() / 2] ^= 0x5a;
  const absl::StatusOr<StoredRecord> flipped =
      DecodeLogRecord("log/3", EncodeLogRecord(LogPosition{}, record.position, 0, stored));
  ASSERT_FALSE(flipped.ok());
  EXPECT_EQ(flipped.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(flipped.status().message().find("log/3"), std::string::npos);
  // Not zstd at all, and a frame claiming more than a commit may hold.
  EXPECT_EQ(DecompressBatch("k", "not zstd").status().code(), absl::StatusCode::kDataLoss);
  // Another record's hash: the right bytes under the wrong chain.
  const LogRecord other = Record(3, Sha256Digest{}, batch + "x");
  EXPECT_EQ(DecodeLogRecord("log/3", EncodeLogRecord(LogPosition{}, other.position, 0,
                                                      CompressBatch(batch)))
                .status()
                .code(),
            absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace interco::storage
