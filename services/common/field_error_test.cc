#include "services/common/field_error.h"

#include "gtest/gtest.h"

namespace interco {
namespace {

TEST(FieldErrorTest, NamesFieldAndValueInMessageAndDetail) {
  const absl::Status status = InvalidField("entity.jurisdiction", "XX", "UNKNOWN_COUNTRY",
                                           "not an ISO 3166-1 alpha-2 code");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "entity.jurisdiction: not an ISO 3166-1 alpha-2 code (got \"XX\")");
  const std::optional<ErrorDetail> detail = GetErrorDetail(status);
  ASSERT_TRUE(detail.has_value());
  EXPECT_EQ(detail->field, "entity.jurisdiction");
  EXPECT_EQ(detail->value, "XX");
  EXPECT_EQ(detail->reason, "UNKNOWN_COUNTRY");
}

TEST(FieldErrorTest, PrefixFieldNestsThePath) {
  const absl::Status status =
      PrefixField("edge", InvalidField("equity_share", "2", "", "must be in [0, 1]"));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(GetErrorDetail(status)->field, "edge.equity_share");
  EXPECT_EQ(GetErrorDetail(status)->value, "2");
  EXPECT_EQ(status.message(), "edge.equity_share: must be in [0, 1] (got \"2\")");
}

TEST(FieldErrorTest, PrefixFieldNamesAFieldlessError) {
  const absl::Status status =
      PrefixField("edge.equity_share", InvalidField("", "x", "INVALID_DECIMAL", "not a number"));
  EXPECT_EQ(GetErrorDetail(status)->field, "edge.equity_share");
  EXPECT_EQ(status.message(), "edge.equity_share: not a number (got \"x\")");
}

TEST(FieldErrorTest, RenameFieldRewritesDetailAndMessage) {
  const absl::Status status = RenameField(
      InvalidField("tested_unit_price.currency_code", "USD", "X", "must be EUR"),
      "tested_unit_price", "unit_price");
  EXPECT_EQ(GetErrorDetail(status)->field, "unit_price.currency_code");
  EXPECT_EQ(status.message(), "unit_price.currency_code: must be EUR (got \"USD\")");
  EXPECT_EQ(GetErrorDetail(RenameField(InvalidField("quantity", "0", "", "m"), "tested", "x"))
                ->field,
            "quantity");
}

TEST(FieldErrorTest, PlainStatusHasNoDetail) {
  EXPECT_FALSE(GetErrorDetail(absl::InternalError("x")).has_value());
  EXPECT_FALSE(GetErrorDetail(absl::OkStatus()).has_value());
}

TEST(FieldErrorTest, WithReasonLeavesOkAlone) {
  EXPECT_TRUE(WithReason(absl::OkStatus(), "X").ok());
  EXPECT_EQ(GetErrorDetail(WithReason(absl::AbortedError("a"), "X"))->reason, "X");
}

}  // namespace
}  // namespace interco
