#include "services/cli/share_percent.h"

#include "gtest/gtest.h"

namespace interco::cli {
namespace {

TEST(SharePercentTest, DecimalsBecomePercentagesAndOtherTextStays) {
  EXPECT_EQ(SharePercent("0.8"), "80%");
  EXPECT_EQ(SharePercent("0.123"), "12.3%");
  EXPECT_EQ(SharePercent("0.333333333333"), "33.3333333333%");
  EXPECT_EQ(SharePercent("n/a"), "n/a");
}

}  // namespace
}  // namespace interco::cli
