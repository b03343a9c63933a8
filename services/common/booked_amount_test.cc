#include "services/common/booked_amount.h"

#include "gtest/gtest.h"
#include "services/common/field_error.h"

namespace interco {
namespace {

Decimal D(const char* text) { return *Decimal::Parse(text); }

TEST(BookedAmountTest, TenToTheSixteenEitherWayIsAcceptedAndOneCentMoreIsNot) {
  EXPECT_TRUE(CheckBookedAmount("f", D("10000000000000000")).ok());
  EXPECT_TRUE(CheckBookedAmount("f", D("-10000000000000000")).ok());
  const absl::Status refused = CheckBookedAmount("lines[2].balance", D("10000000000000000.01"));
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(GetErrorDetail(refused)->field, "lines[2].balance");
  EXPECT_EQ(GetErrorDetail(refused)->value, "10000000000000000.01");
  EXPECT_EQ(GetErrorDetail(refused)->reason, "AMOUNT_OUT_OF_RANGE");
}

TEST(BookedAmountTest, ATotalBeyondTheRangeNamesTheTotalNotALine) {
  EXPECT_TRUE(CheckBookedTotal("lines", "the debits", D("9999999999999999.99")).ok());
  const absl::Status refused =
      CheckBookedTotal("lines", "the debits at lines[3]", D("10000000000000500"));
  EXPECT_EQ(GetErrorDetail(refused)->value, "10000000000000500");
  EXPECT_EQ(GetErrorDetail(refused)->reason, "TOTAL_OUT_OF_RANGE");
  EXPECT_NE(refused.message().find("the debits at lines[3]: 10000000000000500, beyond"),
            absl::string_view::npos)
      << refused;
}

}  // namespace
}  // namespace interco
