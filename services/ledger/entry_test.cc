#include "services/ledger/entry.h"

#include "gtest/gtest.h"

namespace interco::ledger {
namespace {

TEST(HashHexTest, LowerCaseHexOfEveryByteInOrder) {
  Hash hash{};
  for (size_t i = 0; i < hash.size(); ++i) hash[i] = static_cast<uint8_t>(i * 8 + 7);
  EXPECT_EQ(HashHex(hash), "070f171f272f373f474f575f676f777f878f979fa7afb7bfc7cfd7dfe7eff7ff");
  EXPECT_EQ(HashHex(Hash{}), std::string(64, '0'));
}

}  // namespace
}  // namespace interco::ledger
