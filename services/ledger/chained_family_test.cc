#include "services/ledger/chained_family.h"

#include "gtest/gtest.h"

namespace interco::ledger {
namespace {

Hash Filled(uint8_t byte) {
  Hash hash;
  hash.fill(byte);
  return hash;
}

TEST(CombineHeadsTest, DependsOnEveryPartAndItsOrder) {
  const ChainHead journal{7, Filled(1)};
  const FamilyHead structure{"structure", 3, Filled(2)};
  const FamilyHead chart{"chart", 4, Filled(3)};
  const Hash base = CombineHeads(journal, {structure, chart});
  EXPECT_EQ(base, CombineHeads(journal, {structure, chart}));  // Deterministic.
  EXPECT_NE(base, CombineHeads(journal, {chart, structure}));
  EXPECT_NE(base, CombineHeads(ChainHead{8, Filled(1)}, {structure, chart}));
  EXPECT_NE(base, CombineHeads(ChainHead{7, Filled(9)}, {structure, chart}));
  EXPECT_NE(base, CombineHeads(journal, {FamilyHead{"structure", 2, Filled(2)}, chart}));
  EXPECT_NE(base, CombineHeads(journal, {FamilyHead{"structure", 3, Filled(4)}, chart}));
  EXPECT_NE(base, CombineHeads(journal, {structure}));
  EXPECT_NE(base, Hash{});
}

TEST(CombineHeadsTest, NamesCannotRunIntoEachOther) {
  // "ab" + "c" must not hash as "a" + "bc": each name carries its length.
  const ChainHead journal{};
  EXPECT_NE(CombineHeads(journal, {FamilyHead{"ab", 0, {}}, FamilyHead{"c", 0, {}}}),
            CombineHeads(journal, {FamilyHead{"a", 0, {}}, FamilyHead{"bc", 0, {}}}));
}

}  // namespace
}  // namespace interco::ledger
