#include "storage/family_chain.h"

#include <string>

#include "gtest/gtest.h"

namespace interco::storage {
namespace {

TEST(FamilyChainTest, OpensWhatItChains) {
  const std::string first = ChainValue("chart", 1, ledger::Hash{}, "record one");
  absl::StatusOr<ChainedValue> one = OpenChainValue("chart", 1, ledger::Hash{}, first);
  ASSERT_TRUE(one.ok()) << one.status();
  EXPECT_EQ(one->content, "record one");
  const std::string second = ChainValue("chart", 2, one->hash, "record two");
  absl::StatusOr<ChainedValue> two = OpenChainValue("chart", 2, one->hash, second);
  ASSERT_TRUE(two.ok()) << two.status();
  EXPECT_EQ(two->previous, one->hash);
  EXPECT_NE(two->hash, one->hash);
}

TEST(FamilyChainTest, FindsEveryKindOfEdit) {
  const std::string value = ChainValue("structure", 3, ledger::Hash{}, "content");
  std::string edited = value;
  edited[0] ^= 1;  // The content.
  EXPECT_EQ(OpenChainValue("structure", 3, ledger::Hash{}, edited).status().code(),
            absl::StatusCode::kDataLoss);
  // The same bytes under another version, or in another family.
  EXPECT_EQ(OpenChainValue("structure", 4, ledger::Hash{}, value).status().code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(OpenChainValue("chart", 3, ledger::Hash{}, value).status().code(),
            absl::StatusCode::kDataLoss);
  // A record moved from another chain: its own hash holds, its link does not.
  ledger::Hash other{};
  other[0] = 1;
  const absl::Status relinked = OpenChainValue("structure", 3, other, value).status();
  EXPECT_EQ(relinked.code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(relinked.message().find("does not link to version 2"), absl::string_view::npos);
  // Too short to hold the hashes (an old, unchained record).
  EXPECT_EQ(OpenChainValue("structure", 1, ledger::Hash{}, "short").status().code(),
            absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace interco::storage
