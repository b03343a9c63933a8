#include "storage/structure_store.h"

#include <filesystem>

#include "gtest/gtest.h"
#include "services/group/test_structures.h"
#include "storage/codec.h"
#include "storage/structure_codec.h"

namespace interco::storage {
namespace {

using group::testing::AcquisitionOf;
using group::testing::Edge;
using group::testing::Entity;

// An acquisition with every optional part: NCI at fair value, two adjustments.
group::Acquisition FullAcquisition() {
  group::Acquisition acquisition =
      AcquisitionOf("P", "A", absl::CivilDay(2024, 1, 1), "1234567.89", "EUR");
  acquisition.nci_measurement = group::NciMeasurement::kFairValue;
  acquisition.nci_fair_value = *Decimal::Parse("250.5");
  acquisition.fair_value_adjustments = {{"1300", *Decimal::Parse("-40.25")},
                                        {"2000", *Decimal::Parse("7")}};
  return acquisition;
}

std::vector<group::StructureChange> Sample() {
  group::OwnershipEdge edge =
      Edge("P", "A", "0.123456789012", absl::CivilDay(1999, 12, 31), absl::CivilDay(2030, 1, 1));
  edge.voting_share = *Decimal::Parse("0.5");
  edge.explicit_control = true;
  group::OwnershipEdge open = Edge("A", "P", "0.01");
  open.cross_holding = true;
  group::LegalEntity changed = Entity("P", "EUR");
  changed.functional_currency_from = absl::CivilMonth(2024, 7);
  return {
      {"r1", Entity("P", "USD")},
      {"r2", group::Department{"D", "P", "Straße & Co"}},
      {"r3", group::Employee{"E", "P", "Ann"}},
      {"r4", edge},
      {"r5", open},
      {"r6", group::EndEdge{"A", "P", absl::CivilDay(2020, 1, 1), absl::CivilDay(2024, 2, 29)}},
      {"r7", changed},
      {"r8", FullAcquisition()},
      {"r9", AcquisitionOf("A", "P")},
  };
}

// Records written before currency histories existed: an entity is kind 1 with five strings,
// and reads back with one currency from the beginning. New undated upserts still write
// exactly these bytes.
TEST(StructureCodecTest, AnEntityOfEarlierReleasesReadsAsOneCurrencyFromTheBeginning) {
  Encoder old;
  old.PutU8(1);  // Format.
  old.PutString("r1");
  old.PutU8(1);  // Kind: entity.
  for (const char* field : {"P", "Entity P", "DE", "USD", ""}) old.PutString(field);
  absl::StatusOr<group::StructureChange> decoded = DecodeStructureChange(old.bytes());
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  const auto& entity = std::get<group::LegalEntity>(decoded->body);
  EXPECT_FALSE(entity.functional_currency_from.has_value());
  EXPECT_EQ(entity.FunctionalCurrencyIn(absl::CivilMonth(1900, 1)), "USD");
  EXPECT_EQ(EncodeStructureChange({"r1", Entity("P", "USD")}), old.bytes());
}

TEST(StructureCodecTest, ACurrencyStartThatIsNotAMonthIsDataLoss) {
  group::LegalEntity changed = Entity("P", "EUR");
  changed.functional_currency_from = absl::CivilMonth(2024, 7);
  std::string bytes = EncodeStructureChange({"r7", changed});
  Encoder mid_month;
  mid_month.PutDay(absl::CivilDay(2024, 7, 2));
  Encoder first;
  first.PutDay(absl::CivilDay(2024, 7, 1));
  ASSERT_EQ(mid_month.bytes().size(), first.bytes().size());
  bytes.replace(bytes.size() - first.bytes().size(), first.bytes().size(), mid_month.bytes());
  EXPECT_EQ(DecodeStructureChange(bytes).status().code(), absl::StatusCode::kDataLoss);
}

// The layout of kind 7, written out field by field: a change to it must be a new kind.
TEST(StructureCodecTest, AnAcquisitionHasItsOwnFixedLayout) {
  Encoder expected;
  expected.PutU8(1);  // Format.
  expected.PutString("r8");
  expected.PutU8(7);  // Kind: acquisition.
  expected.PutString("P");
  expected.PutString("A");
  expected.PutDay(absl::CivilDay(2024, 1, 1));
  expected.PutInt128(Decimal::Parse("1234567.89")->raw());
  expected.PutString("EUR");
  expected.PutString("1500");
  expected.PutU8(2);  // NCI at fair value.
  expected.PutU8(1);  // A fair value follows.
  expected.PutInt128(Decimal::Parse("250.5")->raw());
  expected.PutVarint(2);
  expected.PutString("1300");
  expected.PutInt128(Decimal::Parse("-40.25")->raw());
  expected.PutString("2000");
  expected.PutInt128(Decimal::FromUnits(7).raw());
  EXPECT_EQ(EncodeStructureChange({"r8", FullAcquisition()}), expected.bytes());
}

TEST(StructureCodecTest, AnAcquisitionWithAnUnknownNciByteOrTooManyAdjustmentsIsDataLoss) {
  const std::string bytes = EncodeStructureChange({"r9", AcquisitionOf("A", "P")});
  // Proportionate, no fair value, no adjustments: the last three bytes.
  ASSERT_EQ(bytes.substr(bytes.size() - 3), std::string("\x01\x00\x00", 3));
  for (const std::string& tail : {std::string("\x03\x00\x00", 3), std::string("\x01\x02\x00", 3),
                                  std::string("\x01\x00\xe9\x07", 4)}) {  // 1001 adjustments.
    const std::string corrupt = bytes.substr(0, bytes.size() - 3) + tail;
    EXPECT_EQ(DecodeStructureChange(corrupt).status().code(), absl::StatusCode::kDataLoss);
  }
}

TEST(StructureCodecTest, EveryKindRoundTrips) {
  for (const group::StructureChange& change : Sample()) {
    absl::StatusOr<group::StructureChange> decoded =
        DecodeStructureChange(EncodeStructureChange(change));
    ASSERT_TRUE(decoded.ok()) << decoded.status();
    EXPECT_TRUE(*decoded == change) << change.request_id;
  }
}

TEST(StructureCodecTest, TruncationTrailingBytesAndUnknownFormatAreDataLoss) {
  for (const group::StructureChange& change : Sample()) {
    const std::string bytes = EncodeStructureChange(change);
    for (size_t cut = 0; cut < bytes.size(); ++cut) {
      EXPECT_EQ(DecodeStructureChange(bytes.substr(0, cut)).status().code(),
                absl::StatusCode::kDataLoss);
    }
    EXPECT_EQ(DecodeStructureChange(bytes + "x").status().code(), absl::StatusCode::kDataLoss);
    std::string future = bytes;
    future[0] = 2;
    EXPECT_EQ(DecodeStructureChange(future).status().code(), absl::StatusCode::kDataLoss);
  }
}

TEST(StructureStoreTest, AppendedChangesSurviveReopen) {
  const std::string path = std::string(std::getenv("TEST_TMPDIR")) + "/structure";
  std::filesystem::remove_all(path);
  {
    auto database = Database::Open({.path = path});
    ASSERT_TRUE(database.ok());
    auto store = NewStructureStore(database->get());
    uint64_t version = 0;
    for (const auto& change : Sample()) ASSERT_TRUE(store->Append(++version, change).ok());
  }
  auto database = Database::Open({.path = path});
  ASSERT_TRUE(database.ok());
  auto store = NewStructureStore(database->get());
  absl::StatusOr<std::vector<group::StructureChange>> loaded = store->LoadAll();
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_TRUE(*loaded == Sample());
}

TEST(StructureStoreTest, AppendsOnlyTheNextVersion) {
  const std::string path = std::string(std::getenv("TEST_TMPDIR")) + "/gap";
  std::filesystem::remove_all(path);
  auto database = Database::Open({.path = path});
  ASSERT_TRUE(database.ok());
  auto store = NewStructureStore(database->get());
  ASSERT_TRUE(store->Append(1, Sample()[0]).ok());
  // A gap would break the chain: the store refuses to write it.
  EXPECT_EQ(store->Append(3, Sample()[1]).code(), absl::StatusCode::kInternal);
  EXPECT_EQ(store->Head().version, 1u);
}

TEST(CodecTest, VarintsSignedAndKeysRoundTrip) {
  Encoder out;
  for (int64_t v : {int64_t{0}, int64_t{-1}, int64_t{1} << 62, INT64_MIN, INT64_MAX}) {
    out.PutSigned(v);
  }
  Decoder in(out.bytes());
  for (int64_t v : {int64_t{0}, int64_t{-1}, int64_t{1} << 62, INT64_MIN, INT64_MAX}) {
    int64_t got = 0;
    ASSERT_TRUE(in.GetSigned(&got));
    EXPECT_EQ(got, v);
  }
  EXPECT_TRUE(in.Done());
  uint64_t key = 0;
  ASSERT_TRUE(DecodeKey64(EncodeKey64(0x0102030405060708), &key));
  EXPECT_EQ(key, 0x0102030405060708u);
  EXPECT_LT(EncodeKey64(255), EncodeKey64(256));
}

}  // namespace
}  // namespace interco::storage
