#include "services/cli/call.h"

#include "gtest/gtest.h"

namespace interco::cli {
namespace {

TEST(InFlagWordsTest, TheServersFieldPathsBecomeTheFlagsTheUserTyped) {
  EXPECT_EQ(InFlagWords("parent_id: no legal entity with this id (got \"X\")"),
            "--parent: no legal entity with this id (got \"X\")");
  EXPECT_EQ(InFlagWords("as_of_sequence: the ledger head is 8"), "--as-of: the ledger head is 8");
  EXPECT_EQ(InFlagWords("inventory_on_hand[1]: names an unknown entity"),
            "--inventory #2: names an unknown entity");
  EXPECT_EQ(InFlagWords("the server is draining"), "the server is draining");
  EXPECT_EQ(InFlagWords("periods: not a field we fill"), "periods: not a field we fill");
}

}  // namespace
}  // namespace interco::cli
